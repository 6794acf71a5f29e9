import { ROUTERS, RunningEmulator } from '../../src/emulator';
import { ApiName } from '../../src/core/model';
import { Reply, control, huaweiCall, send, tc3Call, v2Call, useTestEmulator } from './support';

// Every error the services send, produced by an `error` fault, in each API's own envelope and HTTP status.

let emulator: RunningEmulator;
useTestEmulator((started) => (emulator = started));

/** A valid, signed first page of the API. */
function call(api: ApiName): Promise<Reply> {
  switch (api) {
    case 'tencent-redis':
    case 'tencent-cdb':
      return send(tc3Call(emulator.url, api, {}));
    case 'tencent-redis-v2':
      return send(v2Call(emulator.url, {}));
    case 'huawei-rds':
      return send(huaweiCall(emulator.url, []));
  }
}

const codesOf = (api: ApiName) => ROUTERS.find((router) => router.api === api)?.errorCodes ?? [];

/** Tencent API 3.0's common codes that vendor-facts section 3 names: both Tencent 3.0 APIs answer each. */
const TENCENT3_REQUIRED = [
  'AuthFailure.SignatureExpire',
  'AuthFailure.TokenFailure',
  'UnsupportedRegion',
  'InvalidAction',
  'RequestLimitExceeded',
  'InternalError',
  'ResourceUnavailable',
  'ResourceInUse',
  'InvalidParameter',
  'InvalidParameterValue',
  'FailedOperation',
  'MissingParameter',
];
/** Each seed page's error table. */
const SEED_CODES: Partial<Record<ApiName, readonly string[]>> = {
  'tencent-redis': [
    'FailedOperation.SystemError',
    'InternalError.DbOperationFailed',
    'InternalError.InternalError',
    'InvalidParameter.PermissionDenied',
  ],
  'tencent-cdb': [
    'CdbError',
    'InternalError.DatabaseAccessError',
    'InternalError.DesError',
    'InvalidParameter',
    'InvalidParameter.InstanceNotFound',
    'OperationDenied',
    'OperationDenied.WrongStatus',
  ],
  'tencent-redis-v2': ['11201'],
};
/** v2: vendor-facts section 3's codes, all on HTTP 200. */
const V2_REQUIRED = ['4000', '4100', '4104', '4105', '4200', '4400', '4500', '5100', '6000', '6100', '6200'];
/** Huawei: each code's HTTP status, as the API gateway and RDS send it. */
const HUAWEI_STATUS: Record<string, number> = {
  'APIGW.0101': 404,
  'APIGW.0301': 401,
  'APIGW.0302': 403,
  'APIGW.0303': 401,
  'APIGW.0307': 401,
  'APIGW.0308': 429,
  'APIG.0308': 429,
  'DBS.200000': 500,
  'DBS.280001': 400,
};
const HTTP_LEVEL = ['gateway-5xx', 'html-404'];

describe('every code the seeds and the vendor facts name can be produced', () => {
  it.each([
    ['tencent-redis', [...TENCENT3_REQUIRED, ...SEED_CODES['tencent-redis']!, ...HTTP_LEVEL]],
    ['tencent-cdb', [...TENCENT3_REQUIRED, ...SEED_CODES['tencent-cdb']!, ...HTTP_LEVEL]],
    ['tencent-redis-v2', [...V2_REQUIRED, ...SEED_CODES['tencent-redis-v2']!, ...HTTP_LEVEL]],
    ['huawei-rds', [...Object.keys(HUAWEI_STATUS), ...HTTP_LEVEL]],
  ] as [ApiName, string[]][])('%s', (api, required) => {
    expect(required.filter((code) => !codesOf(api).includes(code))).toEqual([]);
  });

  it('Huawei lists exactly the codes whose status this suite checks', () => {
    expect([...codesOf('huawei-rds')].sort()).toEqual([...Object.keys(HUAWEI_STATUS), ...HTTP_LEVEL].sort());
  });
});

/** Arms one error fault over the control interface, as a user would. */
async function arm(fault: Record<string, unknown>): Promise<void> {
  expect(await control(emulator.url, 'faults', { kind: 'error', ...fault })).toMatchObject({ status: 201 });
}

const cases = (api: ApiName) =>
  codesOf(api)
    .filter((code) => !HTTP_LEVEL.includes(code))
    .map((code) => [api, code] as const);

describe('Tencent API 3.0 errors: HTTP 200 with Response.Error and a RequestId', () => {
  it.each([...cases('tencent-redis'), ...cases('tencent-cdb')])('%s %s', async (api, code) => {
    await arm({ api, code });
    const answer = await call(api);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('application/json');
    expect(answer.body).toEqual({
      Response: { Error: { Code: code, Message: expect.any(String) }, RequestId: expect.any(String) },
    });
    expect(answer.body.Response.Error.Message).not.toBe('');
    expect(emulator.requests().at(-1)).toMatchObject({ status: 200, outcome: `fault: error ${code}` });
    // It fired once: the next request is answered.
    expect((await call(api)).body.Response.TotalCount).toBe(0);
  });
});

describe('v2 errors: HTTP 200 with code, message and codeDesc', () => {
  it.each(cases('tencent-redis-v2'))('%s %s', async (api, code) => {
    await arm({ api, code });
    const answer = await call(api);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      code: Number(code),
      message: expect.any(String),
      codeDesc: expect.any(String),
    });
    expect(answer.body.codeDesc).not.toBe('');
    expect((await call(api)).body.code).toBe(0);
  });
});

