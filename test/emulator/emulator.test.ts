import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getApi } from '../../src/apis';
import { describeApi } from '../../src/model';
import { ApiModule, Credentials } from '../../src/apis/types';
import { HttpRequest } from '../../src/engine/types';
import { RunningEmulator, createEmulatorClock, loadScenarioFile, startEmulator } from '../../src/emulator';
import { testEmulator } from '../support/emulator';
import { huawei, request as buildRequest, send, tencent } from './support';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await testEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const request = (api: ApiModule, options: Parameters<typeof buildRequest>[2] = {}): HttpRequest =>
  buildRequest(emulator.url, api, options);

/** A control-interface call: POST with a JSON body, or GET without one. */
async function control(path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${emulator.url}/_taskgate/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const clockOf = async () => Date.parse((await control('health')).body.clock);

describe('timeline clock: freeze, resume, step, reset', () => {
  it('frozen, the clock stands still; resumed, it follows real time from where it stood', async () => {
    const frozen = await control('clock', { freeze: true });
    expect(frozen).toMatchObject({ status: 200, body: { clockFrozen: true, clockStepMs: 0 } });
    const at = Date.parse(frozen.body.clock);
    await pause(30);
    expect(await clockOf()).toBe(at);
    expect((await control('clock', { advance: '1h' })).body.clock).toBe(
      new Date(at + 3_600_000).toISOString(),
    );
    expect((await control('clock', { resume: true })).body.clockFrozen).toBe(false);
    await pause(30);
    const resumed = await clockOf();
    expect(resumed).toBeGreaterThan(at + 3_600_000);
    expect(resumed).toBeLessThan(at + 3_600_000 + 60_000);
  });

  it('a scenario that freezes the clock freezes it at the instant its tasks were placed', () => {
    // Real time moves 25 ms at every read, as on a busy machine: the frozen clock must not move with it.
    let real = Date.now();
    const spy = jest.spyOn(Date, 'now').mockImplementation(() => (real += 25));
    try {
      emulator.load({
        clock: { freeze: true, step: '1s' },
        tasks: [{ api: 'tencent-redis', type: 'FLOW_BACKUPINSTANCE', instanceId: 'crs-at', start: '-1s' }],
      });
    } finally {
      spy.mockRestore();
    }
    const [task] = emulator.store.all();
    expect(emulator.clock.now() - task.startAt).toBe(1000);
  });

  it('with a step, each API request sees the task one step further on, and 0s turns it off', async () => {
    await control('clock', { freeze: true, step: '1s' });
    await control('tasks', {
      api: 'tencent-redis',
      type: 'FLOW_BACKUPINSTANCE',
      instanceId: 'crs-step',
      start: '0s',
      runningFor: '10s',
    });
    const api = getApi('tencent-redis');
    const seen: string[] = [];
    for (let i = 0; i < 12; i++) {
      const [task] = (await send(request(api))).body.Response.Tasks;
      seen.push(`${task.Result}:${task.Progress}`);
    }
    expect(seen).toEqual([
      '1:0',
      '1:0.1',
      '1:0.2',
      '1:0.3',
      '1:0.4',
      '1:0.5',
      '1:0.6',
      '1:0.7',
      '1:0.8',
      '1:0.9',
      '2:1',
      '2:1',
    ]);
    // Control requests do not step.
    const at = await clockOf();
    expect(await clockOf()).toBe(at);
    expect((await control('clock', { step: '0s' })).body.clockStepMs).toBe(0);
    await send(request(api));
    expect(await clockOf()).toBe(at);
  });

  it('the step also moves a clock that follows real time, refused requests included', async () => {
    await control('clock', { step: '1h' });
    const before = await clockOf();
    await send(
      request(getApi('huawei-rds'), { credentials: { ...huawei, secretKey: 'wrong' } as Credentials }),
    );
    const after = await clockOf();
    expect(after - before).toBeGreaterThanOrEqual(3_600_000);
    expect(after - before).toBeLessThan(3_600_000 + 60_000);
  });

  it('a scenario sets the clock first, and its relative start times count from there', async () => {
    const loaded = await control('scenario', {
      clock: { set: '2030-01-01T08:00:00+08:00', freeze: true, step: '2s' },
      tasks: [{ api: 'tencent-cdb', type: '1', instanceId: 'cdb-1', start: '-5s', runningFor: '10s' }],
    });
    expect(loaded.status).toBe(201);
    expect((await control('health')).body).toMatchObject({
      ok: true,
      clock: '2030-01-01T00:00:00.000Z',
      clockFrozen: true,
      clockStepMs: 2000,
    });
    expect((await control('tasks')).body.tasks[0].startAt).toBe('2029-12-31T23:59:55.000Z');
  });

  it.each([
    [{ clock: { speed: 2 } }, /scenario\.clock has an unknown key "speed"/],
    [{ clock: { freeze: 'yes' } }, /scenario\.clock\.freeze must be true/],
    [{ clock: { freeze: true, resume: true } }, /cannot both freeze and resume/],
    [{ clock: { step: 'often' } }, /scenario\.clock\.step must be a duration/],
    [{ clock: { set: 'tomorrow' } }, /scenario\.clock\.set must be an ISO time/],
  ])('a bad scenario clock is a 400 naming the key: %j', async (scenario, message) => {
    const before = await control('health');
    const answer = await control('scenario', scenario);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(message);
    expect((await control('health')).body.clockFrozen).toBe(before.body.clockFrozen);
  });

  it('a bad clock request is a 400 and changes nothing', async () => {
    for (const body of [{}, { advance: 'soon' }, { freeze: true, tick: 1 }]) {
      const answer = await control('clock', body);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatch(/^clock( |\.)/);
    }
    expect((await control('health')).body.clockFrozen).toBe(false);
  });

  it('reset puts the clock back: following real time, no step, real now', async () => {
    await control('clock', { set: '2150-01-01T00:00:00Z', freeze: true, step: '5s' });
    expect((await control('reset', {})).status).toBe(200);
    const health = (await control('health')).body;
    expect(health).toMatchObject({ clockFrozen: false, clockStepMs: 0 });
    expect(Math.abs(Date.parse(health.clock) - Date.now())).toBeLessThan(60_000);
  });

  it('in process: the RunningEmulator clock freezes, steps, and reset() restores how it was started', async () => {
    const start = Date.parse('2031-05-01T00:00:00Z');
    const own = await startEmulator({ clock: createEmulatorClock({ start, frozen: true }) });
    try {
      own.clock.setStep(500);
      own.clock.advance(1000);
      expect(own.clock.mode()).toEqual({ frozen: true, stepMs: 500 });
      expect(own.clock.now()).toBe(start + 1000);
      own.clock.resume();
      expect(own.clock.mode().frozen).toBe(false);
      own.reset();
      expect(own.clock.mode()).toEqual({ frozen: true, stepMs: 0 });
      expect(own.clock.now()).toBe(start);
      own.load({ clock: { advance: '-1m', step: '1s' } });
      expect(own.clock.now()).toBe(start - 60_000);
      expect(own.clock.mode().stepMs).toBe(1000);
    } finally {
      await own.close();
    }
  });
});

/** A request with exactly these headers (Host included), as a browser or a rebound DNS name would send it. */
function controlWith(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
        port: emulator.port,
        method,
        path: `/_taskgate/${path}`,
        headers,
        timeout: 10_000,
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('no answer within 10s')));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

