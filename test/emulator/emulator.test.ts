import { getApi } from '../../src/apis';
import { ApiModule, Credentials, HttpRequest } from '../../src/apis/types';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { TEST_ENV, testEmulator } from '../support/emulator';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await testEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const tencent: Credentials = {
  cloud: 'tencent',
  secretId: TEST_ENV.TENCENTCLOUD_SECRET_ID,
  secretKey: TEST_ENV.TENCENTCLOUD_SECRET_KEY,
};
const huawei: Credentials = {
  cloud: 'huawei',
  accessKey: TEST_ENV.HW_ACCESS_KEY,
  secretKey: TEST_ENV.HW_SECRET_KEY,
};

function request(
  api: ApiModule,
  options: { credentials?: Credentials; now?: Date; nonce?: number; limit?: number } = {},
): HttpRequest {
  return api.buildRequest(
    {},
    { offset: 0, limit: options.limit ?? 10 },
    {
      endpoint: new URL(emulator.url),
      credentials: options.credentials ?? (api.cloud === 'tencent' ? tencent : huawei),
      region: 'ap-guangzhou',
      projectId: 'p1',
      now: options.now ?? new Date(),
      nonce: options.nonce ?? Math.floor(Math.random() * 1e9),
    },
  );
}

async function send(req: HttpRequest) {
  const { Host: _host, ...headers } = req.headers as Record<string, string>;
  const response = await fetch(req.url, { method: req.method, headers, body: req.body });
  return {
    status: response.status,
    date: response.headers.get('date'),
    body: (await response.json()) as any,
  };
}

describe('signature checks, refused the way each service refuses', () => {
  const stale = () => new Date(Date.now() - 10 * 60_000);

  it('TC3: unknown SecretId, stale timestamp (with the server Date), bad signature', async () => {
    const api = getApi('tencent-redis');
    const unknown = await send(
      request(api, { credentials: { ...tencent, secretId: 'nobody' } as Credentials }),
    );
    expect(unknown.body.Response.Error.Code).toBe('AuthFailure.SecretIdNotFound');
    const expired = await send(request(api, { now: stale() }));
    expect(expired.body.Response.Error.Code).toBe('AuthFailure.SignatureExpire');
    expect(Math.abs(new Date(expired.date as string).getTime() - Date.now())).toBeLessThan(5000);
    const wrong = await send(
      request(api, { credentials: { ...tencent, secretKey: 'wrong' } as Credentials }),
    );
    expect(wrong.body.Response.Error.Code).toBe('AuthFailure.SignatureFailure');
    const tampered = request(api);
    const altered = await send({
      ...tampered,
      body: (tampered.body as string).replace('"Limit":10', '"Limit":11'),
    });
    expect(altered.body.Response.Error.Code).toBe('AuthFailure.SignatureFailure');
    expect((await send(request(api))).body.Response.TotalCount).toBe(0);
  });

  it('v2: code 4100 for a bad signature, 4200 for a stale timestamp, 4500 for a replayed nonce', async () => {
    const api = getApi('tencent-redis-v2');
    expect(
      (await send(request(api, { credentials: { ...tencent, secretKey: 'wrong' } as Credentials }))).body
        .code,
    ).toBe(4100);
    expect((await send(request(api, { now: stale() }))).body.code).toBe(4200);
    const once = request(api, { nonce: 424242 });
    expect((await send(once)).body.code).toBe(0);
    expect((await send(once)).body.code).toBe(4500);
  });

  it('Huawei: HTTP 401 with APIGW.0301 for a bad signature, APIGW.0303 for a stale X-Sdk-Date', async () => {
    const api = getApi('huawei-rds');
    const wrong = await send(request(api, { credentials: { ...huawei, secretKey: 'wrong' } as Credentials }));
    expect(wrong).toMatchObject({ status: 401, body: { error_code: 'APIGW.0301' } });
    const old = await send(request(api, { now: new Date(Date.now() - 20 * 60_000) }));
    expect(old).toMatchObject({ status: 401, body: { error_code: 'APIGW.0303' } });
  });

  it('every refusal is in the request log, without signatures or secrets', async () => {
    await send(
      request(getApi('tencent-redis-v2'), { credentials: { ...tencent, secretKey: 'wrong' } as Credentials }),
    );
    const [entry] = emulator.requests();
    expect(entry.outcome).toMatch(/^refused: 4100/);
    expect(JSON.stringify(entry)).not.toMatch(/"Signature"|SHOULD-NEVER-PRINT/);
  });
});

describe('documented limits', () => {
  it('Huawei limit over 50 is a 400; Tencent Limit over 100 is InvalidParameterValue', async () => {
    const hw = await send(request(getApi('huawei-rds'), { limit: 51 }));
    expect(hw.status).toBe(400);
    const tc = await send(request(getApi('tencent-redis'), { limit: 101 }));
    expect(tc.body.Response.Error.Code).toBe('InvalidParameterValue');
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

  it('close() ends even with a slow request in flight', async () => {
    const own = await startEmulator({
      credentials: { tencent: [{ secretId: tencent.secretId, secretKey: tencent.secretKey }] },
    });
    own.load({ faults: [{ kind: 'delay', ms: '1m' }] });
    const inFlight = fetch(`${own.url}/v2/index.php?Action=GetRedisTaskList`).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(1000);
    // The client sees the connection end (fetch rejects with its own TypeError).
    expect(((await inFlight) as Error).name).toBe('TypeError');
  });
});
