import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RunningEmulator, createEmulatorClock, startEmulator } from '../../src/emulator';
import { Io } from '../../src/cli/io';
import { run } from '../../src/cli/run';
import { cliProcess, inProcess } from '../support/cli';
import { ID_TOKEN, TEST_ENV, WEB_IDENTITY_TOKEN, childEnv, expectNoSecrets } from '../support/emulator';

/**
 * Every credential source of both clouds through the CLI, against the emulator's STS, IAM and
 * metadata services over loopback: which source wins, refresh across an expiry in a wait, a refresh
 * that fails, and no credential in any output or in the emulator's log.
 */

const ROLE = 'qcs::cam::uin/100000000001:roleName/taskgate-gate';
const CAM_ROLE = 'taskgate-cvm-role';
const NO_TENCENT_KEYS = { TENCENTCLOUD_SECRET_ID: undefined, TENCENTCLOUD_SECRET_KEY: undefined };
const NO_HUAWEI_KEYS = { HW_ACCESS_KEY: undefined, HW_SECRET_KEY: undefined };

let emulator: RunningEmulator;
const dirs: string[] = [];
/** Every stdout and stderr of the tests, scanned at the end. */
const outputs: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({
    // Frozen: issued credentials live on the timeline, and tests step it past their expiry.
    clock: createEmulatorClock({ frozen: true }),
    credentials: {
      tencent: [{ secretId: TEST_ENV.TENCENTCLOUD_SECRET_ID, secretKey: TEST_ENV.TENCENTCLOUD_SECRET_KEY }],
      huawei: [{ accessKey: TEST_ENV.HW_ACCESS_KEY, secretKey: TEST_ENV.HW_SECRET_KEY }],
    },
  });
  emulator.load({
    identity: {
      tencent: {
        roles: [ROLE],
        webIdentity: [{ providerId: 'OIDC', token: WEB_IDENTITY_TOKEN }],
        instanceRole: CAM_ROLE,
      },
      huawei: {
        agencies: [
          { agencyName: 'taskgate-agency', domainName: 'acme' },
          { agencyName: 'taskgate-agency', domainId: '0a1b2c3d4e5f' },
        ],
        identityProviders: [{ id: 'github-actions', token: ID_TOKEN }],
        instanceAgency: true,
      },
    },
  });
});
afterAll(async () => {
  expectNoSecrets(...outputs, JSON.stringify(emulator.requests()));
  await emulator?.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  emulator.reset();
  emulator.load({
    tasks: [
      { api: 'tencent-redis', id: '7', type: 'FLOW_BACKUPINSTANCE', instanceId: 'crs-1', start: '-1h' },
      { api: 'tencent-redis-v2', type: 'backupInstance', instanceId: 'crs-1', start: '-1h' },
      { api: 'tencent-cdb', id: '9', type: '1', instanceId: 'cdb-1', start: '-1h' },
      { api: 'huawei-rds', type: 'CreateBackup', instanceId: 'rds-1', start: '-1h' },
    ],
  });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-cred-'));
  dirs.push(dir);
  return dir;
}

async function list(api: string, env: Record<string, string | undefined>) {
  const result = await inProcess(['list', '--api', api, '--output', 'json'], {
    TASKGATE_ENDPOINT: emulator.url,
    TASKGATE_METADATA_ENDPOINT: emulator.url,
    ...env,
  });
  outputs.push(result.stdout, result.stderr);
  return result;
}

/** The emulator's log as `action status outcome` lines. */
const calls = () => emulator.requests().map((entry) => `${entry.action} ${entry.outcome}`);

describe('Tencent Cloud sources', () => {
  it('a tccli profile: the named profile in the shared credentials folder, with its region', async () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'ci.credential'),
      JSON.stringify({
        secretId: TEST_ENV.TENCENTCLOUD_SECRET_ID,
        secretKey: TEST_ENV.TENCENTCLOUD_SECRET_KEY,
      }),
    );
    fs.writeFileSync(
      path.join(dir, 'ci.configure'),
      JSON.stringify({ _sys_param: { region: 'ap-shanghai' } }),
    );
    const env = {
      ...NO_TENCENT_KEYS,
      TENCENTCLOUD_REGION: undefined,
      TENCENTCLOUD_SHARED_CREDENTIALS_DIR: dir,
    };
    const result = await list('tencent-cdb', { ...env, TENCENTCLOUD_PROFILE: 'ci' });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).total).toBe(1);
    // Without TENCENTCLOUD_PROFILE the profile is "default", which this folder does not hold.
    const missing = await list('tencent-cdb', { ...env, TENCENTCLOUD_REGION: 'ap-shanghai' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^taskgate: Tencent Cloud credentials are missing: .*TENCENTCLOUD_PROFILE/,
    );
  });

  it('the CVM instance role from the metadata service (TENCENTCLOUD_CAM_ROLE_NAME)', async () => {
    const result = await list('tencent-redis', { ...NO_TENCENT_KEYS, TENCENTCLOUD_CAM_ROLE_NAME: CAM_ROLE });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).total).toBe(1);
    expect(calls()).toEqual(['tencent-metadata cam/security-credentials ok', 'DescribeTaskList ok']);
  });

  it('STS AssumeRole with the static keys; the assumed credentials sign all three Tencent APIs', async () => {
    const env = { TENCENTCLOUD_ASSUME_ROLE_ARN: ROLE, TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: 'taskgate-ci' };
    for (const api of ['tencent-redis', 'tencent-redis-v2', 'tencent-cdb']) {
      const result = await list(api, env);
      expect({ api, stderr: result.stderr, code: result.code }).toEqual({ api, stderr: '', code: 0 });
    }
    expect(calls()).toEqual([
      'tencent-sts AssumeRole ok',
      'DescribeTaskList ok',
      'tencent-sts AssumeRole ok',
      'GetRedisTaskList ok',
      'tencent-sts AssumeRole ok',
      'DescribeTasks ok',
    ]);
    expect(emulator.requests()[0].params).toEqual({
      RoleArn: ROLE,
      RoleSessionName: 'taskgate-ci',
      DurationSeconds: 7200,
    });
  });

  it('AssumeRoleWithWebIdentity from a token file, with no keys at all', async () => {
    const file = path.join(tempDir(), 'token');
    fs.writeFileSync(file, `${WEB_IDENTITY_TOKEN}\n`);
    const result = await list('tencent-redis', {
      ...NO_TENCENT_KEYS,
      TENCENTCLOUD_ASSUME_ROLE_ARN: ROLE,
      TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: 'github-run-42',
      TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE: file,
    });
    expect(result.stderr).toBe('');
    expect(calls()).toEqual(['tencent-sts AssumeRoleWithWebIdentity ok', 'DescribeTaskList ok']);
  });

  it('precedence: keys before the profile, the CAM role over both, the assumed role over the CAM role', async () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'default.credential'),
      JSON.stringify({ secretId: 'profile-id', secretKey: 'profile-key' }),
    );
    const keysWin = await list('tencent-redis', { TENCENTCLOUD_SHARED_CREDENTIALS_DIR: dir });
    expect(keysWin.code).toBe(0);
    // The profile is used only when no key variable is set: its keys are unknown to the emulator.
    const profileUsed = await list('tencent-redis', {
      ...NO_TENCENT_KEYS,
      TENCENTCLOUD_SHARED_CREDENTIALS_DIR: dir,
    });
    expect(profileUsed.code).toBe(4);
    expect(profileUsed.stderr).toMatch(/AuthFailure\.SecretIdNotFound/);
    emulator.reset();
    const camOverKeys = await list('tencent-redis', {
      TENCENTCLOUD_SECRET_ID: 'wrong-id',
      TENCENTCLOUD_CAM_ROLE_NAME: CAM_ROLE,
    });
    expect(camOverKeys.code).toBe(0);
    emulator.reset();
    const roleOverCam = await list('tencent-redis', {
      ...NO_TENCENT_KEYS,
      TENCENTCLOUD_CAM_ROLE_NAME: CAM_ROLE,
      TENCENTCLOUD_ASSUME_ROLE_ARN: ROLE,
      TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: 'taskgate-ci',
    });
    expect(roleOverCam.code).toBe(0);
    // The instance role's keys sign the AssumeRole call; the assumed role's sign the listing.
    expect(calls()).toEqual([
      'tencent-metadata cam/security-credentials ok',
      'tencent-sts AssumeRole ok',
      'DescribeTaskList ok',
    ]);
  });

  it('refusals name the source and the variable, never a value', async () => {
    const noSession = await list('tencent-redis', { TENCENTCLOUD_ASSUME_ROLE_ARN: ROLE });
    expect(noSession.code).toBe(2);
    expect(noSession.stderr).toBe(
      'taskgate: TENCENTCLOUD_ASSUME_ROLE_ARN needs TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME (any name for the session).\n',
    );
    const unknownRole = await list('tencent-redis', {
      TENCENTCLOUD_ASSUME_ROLE_ARN: `${ROLE}-other`,
      TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: 'taskgate-ci',
    });
    expect(unknownRole.code).toBe(4);
    expect(unknownRole.stderr).toMatch(
      /^taskgate: could not get credentials from STS AssumeRole \(TENCENTCLOUD_ASSUME_ROLE_ARN\): Tencent Cloud STS AssumeRole refused a parameter \(InvalidParameter\.RoleNotExist\)/,
    );
    expect(unknownRole.stderr).not.toContain(ROLE);
    const noRole = await list('tencent-redis', {
      ...NO_TENCENT_KEYS,
      TENCENTCLOUD_CAM_ROLE_NAME: 'not-bound',
    });
    expect(noRole.code).toBe(4);
    expect(noRole.stderr).toMatch(/the CVM instance role \(TENCENTCLOUD_CAM_ROLE_NAME\).*HTTP 404/);
    const badDuration = await list('tencent-redis', {
      TENCENTCLOUD_ASSUME_ROLE_ARN: ROLE,
      TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: 'x1',
      TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION: 'an hour',
    });
    expect(badDuration.stderr).toBe(
      'taskgate: TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION must be a whole number of seconds such as 3600.\n',
    );
  });
});