describe('control interface: only this machine, only same-origin writes', () => {
  const task = JSON.stringify({ api: 'tencent-redis', type: 't', instanceId: 'crs-guard' });

  it.each([
    'evil.example',
    `evil.example:${'PORT'}`,
    '127.0.0.1.nip.io:PORT',
    'localhost:1',
    '127.0.0.2:PORT',
    'localhost.:PORT',
  ])('Host %s is refused with 403 (DNS rebinding), reads and writes alike', async (host) => {
    const headers = { host: host.replace('PORT', String(emulator.port)) };
    const read = await controlWith('GET', 'requests', headers);
    expect(read.status).toBe(403);
    expect(read.body.error).toMatch(/Host header .*DNS rebinding/);
    const write = await controlWith(
      'POST',
      'tasks',
      { ...headers, 'content-type': 'application/json' },
      task,
    );
    expect(write.status).toBe(403);
    expect(emulator.store.all()).toHaveLength(0);
  });

  it('a request without a Host header is refused', async () => {
    const answer = parseRaw(await rawExchange(emulator.port, 'GET /_taskgate/health HTTP/1.0\r\n\r\n'));
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatch(/Host header is missing/);
  });

  it.each([
    '127.0.0.1:PORT',
    'localhost:PORT',
    '[::1]:PORT',
    '127.0.0.1',
    'localhost',
    '[::1]',
    'LocalHost:PORT',
  ])('Host %s is accepted', async (host) => {
    const answer = await controlWith('GET', 'health', { host: host.replace('PORT', String(emulator.port)) });
    expect(answer).toMatchObject({ status: 200, body: { ok: true } });
  });

  it.each([
    'https://evil.example',
    'null',
    'http://127.0.0.1:1',
    'https://127.0.0.1:PORT',
    'http://localhost.evil.example',
  ])('a write from Origin %s is refused with 403', async (origin) => {
    const answer = await controlWith(
      'POST',
      'tasks',
      {
        host: `127.0.0.1:${emulator.port}`,
        origin: origin.replace('PORT', String(emulator.port)),
        'content-type': 'application/json',
      },
      task,
    );
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatch(/^cross-origin write refused: Origin/);
    expect(emulator.store.all()).toHaveLength(0);
  });

  it('with an Origin, a write must be application/json (or carry no content-type)', async () => {
    const origin = `http://localhost:${emulator.port}`;
    const host = `localhost:${emulator.port}`;
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const answer = await controlWith('POST', 'tasks', { host, origin, 'content-type': type }, task);
      expect(answer.status).toBe(403);
      expect(answer.body.error).toMatch(/content-type: application\/json/);
    }
    expect(emulator.store.all()).toHaveLength(0);
    const json = await controlWith(
      'POST',
      'tasks',
      { host, origin, 'content-type': 'application/json; charset=utf-8' },
      task,
    );
    expect(json.status).toBe(201);
    const untyped = await controlWith('POST', 'tasks', { host, origin }, task);
    expect(untyped.status).toBe(201);
  });

  it('without an Origin (curl, scripts), any content-type is accepted', async () => {
    const host = `127.0.0.1:${emulator.port}`;
    for (const type of ['application/x-www-form-urlencoded', 'text/plain;charset=UTF-8']) {
      expect((await controlWith('POST', 'tasks', { host, 'content-type': type }, task)).status).toBe(201);
    }
  });

  it('the four APIs are not concerned: their requests are checked by signature', async () => {
    const answer = await send(request(getApi('tencent-redis')));
    expect(answer.body.Response.TotalCount).toBe(0);
  });
});

