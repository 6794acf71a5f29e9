import { RunningEmulator, createEmulatorClock, startEmulator } from '../../src/emulator';
import { ApiName } from '../../src/core/model';
import { inProcess } from '../support/cli';
import { TEST_ENV } from '../support/emulator';

// One test per vendor error code (the seeds' error tables and the vendor facts, section 3): the
// emulator answers the first request with the code, in its service's own envelope and HTTP status;
// the CLI's exit code, the number of requests the API saw and the one line on stderr tell what taskgate
// made of it. Retried codes pass on the second request.

const ROLE = 'qcs::cam::uin/100000000001:roleName/taskgate-errors';
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({
    clock: createEmulatorClock({ frozen: true }),
    credentials: {
      tencent: [{ secretId: TEST_ENV.TENCENTCLOUD_SECRET_ID, secretKey: TEST_ENV.TENCENTCLOUD_SECRET_KEY }],
      huawei: [{ accessKey: TEST_ENV.HW_ACCESS_KEY, secretKey: TEST_ENV.HW_SECRET_KEY }],
    },
  });
});
afterAll(() => emulator.close());

const IDENTITY = {
  tencent: { roles: [ROLE] },
  huawei: { agencies: [{ agencyName: 'taskgate-agency', domainName: 'acme' }] },
};

async function run(api: ApiName, fault: Record<string, unknown>, env: Record<string, string> = {}) {
  emulator.reset();
  emulator.load({ identity: IDENTITY, faults: [{ kind: 'error', api, count: 1, ...fault }] });
  const instance = api === 'tencent-cdb' ? ['--instance-id', 'cdb-missing'] : [];
  const result = await inProcess(['list', '--api', api, ...instance], {
    TASKGATE_ENDPOINT: emulator.url,
    ...env,
  });
  const lines = result.stderr.split('\n').filter(Boolean);
  return {
    code: result.code,
    requests: emulator.requests().filter((entry) => entry.api === api).length,
    identityRequests: emulator.requests().filter((entry) => entry.api === undefined).length,
    line: lines.length === 1 ? lines[0] : lines.join(' | '),
  };
}

/** Passed on the second request, after one retry, which stderr reports. */
const RETRIED = [0, 2, /retrying in \d+ms \(attempt 2\)$/] as const;
/** Passed on the second request, the clock corrected from the answer's Date: nothing to report. */
const CORRECTED = [0, 2, /^$/] as const;
/** Not retried: exit 4 at once. */
const fatal = (line: RegExp) => [4, 1, line] as const;
/** Bad input: exit 2 at once. */
const input = (line: RegExp) => [2, 1, line] as const;

type Case = [string, Record<string, unknown>, readonly [number, number, RegExp]];

const TC3: Case[] = [
  ['RequestLimitExceeded', {}, RETRIED],
  ['RequestLimitExceeded.UinLimitExceeded', {}, RETRIED],
  ['ResourceUnavailable', {}, RETRIED],
  ['ResourceInUse', {}, RETRIED],
  ['ServiceUnavailable', {}, RETRIED],
  ['AuthFailure.SignatureExpire', {}, CORRECTED],
  ['AuthFailure.TokenFailure', {}, fatal(/refused the credentials \(AuthFailure\.TokenFailure\)/)],
  ['AuthFailure.SignatureFailure', {}, fatal(/refused the credentials \(AuthFailure\.SignatureFailure\)/)],
  ['AuthFailure.SecretIdNotFound', {}, fatal(/refused the credentials \(AuthFailure\.SecretIdNotFound\)/)],
  ['UnauthorizedOperation', {}, fatal(/refused the credentials \(UnauthorizedOperation\)/)],
  ['UnsupportedRegion', {}, input(/does not serve the region "ap-guangzhou" \(UnsupportedRegion\)/)],
  ['InvalidAction', {}, fatal(/^taskgate: http:\/\/127\.0\.0\.1:\d+ does not serve .* \(InvalidAction\)/)],
  ['InvalidParameter', {}, input(/refused a parameter \(InvalidParameter\)/)],
  ['InvalidParameterValue', {}, input(/refused a parameter \(InvalidParameterValue\)/)],
  ['MissingParameter', {}, input(/refused a parameter \(MissingParameter\)/)],
  ['ResourceNotFound', {}, input(/has no instance/)],
  ['InternalError', {}, fatal(/failed on its side \(InternalError\).*; try again later\./)],
  ['FailedOperation', {}, fatal(/failed on its side \(FailedOperation\)/)],
  ['gateway-5xx', {}, RETRIED],
  ['html-404', {}, fatal(/does not serve .* \(HTTP 404\)/)],
];

