import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getApi } from '../../src/apis';
import { ApiModule } from '../../src/apis/types';
import { HttpRequest } from '../../src/engine/types';
import { RunningEmulator, loadScenarioFile, startEmulator } from '../../src/emulator';
import { control as controlAt, request as buildRequest, send, useTestEmulator } from './support';

let emulator: RunningEmulator;
useTestEmulator((started) => (emulator = started));

const request = (api: ApiModule, options: Parameters<typeof buildRequest>[2] = {}): HttpRequest =>
  buildRequest(emulator.url, api, options);

/** A control-interface call: POST with a JSON body, or GET without one. */
const control = (path: string, body?: unknown) => controlAt(emulator.url, path, body);

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