describe('bounds: what one request may ask, and what the emulator holds', () => {
  const redis = (extra: Record<string, unknown> = {}) => ({
    api: 'tencent-redis',
    type: 'FLOW_BACKUPINSTANCE',
    instanceId: 'crs-1',
    ...extra,
  });

  it.each([
    [
      'faults',
      /^faults\[0\]\.tasks must be a whole number from 1 to 1000$/,
      { kind: 'headInsert', tasks: 1e8 },
    ],
    [
      'faults',
      /^faults\[0\]\.tasks must be a whole number from 1 to 1000$/,
      { kind: 'headRemove', tasks: 0 },
    ],
    [
      'faults',
      /^faults\[0\]\.count must be a whole number from 1 to 10000$/,
      { kind: 'throttle', count: 1e9 },
    ],
    [
      'faults',
      /^faults\[0\]\.retryAfter must be seconds from 0 to 3600$/,
      { kind: 'throttle', retryAfter: 1e9 },
    ],
    ['faults', /^faults\[0\]\.ms must be at most 10m$/, { kind: 'delay', ms: '1h' }],
    ['faults', /^faults\[0\]\.ms must be at most 24h$/, { kind: 'skew', ms: '-25h' }],
    [
      'faults',
      /^faults may hold at most 1000 entries, not 1001$/,
      { faults: Array(1001).fill({ kind: 'reset' }) },
    ],
    ['tasks', /^tasks\[0\]\.runningFor must be at most 10 years/, redis({ runningFor: '87601h' })],
    [
      'tasks',
      /^tasks\[0\]\.pendingFor must be at most 10 years/,
      redis({ pendingFor: '9'.repeat(400) + 'h' }),
    ],
    ['tasks', /^tasks\[0\]\.start must be at most 10 years/, redis({ start: '-87601h' })],
    [
      'tasks',
      /^tasks\[0\]\.start must be from 2000-01-01T00:00:00Z to 2200/,
      redis({ start: '1999-12-31T23:59:59Z' }),
    ],
    ['tasks', /^tasks\[0\]\.message must be at most 1024 characters$/, redis({ message: 'm'.repeat(1025) })],
    ['tasks', /^tasks may hold at most 10000 entries, not 10001$/, { tasks: Array(10_001).fill(redis()) }],
    ['scenario', /^scenario\.tasks may hold at most 10000 entries/, { tasks: Array(10_001).fill(redis()) }],
    [
      'scenario',
      /^scenario\.credentials\.huawei may hold at most 100 entries/,
      { credentials: { huawei: Array(101).fill({ accessKey: 'a', secretKey: 'b' }) } },
    ],
    ['clock', /^clock\.advance must be at most 10 years \(87600h\)$/, { advance: '87601h' }],
    ['clock', /^clock\.advance must be at most 10 years \(87600h\)$/, { advance: '-87601h' }],
    [
      'clock',
      /^clock\.set must be from 2000-01-01T00:00:00Z to 2200-01-01T00:00:00Z$/,
      { set: '1999-12-31T23:59:59Z' },
    ],
    ['clock', /^clock\.set must be from 2000-01-01T00:00:00Z to 2200/, { set: '2200-01-01T00:00:01Z' }],
    [
      'clock',
      /^the time clock\.advance leads to must be from 2000/,
      { set: '2195-01-01T00:00:00Z', advance: '87600h' },
    ],
    ['clock', /^clock\.step must be at most 24h$/, { step: '25h' }],
  ])('POST /_taskgate/%s: a 400 with one line saying the limit, %s', async (path, message, body) => {
    const before = await control('health');
    const answer = await control(path, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(message);
    expect(answer.body.error).not.toMatch(/\n/);
    // Nothing changed.
    expect(emulator.store.all()).toHaveLength(0);
    expect(emulator.faults.list()).toHaveLength(0);
    expect((await control('health')).body.clockStepMs).toBe(before.body.clockStepMs);
  });

  it('the store holds at most 100000 tasks, and head inserts stop there', async () => {
    const batch = Array.from({ length: 10_000 }, () => redis());
    for (let i = 0; i < 10; i++) emulator.load({ tasks: batch });
    expect(emulator.store.all()).toHaveLength(100_000);
    const more = await control('tasks', redis());
    expect(more.status).toBe(400);
    expect(more.body.error).toBe(
      'the emulator holds at most 100000 tasks and has 100000: reset it or send fewer',
    );
    emulator.load({ faults: [{ kind: 'headInsert', tasks: 1000 }] });
    expect((await send(request(getApi('tencent-redis')))).body.Response.TotalCount).toBe(100_000);
    expect(emulator.store.all()).toHaveLength(100_000);
  });

  it('at most 1000 faults are armed at once', async () => {
    emulator.load({ faults: Array(1000).fill({ kind: 'reset', api: 'huawei-rds' }) });
    const more = await control('faults', { kind: 'throttle' });
    expect(more.status).toBe(400);
    expect(more.body.error).toMatch(/^at most 1000 faults can be armed at once/);
  });

  it('a fault of an identity service names a known service and a kind it takes', async () => {
    const refused = async (fault: Record<string, unknown>) => (await control('faults', fault)).body.error;
    expect(await refused({ kind: 'reset', service: 'aws-sts' })).toBe(
      'faults[0].service must be one of tencent-sts, tencent-metadata, huawei-iam, huawei-sts, huawei-metadata',
    );
    expect(await refused({ kind: 'reset', service: 'tencent-sts', api: 'tencent-redis' })).toBe(
      'faults[0] takes api or service, not both',
    );
    expect(await refused({ kind: 'throttle', service: 'huawei-iam' })).toBe(
      'faults[0].kind must be reset, delay, error5xx with a service',
    );
    // Scoped to a service, it never fires on the task APIs.
    emulator.load({ faults: [{ kind: 'error5xx', service: 'huawei-iam' }] });
    expect((await send(request(getApi('tencent-redis')))).status).toBe(200);
    expect(emulator.faults.list()).toHaveLength(1);
  });

  it('loading the same keys again and again keeps them once (no limit reached)', async () => {
    const own = await startEmulator();
    try {
      for (let i = 0; i < 2000; i++)
        own.load({ credentials: { tencent: [{ secretId: 'id', secretKey: 'key' }] } });
      const tooMany = Array.from({ length: 100 }, (_, i) => ({ secretId: `id-${i}`, secretKey: 'key' }));
      for (let i = 0; i < 9; i++)
        own.load({
          credentials: { tencent: tooMany.map((k) => ({ ...k, secretId: `${k.secretId}-${i}` })) },
        });
      expect(() => own.load({ credentials: { tencent: tooMany } })).toThrow(/at most 1000 tencent keys/);
    } finally {
      await own.close();
    }
  });

  it('a scenario file over 8 MiB is refused before it is read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'taskgate-scenario-'));
    try {
      const file = join(dir, 'big.json');
      writeFileSync(file, `{"description": "${'x'.repeat(8 * 1024 * 1024)}"}`);
      expect(() => loadScenarioFile(file)).toThrow(/is larger than 8 MiB$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a clock stepped to the end of its range stops there, and every API keeps answering', async () => {
    await control('tasks', redis({ start: '0s', runningFor: '1h' }));
    await control('clock', { set: '2199-12-31T00:00:00Z', freeze: true, step: '24h' });
    for (let i = 0; i < 3; i++) {
      for (const name of ['tencent-redis', 'tencent-redis-v2', 'tencent-cdb', 'huawei-rds'] as const) {
        const answer = await send(request(getApi(name)));
        expect({
          name,
          status: answer.status,
          ok: answer.body.code ?? answer.body.Response?.Error ?? 0,
        }).toEqual({
          name,
          status: 200,
          ok: 0,
        });
      }
    }
    expect((await control('health')).body.clock).toBe('2200-01-01T00:00:00.000Z');
    expect((await control('tasks')).body.tasks[0].state.phase).toBe('succeeded');
  });
});

describe('request log: no credentials, bounded, safe for a terminal', () => {
  const keys = {
    secretId: 'tg-log-secret-id-6120',
    secretKey: 'tg-log-secret-key-SHOULD-NEVER-PRINT-8842',
    token: 'tg-log-session-token-3307',
    accessKey: 'tg-log-hw-ak-5519',
    hwSecret: 'tg-log-hw-sk-SHOULD-NEVER-PRINT-7713',
    hwToken: 'tg-log-hw-security-token-9021',
  };
  let own: RunningEmulator;
  let lines: string[];
  beforeEach(async () => {
    lines = [];
    own = await startEmulator({
      credentials: {
        tencent: [{ secretId: keys.secretId, secretKey: keys.secretKey, token: keys.token }],
        huawei: [{ accessKey: keys.accessKey, secretKey: keys.hwSecret }],
      },
      log: (line) => lines.push(line),
      maxLoggedRequests: 5,
    });
  });
  afterEach(() => own.close());

  const ownRequest = (api: ApiModule, credentials: Credentials) =>
    api.buildRequest(
      {},
      { offset: 0, limit: 10 },
      {
        endpoint: new URL(own.url),
        credentials,
        region: 'ap-guangzhou',
        projectId: 'p1',
        now: new Date(),
        nonce: Math.floor(Math.random() * 1e9),
      },
    );
  /** A request routed to Tencent Redis with any JSON body; unsigned, so refused, but logged with its parameters. */
  const tc3Body = (body: unknown) =>
    fetch(`${own.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-tc-action': 'DescribeTaskList',
        'x-tc-version': '2018-04-12',
      },
      body: JSON.stringify(body),
    });

  it('holds no key id, key, token or signature, for any API, accepted or refused', async () => {
    const tencentKey: Credentials = {
      cloud: 'tencent',
      secretId: keys.secretId,
      secretKey: keys.secretKey,
      token: keys.token,
    };
    const huaweiKey: Credentials = {
      cloud: 'huawei',
      accessKey: keys.accessKey,
      secretKey: keys.hwSecret,
      securityToken: keys.hwToken,
    };
    const texts: string[] = [];
    for (const name of ['tencent-redis', 'tencent-redis-v2', 'tencent-cdb', 'huawei-rds'] as const) {
      const api = getApi(name);
      const key = describeApi(api.name).cloud === 'tencent' ? tencentKey : huaweiKey;
      const good = await send(ownRequest(api, key));
      expect(good.status).toBe(200);
      await send(ownRequest(api, { ...key, secretKey: 'wrong' } as Credentials));
      texts.push(JSON.stringify(own.requests()));
      own.reset();
    }
    // A client that puts credentials in the body, named or not.
    await tc3Body({
      SecretId: keys.secretId,
      Token: keys.token,
      InstanceName: `x${keys.accessKey}x`,
      Limit: 10,
    });
    const logged = await fetch(`${own.url}/_taskgate/requests`).then((r) => r.text());
    expect(logged).toContain('"InstanceName":"(redacted)"');
    for (const text of [...texts, logged, lines.join('\n')]) {
      for (const value of Object.values(keys)) expect(text).not.toContain(value);
      expect(text).not.toMatch(/"Signature"|"SecretId"|"Token"/);
    }
    expect(texts[1]).toMatch(/"Nonce":"\d+"/);
  });

  it('keeps the newest requests only, and seq keeps counting', async () => {
    for (let i = 0; i < 8; i++) await tc3Body({ Limit: i });
    const entries = own.requests();
    expect(entries.map((entry) => entry.seq)).toEqual([4, 5, 6, 7, 8]);
    expect(entries.map((entry) => entry.params?.Limit)).toEqual([3, 4, 5, 6, 7]);
    own.reset();
    await tc3Body({ Limit: 0 });
    expect(own.requests().map((entry) => entry.seq)).toEqual([9]);
  });

  it('bounds every logged value and the parameters of one request', async () => {
    const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`Key${i}`, 'v'.repeat(300)]));
    await tc3Body({
      InstanceId: 'i'.repeat(100_000),
      TaskTypes: Array(1000).fill('t'),
      Deep: { a: { b: { c: 1 } } },
      ...many,
    });
    const [entry] = own.requests();
    expect(entry.params?.InstanceId).toBe(`${'i'.repeat(200)}…`);
    expect(JSON.stringify(entry.params).length).toBeLessThanOrEqual(2200);
    expect(entry.params?.['…']).toBe('more parameters not logged');
    expect(lines[0].length).toBeLessThanOrEqual(401);
  });

  it('prints each request as one terminal-safe line', async () => {
    const hostile = '\u001b]0;owned\u0007\u001b[2J\u009b31m\u0085\u2028\u202eevil\r\nFAKE 200 ok\u007f';
    await tc3Body({ InstanceId: hostile, InstanceName: hostile });
    await fetch(`${own.url}/no/such/api`);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      // eslint-disable-next-line no-control-regex -- no control character may reach the terminal
      expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
      expect(line.length).toBeLessThanOrEqual(401);
    }
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT\S+ tencent-redis DescribeTaskList \{.*evil.*\} 200 refused: AuthFailure/,
    );
    expect(lines[1]).toMatch(/ 404 refused: no API at GET \/no\/such\/api$/);
  });
});

describe('control interface', () => {
  it('tasks move along their timelines as the clock advances', async () => {
    const created = await fetch(`${emulator.url}/_taskgate/tasks`, {
      method: 'POST',
      body: JSON.stringify({
        api: 'tencent-cdb',
        type: '1',
        instanceId: 'cdb-1',
        pendingFor: '10s',
        runningFor: '1m',
        outcome: 'failed',
        message: 'x',
      }),
    }).then((r) => r.json() as Promise<any>);
    expect(created.created[0].id).toMatch(/^\d+$/);
    const states: string[] = [];
    for (const step of ['0s', '30s', '1m']) {
      await fetch(`${emulator.url}/_taskgate/clock`, {
        method: 'POST',
        body: JSON.stringify({ advance: step }),
      });
      const tasks = await fetch(`${emulator.url}/_taskgate/tasks`).then((r) => r.json() as Promise<any>);
      states.push(tasks.tasks[0].state.phase);
    }
    expect(states).toEqual(['pending', 'running', 'failed']);
  });

  it('a bad scenario is a 400 naming the field', async () => {
    const response = await fetch(`${emulator.url}/_taskgate/scenario`, {
      method: 'POST',
      body: JSON.stringify({
        tasks: [{ api: 'tencent-redis', type: 't', instanceId: 'i', runningFor: 'soon' }],
      }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).error).toMatch(/tasks\[0\].runningFor must be a duration/);
  });

  it('keeps an idle connection longer than clients do, so that a reused one is never cut under a request', async () => {
    const answer = await fetch(`${emulator.url}/_taskgate/health`);
    await answer.arrayBuffer();
    // fetch drops idle connections after 4 s and Node's agent after 5 s: the server must outlast both.
    expect(answer.headers.get('keep-alive')).toBe('timeout=65');
  });

  it('close() ends even with a slow request in flight', async () => {
    const own = await startEmulator({
      credentials: { tencent: [{ secretId: tencent.secretId, secretKey: tencent.secretKey }] },
    });
    own.load({ faults: [{ kind: 'delay', ms: '1m' }] });
    const inFlight = fetch(`${own.url}/v2/index.php?Action=GetRedisTaskList`).catch((e: unknown) => e);
    // Bounded: the request is being held once the emulator has logged its delay.
    for (let i = 0; i < 300 && own.requests().length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(own.requests()[0].outcome).toBe('fault: delay 60000ms');
    const started = Date.now();
    await own.close();
    // Far below the minute the delay would hold the connection open.
    expect(Date.now() - started).toBeLessThan(10_000);
    // The client sees the connection end (fetch rejects with its own TypeError).
    expect(((await inFlight) as Error).name).toBe('TypeError');
  });
});

/** Sends raw bytes on a fresh connection; resolves with everything answered before the server closed it. */
function rawExchange(port: number, bytes: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no end of the answer within 10s; got ${JSON.stringify(answer.slice(0, 200))}`));
    }, 10_000);
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.end(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  });
}

