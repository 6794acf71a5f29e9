import { RunningEmulator } from '../../src/emulator';
import { testEmulator } from '../support/emulator';
import { connect } from 'node:net';
import { getApi } from '../../src/apis';
import { ApiModule, Credentials, HuaweiCredentials, TencentCredentials } from '../../src/apis/types';
import { HttpRequest } from '../../src/engine/types';
import { describeApi } from '../../src/core/model';
import { huaweiSdkDate, signHuawei } from '../../src/signing/huawei';
import { signTc3 } from '../../src/signing/tc3';
import { signV2, v2StringToSign } from '../../src/signing/tencent-v2';
import { TEST_ENV } from '../support/emulator';

/** Requests to the emulator's four APIs, built by the clients or by hand with the signers alone. */

export const tencent: TencentCredentials = {
  cloud: 'tencent',
  secretId: TEST_ENV.TENCENTCLOUD_SECRET_ID,
  secretKey: TEST_ENV.TENCENTCLOUD_SECRET_KEY,
};
export const huawei: HuaweiCredentials = {
  cloud: 'huawei',
  accessKey: TEST_ENV.HW_ACCESS_KEY,
  secretKey: TEST_ENV.HW_SECRET_KEY,
};

/** A first page as the API's client builds it, signed with the test keys (or those given). */
export function request(
  url: string,
  api: ApiModule,
  options: { credentials?: Credentials; now?: Date; nonce?: number; limit?: number } = {},
): HttpRequest {
  return api.buildRequest(
    {},
    { offset: 0, limit: options.limit ?? 10 },
    {
      endpoint: new URL(url),
      credentials: options.credentials ?? (describeApi(api.name).cloud === 'tencent' ? tencent : huawei),
      region: 'ap-guangzhou',
      projectId: 'p1',
      now: options.now ?? new Date(),
      nonce: options.nonce ?? Math.floor(Math.random() * 1e9),
    },
  );
}

export interface Reply {
  readonly status: number;
  readonly date: string | null;
  readonly contentType: string | null;
  readonly text: string;
  /** The body read as JSON; undefined when it is not JSON. */
  readonly body: any;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function send(
  req: HttpRequest | { url: string; method: string; headers: Record<string, string>; body?: string },
): Promise<Reply> {
  const { Host: _host, host: _lower, ...headers } = req.headers as Record<string, string>;
  const response = await fetch(req.url, { method: req.method, headers, body: req.body });
  const text = await response.text();
  return {
    status: response.status,
    date: response.headers.get('date'),
    contentType: response.headers.get('content-type'),
    text,
    body: parsed(text),
  };
}

export const apiModule = getApi;

const TC3 = {
  'tencent-redis': { service: 'redis', action: 'DescribeTaskList', version: '2018-04-12' },
  'tencent-cdb': { service: 'cdb', action: 'DescribeTasks', version: '2017-03-20' },
} as const;

/** A TC3-signed API 3.0 call with this payload, signed by hand. */
export function tc3Call(
  url: string,
  api: keyof typeof TC3,
  payload: Record<string, unknown>,
  options: { now?: number } = {},
) {
  const { service, action, version } = TC3[api];
  const host = new URL(url).host;
  const body = JSON.stringify(payload);
  const timestamp = Math.floor((options.now ?? Date.now()) / 1000);
  const signed = { 'content-type': 'application/json', host };
  const signature = signTc3({
    secretId: tencent.secretId,
    secretKey: tencent.secretKey,
    service,
    method: 'POST',
    headers: signed,
    timestamp,
    payload: body,
  });
  return {
    url: `${url}/`,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: signature.authorization,
      'x-tc-action': action,
      'x-tc-version': version,
      'x-tc-timestamp': String(timestamp),
      'x-tc-region': 'ap-guangzhou',
    },
    body,
  };
}

/** A GetRedisTaskList call signed by hand (HmacSHA256); `common` replaces the common parameters it names. */
export function v2Call(url: string, params: Record<string, string>, common: Record<string, string> = {}) {
  const host = new URL(url).host;
  const all: Record<string, string> = {
    Action: 'GetRedisTaskList',
    Region: 'ap-guangzhou',
    Timestamp: String(Math.floor(Date.now() / 1000)),
    Nonce: String(1 + Math.floor(Math.random() * 1e9)),
    SecretId: tencent.secretId,
    SignatureMethod: 'HmacSHA256',
    limit: '10',
    offset: '0',
    ...params,
    ...common,
  };
  all.Signature = signV2(tencent.secretKey, v2StringToSign('GET', host, '/v2/index.php', all), 'HmacSHA256');
  const query = Object.entries(all)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  return { url: `${url}/v2/index.php?${query}`, method: 'GET', headers: {} as Record<string, string> };
}

/** A Huawei RDS tasklist call signed by hand; `query` is sent in this order, repeated names included. */
export function huaweiCall(url: string, query: [string, string][], options: { now?: number } = {}) {
  const host = new URL(url).host;
  const path = '/v3/p1/tasklist';
  const grouped: Record<string, string[]> = {};
  for (const [name, value] of query) (grouped[name] ??= []).push(value);
  const date = huaweiSdkDate(new Date(options.now ?? Date.now()));
  const signature = signHuawei({
    accessKey: huawei.accessKey,
    secretKey: huawei.secretKey,
    method: 'GET',
    path,
    query: grouped,
    headers: { host, 'x-sdk-date': date },
    body: '',
  });
  const raw = query
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  return {
    url: `${url}${path}${raw ? `?${raw}` : ''}`,
    method: 'GET',
    headers: { 'x-sdk-date': date, authorization: signature.authorization },
  };
}

/** A control-interface call: POST with a JSON body, or GET without one. */
export async function control(
  url: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}/_taskgate/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** Sends raw bytes on a fresh connection; resolves with everything answered before the server closed it. */
export function rawExchange(port: number, bytes: string | Buffer): Promise<string> {
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
export function parseRaw(answer: string): { status: number; contentType?: string; body: any } {
  const [head, ...rest] = answer.split('\r\n\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1]);
  const contentType = /^content-type: *(.*)$/im.exec(head)?.[1];
  return { status, contentType, body: JSON.parse(rest.join('\r\n\r\n')) };
}

/**
 * One emulator for a test file, accepting the test credentials: started before its tests, reset before
 * each, closed after them. `bind` receives it once started.
 */
export function useTestEmulator(bind: (emulator: RunningEmulator) => void): void {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await testEmulator();
    bind(emulator);
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());
}
