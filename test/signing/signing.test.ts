import * as fs from 'node:fs';
import * as path from 'node:path';
import { tencentRedis } from '../../src/apis/tencent-redis';
import { tencentCdb } from '../../src/apis/tencent-cdb';
import { tencentRedisV2 } from '../../src/apis/tencent-redis-v2';
import { huaweiRds } from '../../src/apis/huawei-rds';
import { signHuawei } from '../../src/signing/huawei';
import { signTc3 } from '../../src/signing/tc3';
import { signV2, v2StringToSign } from '../../src/signing/tencent-v2';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Sign = require('tencentcloud-sdk-nodejs-common/tencentcloud/common/sign').default as {
  sign3(options: Record<string, unknown>): string;
  sign(secretKey: string, stringToSign: string, method: string): string;
};

const vectors: Record<'tc3_hmac_sha256' | 'tencent_v2_hmac' | 'huawei_sdk_hmac_sha256', any[]> = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../../shared/vectors/signing.json'), 'utf8'),
);
const camel = (key: string) => key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

describe('published vectors', () => {
  it.each(vectors.tc3_hmac_sha256.map((c: any) => [c.source, c] as [string, any]))(
    'TC3: %s',
    (_source, c: any) => {
      const signature = signTc3({
        secretId: c.secret_id,
        secretKey: c.secret_key,
        service: c.service,
        method: c.method,
        headers: { 'Content-Type': c.content_type, Host: c.host },
        timestamp: c.timestamp,
        payload: c.payload,
      });
      for (const [key, value] of Object.entries(c.expect)) expect((signature as any)[camel(key)]).toBe(value);
    },
  );

  it.each(vectors.tencent_v2_hmac.map((c: any) => [c.source, c] as [string, any]))(
    'Tencent v2: %s',
    (_source, c: any) => {
      expect(signV2(c.secret_key, c.string_to_sign, c.signature_method)).toBe(c.expect.signature_base64);
      // The string to sign itself, rebuilt from its parameters (sorted, unencoded).
      const [prefix, query] = c.string_to_sign.split('?');
      const params = Object.fromEntries(query.split('&').map((pair: string) => pair.split('=')));
      expect(v2StringToSign('GET', 'cvm.api.qcloud.com', '/v2/index.php', params)).toBe(`${prefix}?${query}`);
    },
  );

  it.each(vectors.huawei_sdk_hmac_sha256.map((c: any) => [c.source, c] as [string, any]))(
    'Huawei: %s',
    (_source, c: any) => {
      const signature = signHuawei({
        accessKey: c.access_key,
        secretKey: c.secret_key,
        method: c.method,
        path: c.path,
        query: c.query,
        headers: { ...c.headers, host: c.host },
        body: c.body,
      });
      for (const [key, value] of Object.entries(c.expect)) expect((signature as any)[camel(key)]).toBe(value);
    },
  );
});

describe('cross-check with the official tencentcloud-sdk-nodejs-common', () => {
  const secretId = 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE';
  const secretKey = 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE';
  const payloads = [
    {},
    { InstanceId: 'crs-opcazbrb', Limit: 100, Offset: 0 },
    { InstanceName: '测试API专用', TaskTypes: ['FLOW_BACKUPINSTANCE'], Result: [0, 1] },
    { InstanceId: 'cdb-eb2w7dto', TaskStatus: [2, 3], StartTimeBegin: '2017-12-31 10:40:01' },
  ];
  const cases: [string, string, Record<string, unknown>][] = (['redis', 'cdb'] as const).flatMap((service) =>
    payloads.map((payload): [string, string, Record<string, unknown>] => [
      service,
      JSON.stringify(payload),
      payload,
    ]),
  );
  it.each(cases)('TC3 %s %s', (service, _text, payload) => {
    const host = `${service}.tencentcloudapi.com`;
    const timestamp = 1700000000;
    const theirs = Sign.sign3({
      method: 'POST',
      url: `https://${host}/`,
      payload,
      timestamp,
      service,
      secretId,
      secretKey,
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
    });
    const ours = signTc3({
      secretId,
      secretKey,
      service,
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', host },
      timestamp,
      payload: JSON.stringify(payload),
    });
    expect(ours.authorization).toBe(theirs);
  });

  it.each(['HmacSHA256', 'HmacSHA1'] as const)('v2 %s', (method) => {
    const text = v2StringToSign('GET', 'redis.api.qcloud.com', '/v2/index.php', {
      Action: 'GetRedisTaskList',
      redisName: '测试API专用',
      limit: '10',
      offset: '0',
      SignatureMethod: method,
    });
    expect(signV2(secretKey, text, method)).toBe(Sign.sign(secretKey, text, method));
  });
});