const CASES: [ApiName, Case[]][] = [
  [
    'tencent-redis',
    [
      ...TC3,
      // DescribeTaskList's own table
      ['FailedOperation.SystemError', {}, fatal(/\(FailedOperation\.SystemError\)/)],
      ['InternalError.DbOperationFailed', {}, fatal(/\(InternalError\.DbOperationFailed\)/)],
      ['InternalError.InternalError', {}, fatal(/\(InternalError\.InternalError\)/)],
      [
        'InvalidParameter.PermissionDenied',
        {},
        fatal(/refused the credentials \(InvalidParameter\.PermissionDenied\)/),
      ],
    ],
  ],
  [
    'tencent-cdb',
    [
      ...TC3,
      // DescribeTasks' own table
      ['CdbError', {}, fatal(/\(CdbError\)/)],
      [
        'InternalError.DatabaseAccessError',
        {},
        fatal(/\(InternalError\.DatabaseAccessError\).*check "cdb-missing"/),
      ],
      ['InternalError.DesError', {}, fatal(/\(InternalError\.DesError\)/)],
      [
        'InvalidParameter.InstanceNotFound',
        {},
        input(/has no instance "cdb-missing" \(InvalidParameter\.InstanceNotFound\)/),
      ],
      ['OperationDenied', {}, fatal(/\(OperationDenied\)/)],
      ['OperationDenied.WrongStatus', {}, fatal(/\(OperationDenied\.WrongStatus\)/)],
    ],
  ],
  [
    'tencent-redis-v2',
    [
      ['4000', {}, input(/refused a parameter \(4000\)/)],
      ['11201', {}, input(/refused a parameter \(11201\)/)],
      ['4100', {}, fatal(/refused the credentials \(4100\)/)],
      ['4104', {}, fatal(/refused the credentials \(4104\)/)],
      ['4105', {}, fatal(/refused the credentials \(4105\)/)],
      ['4200', {}, CORRECTED],
      ['4400', {}, RETRIED],
      ['4500', {}, RETRIED],
      ['5100', {}, RETRIED],
      ['6000', {}, RETRIED],
      ['6100', {}, fatal(/does not serve Tencent Cloud Redis v2 GetRedisTaskList \(6100\)/)],
      ['6200', {}, RETRIED],
      ['gateway-5xx', {}, RETRIED],
      ['html-404', {}, fatal(/does not serve .* \(HTTP 404\)/)],
    ],
  ],
  [
    'huawei-rds',
    [
      ['APIGW.0301', {}, fatal(/refused the credentials \(APIGW\.0301\)/)],
      ['APIGW.0303', {}, fatal(/refused the credentials \(APIGW\.0303\)/)],
      ['APIGW.0307', {}, fatal(/refused the credentials \(APIGW\.0307\)/)],
      ['APIGW.0302', {}, fatal(/refused the credentials \(APIGW\.0302\)/)],
      ['APIGW.0101', {}, fatal(/does not serve Huawei Cloud RDS tasklist \(APIGW\.0101\)/)],
      ['APIGW.0308', {}, RETRIED],
      ['APIG.0308', {}, RETRIED],
      ['DBS.280001', {}, input(/refused a parameter \(DBS\.280001\)/)],
      ['DBS.280001', { form: 'errCode' }, input(/refused a parameter \(DBS\.280001\)/)],
      ['DBS.200000', {}, RETRIED],
      ['gateway-5xx', {}, RETRIED],
      ['html-404', {}, fatal(/does not serve .* \(HTTP 404\)/)],
    ],
  ],
];

describe.each(CASES)('%s: every error code as the service sends it', (api, cases) => {
  it.each(cases)('%s %j', async (code, extra, [exit, requests, line]) => {
    const result = await run(api, { code, ...extra });
    expect(result).toMatchObject({ code: exit, requests });
    if (line.source === '^$') expect(result.line).toBe('');
    else expect(result.line).toMatch(new RegExp(`^taskgate: .*${line.source.replace(/^\^taskgate: /, '')}`));
  });
});

describe('a temporary token refused as expired is refreshed once', () => {
  it.each([
    [
      'tencent-redis',
      'AuthFailure.TokenFailure',
      { TENCENTCLOUD_ASSUME_ROLE_ARN: ROLE, TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: 'ci' },
    ],
    [
      'tencent-redis-v2',
      '4105',
      { TENCENTCLOUD_ASSUME_ROLE_ARN: ROLE, TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: 'ci' },
    ],
    [
      'huawei-rds',
      'APIGW.0301',
      { HW_ASSUME_ROLE_AGENCY_NAME: 'taskgate-agency', HW_ASSUME_ROLE_DOMAIN_NAME: 'acme' },
    ],
  ] as [ApiName, string, Record<string, string>][])(
    '%s %s: fresh credentials, one retry',
    async (api, code, env) => {
      const result = await run(api, { code }, env);
      expect(result).toMatchObject({ code: 0, requests: 2, identityRequests: 2, line: '' });
    },
  );

  it('refused again after the refresh: exit 4, no loop', async () => {
    const result = await run(
      'tencent-redis',
      { code: 'AuthFailure.TokenFailure', count: 5 },
      { TENCENTCLOUD_ASSUME_ROLE_ARN: ROLE, TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: 'ci' },
    );
    expect(result).toMatchObject({ code: 4, requests: 2 });
  });
});

describe("a clock off by more than the API's window is corrected from the answer's Date", () => {
  it.each(['tencent-redis', 'tencent-cdb', 'tencent-redis-v2', 'huawei-rds'] as ApiName[])(
    '%s',
    async (api) => {
      emulator.reset();
      // The server's clock 20 minutes ahead of ours: past TC3's 5, v2's and Huawei's 15.
      emulator.load({ faults: [{ kind: 'skew', ms: '20m' }] });
      const instance = api === 'tencent-cdb' ? ['--instance-id', 'cdb-1'] : [];
      const result = await inProcess(['list', '--api', api, ...instance], {
        TASKGATE_ENDPOINT: emulator.url,
      });
      expect(result).toMatchObject({ code: 0, stderr: '' });
      const log = emulator.requests().filter((entry) => entry.api === api);
      expect(log.map((entry) => entry.outcome)).toEqual([expect.stringMatching(/^refused: /), 'ok']);
    },
  );
});