describe('Huawei errors: their own HTTP status, in either body form', () => {
  it.each(cases('huawei-rds'))('%s %s', async (api, code) => {
    await arm({ api, code });
    const plain = await call(api);
    expect(plain.status).toBe(HUAWEI_STATUS[code]);
    expect(plain.body).toEqual({ error_code: code, error_msg: expect.any(String) });
    await arm({ api, code, form: 'errCode' });
    const other = await call(api);
    expect(other.status).toBe(HUAWEI_STATUS[code]);
    expect(other.body).toEqual({ errCode: code, errMsg: expect.any(String) });
    expect((await call(api)).status).toBe(200);
  });
});

describe('HTTP-level errors, the same for every API: not JSON', () => {
  const apis = ['tencent-redis', 'tencent-redis-v2', 'tencent-cdb', 'huawei-rds'] as const;

  it.each(apis)('%s: a gateway 5xx is an HTML page with the fault status', async (api) => {
    await arm({ api, code: 'gateway-5xx', status: 502 });
    const answer = await call(api);
    expect(answer.status).toBe(502);
    expect(answer.contentType).toBe('text/html');
    expect(answer.body).toBeUndefined();
    expect(answer.text).toContain('502 Bad Gateway');
  });

  it.each(apis)('%s: a wrong endpoint is an HTML 404', async (api) => {
    await arm({ api, code: 'html-404' });
    const answer = await call(api);
    expect(answer).toMatchObject({ status: 404, contentType: 'text/html', body: undefined });
  });

  it('without an api, an HTTP-level error fires on whichever API is called next', async () => {
    await arm({ code: 'html-404' });
    expect((await call('tencent-cdb')).status).toBe(404);
    expect((await call('tencent-cdb')).status).toBe(200);
  });

  it.each(['tencent-redis', 'tencent-redis-v2', 'tencent-cdb'] as const)(
    '%s: the error5xx fault is the gateway page too (API errors come on HTTP 200)',
    async (api) => {
      await control(emulator.url, 'faults', { kind: 'error5xx', api, status: 503 });
      const answer = await call(api);
      expect(answer).toMatchObject({ status: 503, contentType: 'text/html', body: undefined });
    },
  );

  it('tencent-sts, an API 3.0 service too: its error5xx fault is the gateway page', async () => {
    await control(emulator.url, 'faults', { kind: 'error5xx', service: 'tencent-sts', status: 502 });
    const answer = await send({
      url: `${emulator.url}/`,
      method: 'POST',
      headers: {
        'x-tc-action': 'AssumeRole',
        'x-tc-version': '2018-08-13',
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(answer).toMatchObject({ status: 502, contentType: 'text/html', body: undefined });
  });

  it('huawei-rds: the error5xx fault is the service error body with that status', async () => {
    await control(emulator.url, 'faults', { kind: 'error5xx', api: 'huawei-rds', status: 500 });
    const answer = await call('huawei-rds');
    expect(answer).toMatchObject({ status: 500, body: { error_code: 'DBS.200000' } });
  });
});

describe('error faults are checked before anything is armed', () => {
  it('a message replaces the code message', async () => {
    await arm({
      api: 'tencent-cdb',
      code: 'UnsupportedRegion',
      message: 'The region ap-nowhere is not served.',
    });
    expect((await call('tencent-cdb')).body.Response.Error).toEqual({
      Code: 'UnsupportedRegion',
      Message: 'The region ap-nowhere is not served.',
    });
  });

  it.each([
    [
      'a code of another API',
      { api: 'tencent-redis', code: 'CdbError' },
      /^faults\[0\]\.code "CdbError" is not a tencent-redis error; use one of .*FailedOperation\.SystemError.*, gateway-5xx, html-404$/,
    ],
    [
      'a v2 code for Huawei',
      { api: 'huawei-rds', code: '4100' },
      /is not a huawei-rds error; use one of APIGW\.0101/,
    ],
    [
      'an API code without an api',
      { code: 'InternalError' },
      /is not an error every API answers with \(name its "api"\); use one of gateway-5xx, html-404$/,
    ],
    ['no code', { api: 'tencent-cdb' }, /an error fault names the "code" to answer with/],
    [
      'a form Tencent has not',
      { api: 'tencent-cdb', code: 'InternalError', form: 'errCode' },
      /come in one form only/,
    ],
    [
      'an unknown Huawei form',
      { api: 'huawei-rds', code: 'APIGW.0301', form: 'xml' },
      /form must be one of error_code, errCode/,
    ],
    ['a code on another kind', { kind: 'throttle', code: 'InternalError' }, /only an error fault takes code/],
  ])('%s is a 400 naming the field, and arms nothing', async (_name, fault, message) => {
    const answer = await control(emulator.url, 'faults', { kind: 'error', ...fault });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(message);
    expect(emulator.faults.list()).toEqual([]);
  });

  it('a scenario with a bad error fault is refused whole', async () => {
    const answer = await control(emulator.url, 'scenario', {
      tasks: [{ api: 'tencent-cdb', type: '1', instanceId: 'cdb-1' }],
      faults: [{ kind: 'error', api: 'tencent-cdb', code: 'NoSuchCode' }],
    });
    expect(answer.status).toBe(400);
    expect(emulator.store.all()).toEqual([]);
  });
});