describe('the built requests verify, with a non-ASCII instance name, on every API', () => {
  const now = new Date('2026-11-24T03:00:00Z');
  const tencent = { cloud: 'tencent' as const, secretId: 'id-1', secretKey: 'key-1' };
  const huawei = { cloud: 'huawei' as const, accessKey: 'ak-1', secretKey: 'sk-1' };
  const endpoint = new URL('http://127.0.0.1:18080');
  const filter = { instanceName: '测试API专用', instanceId: 'crs-1' };

  it.each([tencentRedis, tencentCdb])(
    '%s: the TC3 signature covers the UTF-8 body and the Host with its port',
    (api) => {
      const request = api.buildRequest(
        api === tencentCdb ? { instanceId: 'cdb-1' } : filter,
        { offset: 0, limit: 100 },
        {
          endpoint,
          credentials: tencent,
          region: 'ap-guangzhou',
          now,
          nonce: 1,
        },
      );
      expect(request.headers.Host).toBe('127.0.0.1:18080');
      if (api === tencentRedis) expect(JSON.parse(request.body as string).InstanceName).toBe('测试API专用');
      const expected = signTc3({
        secretId: 'id-1',
        secretKey: 'key-1',
        service: api === tencentRedis ? 'redis' : 'cdb',
        method: 'POST',
        headers: { 'content-type': request.headers['Content-Type'], host: '127.0.0.1:18080' },
        timestamp: Math.floor(now.getTime() / 1000),
        payload: request.body as string,
      });
      expect(request.headers.Authorization).toBe(expected.authorization);
      expect(expected.credentialScope).toBe(
        `2026-11-24/${api === tencentRedis ? 'redis' : 'cdb'}/tc3_request`,
      );
    },
  );

  it('tencent-redis-v2: the signature is over the decoded values; the URL carries them percent-encoded', () => {
    const request = tencentRedisV2.buildRequest(
      filter,
      { offset: 110, limit: 40 },
      { endpoint, credentials: tencent, region: 'ap-guangzhou', now, nonce: 42 },
    );
    const url = new URL(request.url);
    expect(request.url).toContain('redisName=%E6%B5%8B%E8%AF%95API%E4%B8%93%E7%94%A8');
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({ offset: '110', limit: '40', Nonce: '42', redisName: '测试API专用' });
    const { Signature, ...signed } = params;
    expect(Signature).toBe(
      signV2('key-1', v2StringToSign('GET', '127.0.0.1:18080', '/v2/index.php', signed), 'HmacSHA256'),
    );
  });

  it('huawei-rds: the canonical query carries percent-encoded UTF-8', () => {
    const request = huaweiRds.buildRequest(
      { taskTypes: ['备份'] },
      { offset: 0, limit: 50 },
      {
        endpoint,
        credentials: huawei,
        projectId: 'p1',
        now,
        nonce: 1,
      },
    );
    const url = new URL(request.url);
    expect(url.search).toContain('name=%E5%A4%87%E4%BB%BD');
    const expected = signHuawei({
      accessKey: 'ak-1',
      secretKey: 'sk-1',
      method: 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: {
        'content-type': 'application/json',
        host: '127.0.0.1:18080',
        'x-sdk-date': '20261124T030000Z',
      },
      body: '',
    });
    expect(expected.canonicalRequest).toContain('name=%E5%A4%87%E4%BB%BD');
    expect(request.headers.Authorization).toBe(expected.authorization);
  });
});
