import { getApi } from '../../src/apis';
import { ApiModule, Credentials } from '../../src/apis/types';
import { HttpRequest } from '../../src/engine/types';
import { RunningEmulator } from '../../src/emulator';
import { describeApi } from '../../src/core/model';
import {
  huawei,
  huaweiCall,
  request as buildRequest,
  send,
  tc3Call,
  tencent,
  v2Call,
  useTestEmulator,
} from './support';

// How each service checks a request's signature, clock and common parameters, and refuses it its own way.

let emulator: RunningEmulator;
useTestEmulator((started) => (emulator = started));

const request = (api: ApiModule, options: Parameters<typeof buildRequest>[2] = {}): HttpRequest =>
  buildRequest(emulator.url, api, options);

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

  it('Huawei: HTTP 401 with APIGW.0301 for a bad signature and for an X-Sdk-Date over 15 minutes off', async () => {
    const api = getApi('huawei-rds');
    const wrong = await send(request(api, { credentials: { ...huawei, secretKey: 'wrong' } as Credentials }));
    expect(wrong).toMatchObject({ status: 401, body: { error_code: 'APIGW.0301' } });
    // Huawei's API signing FAQ: a clock over 15 minutes off is an IAM authentication failure, not APIGW.0303.
    for (const minutes of [-16, 16]) {
      const old = await send(huaweiCall(emulator.url, [], { now: Date.now() + minutes * 60_000 }));
      expect(old).toMatchObject({ status: 401, body: { error_code: 'APIGW.0301' } });
    }
    expect((await send(huaweiCall(emulator.url, [], { now: Date.now() - 14 * 60_000 }))).status).toBe(200);
  });

  it('TC3: AuthFailure.SignatureExpire beyond 5 minutes either way, on HTTP 200', async () => {
    for (const minutes of [-6, 6]) {
      const late = await send(
        tc3Call(emulator.url, 'tencent-cdb', {}, { now: Date.now() + minutes * 60_000 }),
      );
      expect(late).toMatchObject({
        status: 200,
        body: { Response: { Error: { Code: 'AuthFailure.SignatureExpire' } } },
      });
    }
    const near = await send(tc3Call(emulator.url, 'tencent-cdb', {}, { now: Date.now() - 4 * 60_000 }));
    expect(near.body.Response.Error).toBeUndefined();
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

describe('signatures follow the real clock (plus skew), not the task timeline', () => {
  /** True when the API accepted the request (its own way of saying so). */
  const accepted = (api: ApiModule, answer: { status: number; body: any }) =>
    api.name === 'tencent-redis-v2'
      ? answer.body.code === 0
      : describeApi(api.name).cloud === 'huawei'
        ? answer.status === 200
        : answer.body.Response?.Error === undefined;
  const apis = () =>
    (['tencent-redis', 'tencent-redis-v2', 'tencent-cdb', 'huawei-rds'] as const).map(getApi);
  const moveClock = (move: Record<string, string>) =>
    fetch(`${emulator.url}/_taskgate/clock`, { method: 'POST', body: JSON.stringify(move) });

  it.each([
    ['advanced two days', { advance: '48h' }],
    ['set back to 2001', { set: '2001-01-01T00:00:00Z' }],
    ['set to 2199', { set: '2199-06-01T00:00:00+08:00' }],
  ])(
    'timeline clock %s: valid requests are still accepted, the Date header is real time',
    async (_name, move) => {
      expect((await moveClock(move)).status).toBe(200);
      for (const api of apis()) {
        const answer = await send(request(api));
        expect({ api: api.name, accepted: accepted(api, answer), body: answer.body }).toMatchObject({
          accepted: true,
        });
        expect(Math.abs(new Date(answer.date as string).getTime() - Date.now())).toBeLessThan(60_000);
      }
    },
  );

  it('a skew fault still shifts the server clock (and its Date header) while the timeline is elsewhere', async () => {
    await moveClock({ advance: '48h' });
    emulator.load({ faults: [{ kind: 'skew', ms: '+30m' }] });
    const answer = await send(request(getApi('tencent-redis')));
    expect(answer.body.Response.Error.Code).toBe('AuthFailure.SignatureExpire');
    const offset = new Date(answer.date as string).getTime() - Date.now();
    expect(offset).toBeGreaterThan(29 * 60_000);
    expect(offset).toBeLessThan(31 * 60_000);
  });
});

describe('v2 Nonce and Timestamp: positive decimal integers, and a nonce is a number', () => {
  const code = async (common: Record<string, string>) => (await send(v2Call(emulator.url, {}, common))).body;

  it.each([
    ['a negative Nonce', { Nonce: '-7' }],
    ['a Nonce of letters', { Nonce: 'abc' }],
    ['a zero Nonce', { Nonce: '0' }],
    ['a hexadecimal Timestamp', { Timestamp: `0x${Math.floor(Date.now() / 1000).toString(16)}` }],
    ['a Timestamp in exponent form', { Timestamp: '1.7e9' }],
    ['a negative Timestamp', { Timestamp: '-1' }],
  ])('%s is refused as a bad parameter (4000, HTTP 200)', async (_name, common) => {
    const answer = await send(v2Call(emulator.url, {}, common));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ code: 4000, codeDesc: 'InvalidParameter' });
  });

  it('Nonce=07 after Nonce=7 is a replay (4500); a fresh nonce passes', async () => {
    expect(await code({ Nonce: '7' })).toMatchObject({ code: 0 });
    expect(await code({ Nonce: '07' })).toMatchObject({ code: 4500, codeDesc: 'ReplayAttack' });
    expect(await code({ Nonce: '0008' })).toMatchObject({ code: 0 });
    expect(await code({ Nonce: '8' })).toMatchObject({ code: 4500 });
  });

  it('a Timestamp over 5 minutes off is 4200', async () => {
    const stale = String(Math.floor(Date.now() / 1000) - 600);
    expect(await code({ Timestamp: stale })).toMatchObject({ code: 4200, codeDesc: 'RequestExpired' });
  });
});