describe('Huawei Cloud sources', () => {
  it('an hcloud profile named by HW_PROFILE, whose keys, region and project replace the variables', async () => {
    const file = path.join(tempDir(), 'config.json');
    const profile = {
      name: 'ci',
      mode: 'AKSK',
      accessKeyId: TEST_ENV.HW_ACCESS_KEY,
      secretAccessKey: TEST_ENV.HW_SECRET_KEY,
      region: 'cn-east-3',
      projectId: 'proj-from-profile',
    };
    fs.writeFileSync(
      file,
      JSON.stringify({ current: 'other', profiles: [{ name: 'other', mode: 'AKSK' }, profile] }),
    );
    const result = await list('huawei-rds', {
      HW_ACCESS_KEY: 'wrong-ak',
      HW_SHARED_CONFIG_FILE: file,
      HW_PROFILE: 'ci',
    });
    expect(result.stderr).toBe('');
    expect(emulator.requests()[0].params).toMatchObject({ project_id: 'proj-from-profile' });
    const unknown = await list('huawei-rds', { HW_SHARED_CONFIG_FILE: file, HW_PROFILE: 'nope' });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/has no profile "nope"; set HW_PROFILE/);
  });

  it('IAM assume_role of an agency with the static keys (HW_ASSUME_ROLE_AGENCY_NAME, _DOMAIN_NAME)', async () => {
    const result = await list('huawei-rds', {
      HW_ASSUME_ROLE_AGENCY_NAME: 'taskgate-agency',
      HW_ASSUME_ROLE_DOMAIN_NAME: 'acme',
    });
    expect(result.stderr).toBe('');
    expect(calls()).toEqual(['huawei-iam securitytokens ok', 'tasklist ok']);
    expect(emulator.requests()[0].params).toEqual({
      methods: ['assume_role'],
      agency_name: 'taskgate-agency',
      domain_name: 'acme',
    });
  });

  it('IAM v5 STS AssumeAgency of the agency URN when the account is named by id (HW_ASSUME_ROLE_DOMAIN_ID)', async () => {
    const result = await list('huawei-rds', {
      HW_ASSUME_ROLE_AGENCY_NAME: 'taskgate-agency',
      HW_ASSUME_ROLE_DOMAIN_ID: '0a1b2c3d4e5f',
      HW_ASSUME_ROLE_DURATION: '1800',
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(calls()).toEqual(['huawei-sts AssumeAgency ok', 'tasklist ok']);
    expect(emulator.requests()[0].params).toEqual({
      agency_urn: 'iam::0a1b2c3d4e5f:agency:taskgate-agency',
      duration_seconds: 1800,
    });
    // An agency of another account is refused by STS, and named; a bad duration never leaves the machine.
    const other = await list('huawei-rds', {
      HW_ASSUME_ROLE_AGENCY_NAME: 'taskgate-agency',
      HW_ASSUME_ROLE_DOMAIN_ID: 'ffff',
    });
    expect(other.code).toBe(4);
    expect(other.stderr).toMatch(
      /STS AssumeAgency \(HW_ASSUME_ROLE_AGENCY_NAME, HW_ASSUME_ROLE_DOMAIN_ID\).*STS\.0003/,
    );
    const requestsBefore = emulator.requests().length;
    const long = await list('huawei-rds', {
      HW_ASSUME_ROLE_AGENCY_NAME: 'taskgate-agency',
      HW_ASSUME_ROLE_DOMAIN_ID: '0a1b2c3d4e5f',
      HW_ASSUME_ROLE_DURATION: '2 hours',
    });
    expect(long.code).toBe(2);
    expect(long.stderr).toBe(
      'taskgate: HW_ASSUME_ROLE_DURATION must be a number of seconds from 900 to 43200.\n',
    );
    expect(emulator.requests()).toHaveLength(requestsBefore);
  });

  it('an OIDC ID token from a file exchanged at IAM (HW_ASSUME_ROLE_IDP_ID), with no keys', async () => {
    const file = path.join(tempDir(), 'id-token');
    fs.writeFileSync(file, ID_TOKEN);
    const result = await list('huawei-rds', {
      ...NO_HUAWEI_KEYS,
      HW_ASSUME_ROLE_IDP_ID: 'github-actions',
      HW_ASSUME_ROLE_ID_TOKEN_FILE: file,
    });
    expect(result.stderr).toBe('');
    expect(calls()).toEqual(['huawei-iam id-token/tokens ok', 'huawei-iam securitytokens ok', 'tasklist ok']);
  });

  it('the ECS agency from the metadata service, only when no keys are set', async () => {
    const withKeys = await list('huawei-rds', {});
    expect(withKeys.code).toBe(0);
    expect(calls()).toEqual(['tasklist ok']);
    emulator.reset();
    const result = await list('huawei-rds', NO_HUAWEI_KEYS);
    expect(result.stderr).toBe('');
    expect(calls()).toEqual(['huawei-metadata securitykey ok', 'tasklist ok']);
    // Not on an ECS (nothing answers): credentials are missing, exit 2 naming the variables.
    const missing = await list('huawei-rds', {
      ...NO_HUAWEI_KEYS,
      TASKGATE_METADATA_ENDPOINT: 'http://127.0.0.1:1',
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^taskgate: Huawei Cloud credentials are missing: set HW_ACCESS_KEY and HW_SECRET_KEY/,
    );
  });
});

describe('an identity service that fails', () => {
  it.each([
    [
      'tencent-sts',
      'tencent-redis',
      { TENCENTCLOUD_ASSUME_ROLE_ARN: ROLE, TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: 'flaky' },
      'tencent-sts AssumeRole',
      'DescribeTaskList ok',
    ],
    [
      'huawei-iam',
      'huawei-rds',
      { HW_ASSUME_ROLE_AGENCY_NAME: 'taskgate-agency', HW_ASSUME_ROLE_DOMAIN_NAME: 'acme' },
      'huawei-iam securitytokens',
      'tasklist ok',
    ],
    [
      'tencent-metadata',
      'tencent-redis',
      { ...NO_TENCENT_KEYS, TENCENTCLOUD_CAM_ROLE_NAME: CAM_ROLE },
      'tencent-metadata cam/security-credentials',
      'DescribeTaskList ok',
    ],
  ])(
    '%s: a 5xx and a dropped connection are retried like any request',
    async (service, api, env, call, listed) => {
      emulator.load({
        faults: [
          { kind: 'error5xx', service, status: 503 },
          { kind: 'reset', service },
        ],
      });
      const result = await list(api, env);
      expect(result.code).toBe(0);
      expect(calls()).toEqual([`${call} fault: reset`, `${call} fault: error5xx`, `${call} ok`, listed]);
      // Each retry names the source whose fetch failed, never a value.
      const retries = result.stderr.trim().split('\n');
      expect(retries).toHaveLength(2);
      for (const line of retries)
        expect(line).toMatch(/^taskgate: .*could not get credentials from .*retrying/);
    },
  );

  it('a service that stays down ends the command with exit 4 and one line naming the source', async () => {
    emulator.load({ faults: [{ kind: 'error5xx', service: 'huawei-iam', count: 10 }] });
    const result = await list('huawei-rds', {
      HW_ASSUME_ROLE_AGENCY_NAME: 'taskgate-agency',
      HW_ASSUME_ROLE_DOMAIN_NAME: 'acme',
    });
    expect(result.code).toBe(4);
    const lines = result.stderr.trim().split('\n');
    expect(lines[lines.length - 1]).toBe(
      'taskgate: gave up after 6 attempts: could not get credentials from IAM assume_role (HW_ASSUME_ROLE_AGENCY_NAME): Huawei Cloud IAM (assume_role) refused the request (IAM.0006)',
    );
    expect(calls().every((line) => line === 'huawei-iam securitytokens fault: error5xx')).toBe(true);
  });
});

describe('the metadata endpoint override', () => {
  it('is plain http on loopback only, refused by name before any request', async () => {
    for (const value of ['http://169.254.169.254', 'https://127.0.0.1:1', 'http://example.com', 'nonsense']) {
      const result = await list('tencent-redis', { TASKGATE_METADATA_ENDPOINT: value });
      expect({ value, code: result.code }).toEqual({ value, code: 2 });
      expect(result.stderr).toMatch(/^taskgate: TASKGATE_METADATA_ENDPOINT /);
    }
    expect(emulator.requests()).toHaveLength(0);
  });
});

/** A wait in process whose stderr lines reach `onLine` as they are written. */
async function waitInProcess(
  args: string[],
  env: Record<string, string | undefined>,
  onLine?: (line: string) => void,
) {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    env: childEnv({ TASKGATE_ENDPOINT: emulator.url, TASKGATE_METADATA_ENDPOINT: emulator.url, ...env }),
    stdout: (text) => (stdout += text),
    stderr: (text) => {
      stderr += text;
      onLine?.(text);
    },
    readStdin: async () => '',
    stdoutIsTTY: false,
    stderrIsTTY: false,
    signal: new AbortController().signal,
  };
  const code = await run(['wait', ...args], io);
  outputs.push(stdout, stderr);
  return { code, stdout, stderr };
}

describe('temporary credentials that expire during a wait', () => {
  // Each request moves the timeline 10 minutes; issued credentials live 15: every other poll meets an expired token.
  beforeEach(() => {
    emulator.load({
      clock: { step: '10m' },
      identity: { lifetime: '15m' },
      tasks: [
        {
          api: 'tencent-redis',
          id: '70',
          type: 'FLOW_BACKUPINSTANCE',
          instanceId: 'crs-7',
          start: '-1m',
          runningFor: '75m',
        },
      ],
    });
    emulator.load({
      tasks: [
        {
          api: 'huawei-rds',
          id: 'hw70',
          type: 'CreateBackup',
          instanceId: 'rds-7',
          start: '-1m',
          runningFor: '75m',
        },
      ],
    });
  });
  const waitArgs = ['--poll-interval', '10ms', '--timeout', '1m'];

  it.each([
    [
      'tencent-redis',
      'crs-7',
      { TENCENTCLOUD_ASSUME_ROLE_ARN: ROLE, TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: 'long-wait' },
      'tencent-sts AssumeRole ok',
    ],
    [
      'huawei-rds',
      'rds-7',
      { HW_ASSUME_ROLE_AGENCY_NAME: 'taskgate-agency', HW_ASSUME_ROLE_DOMAIN_NAME: 'acme' },
      'huawei-iam securitytokens ok',
    ],
  ])(
    '%s: fresh credentials are fetched and the poll goes on, no poll fails',
    async (api, instance, env, issue) => {
      const result = await waitInProcess(['--api', api, '--instance-id', instance, ...waitArgs], env);
      expect(result.stderr).not.toMatch(/retrying|taskgate: /);
      expect(result.code).toBe(0);
      const log = calls();
      const issued = log.filter((line) => line === issue).length;
      const refused = log.filter((line) => line.includes('refused')).length;
      // Each expiry costs one refused request and one fetch; no request is refused twice in a row.
      expect(issued).toBeGreaterThanOrEqual(2);
      expect(refused).toBe(issued - 1);
      log.forEach((line, i) => {
        if (line.includes('refused')) expect(log[i + 1]).toBe(issue);
      });
    },
  );

  it('a refresh that fails ends the wait with exit 4 and one line naming the source', async () => {
    const result = await waitInProcess(
      ['--api', 'tencent-redis', '--instance-id', 'crs-7', ...waitArgs],
      { ...NO_TENCENT_KEYS, TENCENTCLOUD_CAM_ROLE_NAME: CAM_ROLE },
      // After the first poll the instance's role is replaced: the next refresh finds none.
      (line) => {
        if (line.startsWith('taskgate ['))
          emulator.load({ identity: { tencent: { instanceRole: 'rotated-role' } } });
      },
    );
    expect(result.code).toBe(4);
    const lines = result.stderr.trim().split('\n');
    expect(lines[lines.length - 1]).toBe(
      'taskgate: could not get credentials from the CVM instance role (TENCENTCLOUD_CAM_ROLE_NAME): the CVM metadata service answered HTTP 404: no such CAM role is bound to this instance',
    );
    expect(lines.filter((line) => line.startsWith('taskgate: '))).toHaveLength(1);
    emulator.load({ identity: { tencent: { instanceRole: CAM_ROLE } } });
  });

  it('credentials refused again after a refresh fail at once: one retry, never a loop', async () => {
    emulator.load({ identity: { lifetime: '1s' } });
    const result = await waitInProcess(['--api', 'tencent-redis', '--instance-id', 'crs-7', ...waitArgs], {
      TENCENTCLOUD_ASSUME_ROLE_ARN: ROLE,
      TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: 'short',
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(
      /refused the credentials \(AuthFailure\.TokenFailure\): The token has expired/,
    );
    expect(calls()).toEqual([
      'tencent-sts AssumeRole ok',
      'DescribeTaskList refused: AuthFailure.TokenFailure',
      'tencent-sts AssumeRole ok',
      'DescribeTaskList refused: AuthFailure.TokenFailure',
    ]);
    emulator.load({ identity: { lifetime: '15m' } });
  });
});

describe('through the executable', () => {
  it('an assumed role in the external program protocol; no credential in any output', async () => {
    const result = await cliProcess(['external'], {
      input: JSON.stringify({ api: 'tencent-redis', command: 'check', endpoint: emulator.url }),
      env: { TENCENTCLOUD_ASSUME_ROLE_ARN: ROLE, TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: 'external' },
    });
    outputs.push(result.stdout, result.stderr);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ condition_met: 'true', task_id: '7' });
    expect(calls()).toEqual(['tencent-sts AssumeRole ok', 'DescribeTaskList ok']);
  });
});