/** The status and JSON body of a raw HTTP/1.1 answer. */
function parseRaw(answer: string): { status: number; contentType?: string; body: any } {
  const [head, ...rest] = answer.split('\r\n\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1]);
  const contentType = /^content-type: *(.*)$/im.exec(head)?.[1];
  return { status, contentType, body: JSON.parse(rest.join('\r\n\r\n')) };
}

describe('any request, however malformed, is answered on its own', () => {
  const HOST = 'Host: 127.0.0.1\r\n';
  const GARBAGE: [string, number, string][] = [
    ['a request target new URL() cannot read', 400, `GET //[ HTTP/1.1\r\n${HOST}\r\n`],
    [
      'a path that new URL() would read as a host (not the control interface)',
      404,
      `GET //_taskgate/reset HTTP/1.1\r\n${HOST}\r\n`,
    ],
    ['an asterisk target', 400, `GET * HTTP/1.1\r\n${HOST}\r\n`],
    ['an absolute-form target', 400, `GET http://example.com/_taskgate/health HTTP/1.1\r\n${HOST}\r\n`],
    ['brackets and braces in the path', 400, `GET /v2/index.php?a={}[] HTTP/1.1\r\n${HOST}\r\n`],
    ['an unknown method', 400, `BREW /pot HTTP/1.1\r\n${HOST}\r\n`],
    ['an escape sequence in the target', 400, `GET /\x1b[31m HTTP/1.1\r\n${HOST}\r\n`],
    ['a header line without a colon', 400, `GET / HTTP/1.1\r\n${HOST}no colon here\r\n\r\n`],
    ['a content-length that is not a number', 400, `POST / HTTP/1.1\r\n${HOST}Content-Length: abc\r\n\r\n`],
    ['a header of 64 KiB', 431, `GET / HTTP/1.1\r\n${HOST}X-Big: ${'a'.repeat(65536)}\r\n\r\n`],
    ['not HTTP at all (a TLS hello)', 400, '\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n'],
  ];

  it.each(GARBAGE)('%s: a JSON %i, and the next request is served', async (_name, status, bytes) => {
    const answer = parseRaw(await rawExchange(emulator.port, bytes));
    expect(answer).toMatchObject({ status, contentType: 'application/json' });
    expect(typeof answer.body.error).toBe('string');
    const health = await fetch(`${emulator.url}/_taskgate/health`);
    expect(health.status).toBe(200);
  });

  it('a body over 1 MiB is a 413 for that request alone', async () => {
    const body = 'x'.repeat(1024 * 1024 + 10);
    const bytes = `POST / HTTP/1.1\r\n${HOST}Content-Length: ${body.length}\r\n\r\n${body}`;
    const answer = parseRaw(await rawExchange(emulator.port, bytes));
    expect(answer).toMatchObject({ status: 413, contentType: 'application/json' });
    expect((await fetch(`${emulator.url}/_taskgate/health`)).status).toBe(200);
  });

  it('a connection dropped half-way through a request leaves the server serving', async () => {
    await rawExchange(
      emulator.port,
      `POST /_taskgate/tasks HTTP/1.1\r\n${HOST}Content-Length: 100\r\n\r\n{"api"`,
    );
    expect((await fetch(`${emulator.url}/_taskgate/health`)).status).toBe(200);
  });
});