describe('Huawei query parameters', () => {
  it.each(['1e1', '0x10', '-1', '10.0', ' 10', '0', '51'])(
    'limit=%s is a 400 with a Huawei error body',
    async (limit) => {
      const answer = await send(huaweiCall(emulator.url, [['limit', limit]]));
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ error_code: 'DBS.280001', error_msg: expect.stringContaining('limit') });
    },
  );

  it.each(['1e1', '0x10', '-1'])('offset=%s is a 400', async (offset) => {
    const answer = await send(huaweiCall(emulator.url, [['offset', offset]]));
    expect(answer).toMatchObject({ status: 400, body: { error_code: 'DBS.280001' } });
  });

  it('limit=10 and offset=0 in decimal pass', async () => {
    const answer = await send(
      huaweiCall(emulator.url, [
        ['limit', '10'],
        ['offset', '0'],
      ]),
    );
    expect(answer).toMatchObject({ status: 200, body: { total_count: 0 } });
  });

  it('a validly signed request with a repeated parameter is served, whatever order the values came in', async () => {
    for (const order of [
      [
        ['status', 'Running'],
        ['limit', '5'],
        ['status', 'Completed'],
      ],
      [
        ['status', 'Completed'],
        ['limit', '5'],
        ['status', 'Running'],
      ],
    ] as [string, string][][]) {
      const answer = await send(huaweiCall(emulator.url, order));
      expect({ order, status: answer.status }).toEqual({ order, status: 200 });
    }
  });

  it('a repeated parameter signed with one of its values only is refused (401 APIGW.0301)', async () => {
    const signed = huaweiCall(emulator.url, [['status', 'Running']]);
    const answer = await send({ ...signed, url: `${signed.url}&status=Failed` });
    expect(answer).toMatchObject({ status: 401, body: { error_code: 'APIGW.0301' } });
  });
});
