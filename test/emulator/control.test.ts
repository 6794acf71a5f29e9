import { request as httpRequest } from 'node:http';
import { getApi } from '../../src/apis';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { CHILD_LIMIT_MS } from '../support/children';
import { parseRaw, rawExchange, request, send, tencent, useTestEmulator } from './support';

// The control interface: who may reach it, what it changes, and how it holds its connections.

let emulator: RunningEmulator;
useTestEmulator((started) => (emulator = started));

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
    const answer = await send(request(emulator.url, getApi('tencent-redis')));
    expect(answer.body.Response.TotalCount).toBe(0);
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

  it.each([
    ['tencent-cdb', 'cancelled', 201, undefined],
    ['tencent-cdb', 'paused', 201, undefined],
    ['tencent-redis', 'running', 201, undefined],
    ['tencent-redis', 'cancelled', 400, 'succeeded, failed, running, not "cancelled"'],
    ['tencent-redis-v2', 'paused', 400, 'succeeded, failed, running, not "paused"'],
    ['huawei-rds', 'cancelled', 400, 'succeeded, failed, running, not "cancelled"'],
  ])('a %s task may end %s only if its router says so (%d)', async (api, outcome, status, choices) => {
    const response = await fetch(`${emulator.url}/_taskgate/tasks`, {
      method: 'POST',
      body: JSON.stringify({ api, type: '1', instanceId: 'i-1', outcome }),
    });
    expect(response.status).toBe(status);
    const body = (await response.json()) as any;
    if (choices !== undefined) return expect(body.error).toBe(`tasks[0].outcome must be one of ${choices}`);
    const kept = (await fetch(`${emulator.url}/_taskgate/tasks`).then((r) => r.json())) as any;
    expect(kept.tasks.map((task: any) => [task.id, task.outcome])).toEqual([[body.created[0].id, outcome]]);
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
    own.load({ faults: [{ kind: 'delay', ms: '10m' }] });
    const inFlight = fetch(`${own.url}/v2/index.php?Action=GetRedisTaskList`).catch((e: unknown) => e);
    // Bounded by the hang backstop: the request is being held once the emulator has logged its delay.
    for (
      const deadline = Date.now() + CHILD_LIMIT_MS;
      own.requests().length === 0 && Date.now() < deadline;
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(own.requests()[0].outcome).toBe('fault: delay 600000ms');
    const started = Date.now();
    await own.close();
    // A minute, room for any busy machine, far below the 10 minutes the delay would hold the connection open.
    expect(Date.now() - started).toBeLessThan(60_000);
    // The client sees the connection end (fetch rejects with its own TypeError).
    expect(((await inFlight) as Error).name).toBe('TypeError');
  });
});
