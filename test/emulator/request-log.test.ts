import { getApi } from '../../src/apis';
import { ApiModule, Credentials } from '../../src/apis/types';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { describeApi } from '../../src/core/model';
import { send } from './support';

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
