import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Credentials } from '../../src/apis/types';
import {
  CredentialCache,
  HUAWEI_CHAIN,
  RefreshingCredentials,
  TENCENT_CHAIN,
  refreshTime,
  planCredentials,
} from '../../src/credentials';
import { readHuaweiProfile, readTencentProfile } from '../../src/credentials/profiles';
import { createTaskListClient } from '../../src/engine/client';
import { Transport } from '../../src/engine/transport';
import { Attempt, TaskSource } from '../../src/engine/types';
import { ApiError, InvalidInputError } from '../../src/core/errors';
import { FakeClock } from '../engine/fake-clock';

const MINUTE = 60_000;
const at = (ms: number): Attempt => ({ now: new Date(ms), nonce: 1 });
const key = (n: number): Credentials => ({
  cloud: 'tencent',
  secretId: `id-${n}`,
  secretKey: 'k',
  token: `t-${n}`,
});

describe('refresh ahead of expiry', () => {
  it('five minutes ahead of a long lifetime, half-way through a short one, never before each request', () => {
    expect(refreshTime(0, 60 * MINUTE)).toBe(55 * MINUTE);
    expect(refreshTime(0, 4 * MINUTE)).toBe(2 * MINUTE);
    expect(refreshTime(0, undefined)).toBe(Infinity);
    // Already expired by our clock: used until the API refuses it, then replaced once.
    expect(refreshTime(10 * MINUTE, 5 * MINUTE)).toBe(Infinity);
  });

  it('keeps credentials until they are due, then fetches once for concurrent requests', async () => {
    const clock = new FakeClock(0);
    let fetched = 0;
    const provider = new RefreshingCredentials({
      name: 'a test source',
      temporary: true,
      resolve: async (attempt) => ({
        credentials: key(++fetched),
        expiresAt: attempt.now.getTime() + 15 * MINUTE,
      }),
    });
    expect(await provider.get(at(clock.now()))).toEqual(key(1));
    await clock.sleep(9 * MINUTE);
    expect(await provider.get(at(clock.now()))).toEqual(key(1));
    await clock.sleep(1 * MINUTE);
    const both = await Promise.all([provider.get(at(clock.now())), provider.get(at(clock.now()))]);
    expect(both).toEqual([key(2), key(2)]);
    expect(fetched).toBe(2);
    // A refusal forgets them; static keys have nothing fresher to offer.
    expect(provider.refresh()).toBe(true);
    expect(await provider.get(at(clock.now()))).toEqual(key(3));
    const fixed = new RefreshingCredentials({
      name: 'keys',
      temporary: false,
      resolve: async () => ({ credentials: key(0) }),
    });
    expect(fixed.refresh()).toBe(false);
  });

  it('a failed fetch names the source and keeps its exit code; a usage mistake stays exit 2', async () => {
    const failing = new RefreshingCredentials({
      name: 'STS AssumeRole (TENCENTCLOUD_ASSUME_ROLE_ARN)',
      temporary: true,
      resolve: async () => {
        throw new ApiError('Tencent Cloud STS AssumeRole failed on its side (InternalError)', {
          retryable: true,
        });
      },
    });
    const error = await failing.get(at(0)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).retryable).toBe(true);
    expect((error as Error).message).toBe(
      'could not get credentials from STS AssumeRole (TENCENTCLOUD_ASSUME_ROLE_ARN): Tencent Cloud STS AssumeRole failed on its side (InternalError)',
    );
    const usage = new RefreshingCredentials({
      name: 'x',
      temporary: true,
      resolve: async () => {
        throw new InvalidInputError('HW_ASSUME_ROLE_ID_TOKEN_FILE names an empty file.');
      },
    });
    await expect(usage.get(at(0))).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe('the engine retries once with fresh credentials', () => {
  const page = { tasks: [], total: 0 };
  function source(answers: (Error | undefined)[], refreshable: boolean) {
    let refreshed = 0;
    let sent = 0;
    const taskSource: TaskSource = {
      title: 'a test API',
      maxPageSize: 100,
      offsetsInPages: false,
      filtersAreServerSide: () => true,
      buildRequest: async () => ({ method: 'GET', url: 'http://127.0.0.1/', headers: {} }),
      parseResponse: () => {
        const answer = answers[sent++];
        if (answer) throw answer;
        return page;
      },
      canonicalTaskType: (type) => type,
      refreshCredentials: () => {
        refreshed++;
        return refreshable;
      },
    };
    const client = createTaskListClient({
      source: taskSource,
      clock: new FakeClock(),
      transport: { send: async () => ({ status: 200, headers: {}, body: '' }) },
    });
    return { client, stats: () => ({ sent, refreshed }) };
  }
  const expired = () =>
    new ApiError('refused the credentials (AuthFailure.TokenFailure)', {
      retryable: false,
      credentialsRefused: true,
    });

  it('an expired token is retried at once with fresh credentials', async () => {
    const { client, stats } = source([expired(), undefined], true);
    await client.read({}, { need: 'all' });
    expect(stats()).toEqual({ sent: 2, refreshed: 1 });
  });

  it('refused again after the refresh: the error stands, no loop', async () => {
    const { client, stats } = source([expired(), expired(), undefined], true);
    await expect(client.read({}, { need: 'all' })).rejects.toThrow(/TokenFailure/);
    expect(stats()).toEqual({ sent: 2, refreshed: 1 });
  });

  it('static keys are not retried: nothing fresher can come', async () => {
    const { client, stats } = source([expired(), undefined], false);
    await expect(client.read({}, { need: 'all' })).rejects.toThrow(/TokenFailure/);
    expect(stats()).toEqual({ sent: 1, refreshed: 1 });
  });
});

describe('the CLI credential files', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
  const dir = () => {
    const made = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-profiles-'));
    dirs.push(made);
    return made;
  };

  it('tccli: <profile>.credential and <profile>.configure, ~ expanded from HOME; a missing file is no profile', () => {
    const home = dir();
    fs.mkdirSync(path.join(home, '.tccli'));
    fs.writeFileSync(
      path.join(home, '.tccli/default.credential'),
      JSON.stringify({
        secretId: ' AKID1 ',
        secretKey: 'sk',
        'role-arn': 'qcs::cam::uin/1:roleName/r',
        'role-session-name': 's',
      }),
    );
    fs.writeFileSync(
      path.join(home, '.tccli/default.configure'),
      JSON.stringify({ _sys_param: { region: 'ap-beijing' } }),
    );
    expect(readTencentProfile({ HOME: home })).toMatchObject({
      secretId: 'AKID1',
      secretKey: 'sk',
      region: 'ap-beijing',
      roleArn: 'qcs::cam::uin/1:roleName/r',
      roleSessionName: 's',
    });
    expect(readTencentProfile({ HOME: home, TENCENTCLOUD_PROFILE: 'other' })).toBeUndefined();
    fs.writeFileSync(path.join(home, '.tccli/bad.credential'), 'secretKey=not json');
    expect(() => readTencentProfile({ HOME: home, TENCENTCLOUD_PROFILE: 'bad' })).toThrow(/is not JSON/);
  });

  it('hcloud: read only when selected, the named or current profile, SSO keys from ssoAuth.stsToken', () => {
    const file = path.join(dir(), 'config.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        current: 'sso',
        profiles: [
          {
            name: 'aksk',
            mode: 'AKSK',
            accessKeyId: 'AK1',
            secretAccessKey: 'SK1',
            projectId: 'p1',
            agencyName: 'ag',
          },
          {
            name: 'sso',
            mode: 'SSO',
            region: 'cn-east-3',
            ssoAuth: { stsToken: { accessKeyId: 'AK2', secretAccessKey: 'SK2', securityToken: 'T2' } },
          },
        ],
      }),
    );
    expect(readHuaweiProfile({})).toBeUndefined();
    expect(readHuaweiProfile({ HW_SHARED_CONFIG_FILE: file })).toMatchObject({
      accessKey: 'AK2',
      secretKey: 'SK2',
      securityToken: 'T2',
      region: 'cn-east-3',
    });
    expect(readHuaweiProfile({ HW_SHARED_CONFIG_FILE: file, HW_PROFILE: 'aksk' })).toMatchObject({
      accessKey: 'AK1',
      projectId: 'p1',
      agencyName: 'ag',
    });
    expect(() => readHuaweiProfile({ HW_PROFILE: 'x', HOME: '/nonexistent' })).toThrow(
      /does not exist \(read because HW_PROFILE is set\)/,
    );
  });

  it('precedence needs no network: which source each environment selects', () => {
    const base = { HOME: '/nonexistent', TASKGATE_METADATA_ENDPOINT: 'http://127.0.0.1:1' };
    expect(() => planCredentials('tencent', base)).toThrow(/^Tencent Cloud credentials are missing/);
    // Web identity needs no keys; AssumeRole does, and says so.
    const role = {
      TENCENTCLOUD_ASSUME_ROLE_ARN: 'qcs::cam::uin/1:roleName/r',
      TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: 's',
    };
    expect(() =>
      planCredentials('tencent', { ...base, ...role, TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN: 'tok' }),
    ).not.toThrow();
    expect(() => planCredentials('tencent', { ...base, ...role })).toThrow(
      /STS AssumeRole \(TENCENTCLOUD_ASSUME_ROLE_ARN\) signs its call with them/,
    );
    expect(() => planCredentials('tencent', { ...base, TENCENTCLOUD_CAM_ROLE_NAME: 'r' })).not.toThrow();
    // Huawei falls back to the instance's agency, as its provider does; an agency's account id needs its name.
    expect(() => planCredentials('huawei', base)).not.toThrow();
    expect(() =>
      planCredentials('huawei', { ...base, HW_ASSUME_ROLE_AGENCY_NAME: 'a', HW_ASSUME_ROLE_DOMAIN_ID: 'd' }),
    ).not.toThrow();
    expect(() => planCredentials('huawei', { ...base, HW_ASSUME_ROLE_DOMAIN_ID: 'd' })).toThrow(
      /HW_ASSUME_ROLE_DOMAIN_ID names the account of an agency: set HW_ASSUME_ROLE_AGENCY_NAME too/,
    );
    expect(() => planCredentials('huawei', { ...base, HW_ASSUME_ROLE_IDP_ID: 'idp' })).toThrow(
      /HW_ASSUME_ROLE_IDP_ID needs HW_ASSUME_ROLE_ID_TOKEN or HW_ASSUME_ROLE_ID_TOKEN_FILE/,
    );
    expect(() =>
      planCredentials('tencent', {
        ...base,
        TENCENTCLOUD_SECRET_ID: 'id',
        TENCENTCLOUD_SECRET_KEY: 'bad key',
      }),
    ).toThrow(/^TENCENTCLOUD_SECRET_KEY holds characters/);
  });
});

describe('which source is on top, and what it signs with', () => {
  // Every call is refused: the failure names the source on top, the paths show which calls it made.
  function refusing() {
    const paths: string[] = [];
    const transport: Transport = {
      send: async (request) => {
        paths.push(new URL(request.url).pathname);
        return { status: 503, headers: {}, body: '{}' };
      },
    };
    return { paths, fetch: { transport } };
  }
  const base = { HOME: '/nonexistent', TASKGATE_METADATA_ENDPOINT: 'http://127.0.0.1:1' };
  const where = { endpoint: new URL('http://127.0.0.1:2'), region: 'r-1' };
  const failure = async (cloud: 'tencent' | 'huawei', env: NodeJS.ProcessEnv) => {
    const { paths, fetch } = refusing();
    const provider = planCredentials(cloud, { ...base, ...env }).build({ ...where, fetch });
    const error = (await provider.get(at(0)).catch((e: unknown) => e)) as Error;
    return { message: error.message, paths };
  };
  const role = {
    TENCENTCLOUD_ASSUME_ROLE_ARN: 'qcs::cam::uin/1:roleName/r',
    TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: 's',
  };
  const keys = { TENCENTCLOUD_SECRET_ID: 'id', TENCENTCLOUD_SECRET_KEY: 'key' };
  const hwKeys = { HW_ACCESS_KEY: 'ak', HW_SECRET_KEY: 'sk' };

  it.each([
    [
      'tencent',
      'the CVM instance role (TENCENTCLOUD_CAM_ROLE_NAME)',
      { ...keys, TENCENTCLOUD_CAM_ROLE_NAME: 'cvm' },
      ['/latest/meta-data/cam/security-credentials/cvm'],
    ],
    ['tencent', 'STS AssumeRole (TENCENTCLOUD_ASSUME_ROLE_ARN)', { ...keys, ...role }, ['/']],
    [
      'tencent',
      'STS AssumeRole (TENCENTCLOUD_ASSUME_ROLE_ARN)',
      { TENCENTCLOUD_CAM_ROLE_NAME: 'cvm', ...role },
      ['/latest/meta-data/cam/security-credentials/cvm'],
    ],
    [
      'tencent',
      'STS AssumeRoleWithWebIdentity (TENCENTCLOUD_ASSUME_ROLE_ARN, TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN)',
      { ...keys, ...role, TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN: 'tok' },
      ['/'],
    ],
    [
      'huawei',
      'the OIDC identity provider (HW_ASSUME_ROLE_IDP_ID)',
      { ...hwKeys, HW_ASSUME_ROLE_IDP_ID: 'idp', HW_ASSUME_ROLE_ID_TOKEN: 'tok' },
      ['/v3.0/OS-AUTH/id-token/tokens'],
    ],
    [
      'huawei',
      'IAM assume_role (HW_ASSUME_ROLE_AGENCY_NAME)',
      { ...hwKeys, HW_ASSUME_ROLE_AGENCY_NAME: 'ag' },
      ['/v3.0/OS-CREDENTIAL/securitytokens'],
    ],
    [
      'huawei',
      'STS AssumeAgency (HW_ASSUME_ROLE_AGENCY_NAME, HW_ASSUME_ROLE_DOMAIN_ID)',
      { ...hwKeys, HW_ASSUME_ROLE_AGENCY_NAME: 'ag', HW_ASSUME_ROLE_DOMAIN_ID: 'd' },
      ['/v5/agencies/assume'],
    ],
    [
      'huawei',
      'IAM assume_role (HW_ASSUME_ROLE_AGENCY_NAME)',
      { HW_ASSUME_ROLE_AGENCY_NAME: 'ag' },
      ['/openstack/latest/securitykey'],
    ],
  ] as const)('%s: %s on top, over %j', async (cloud, name, env, paths) => {
    const seen = await failure(cloud, env);
    expect(seen.message).toMatch(
      new RegExp(`^could not get credentials from ${name.replace(/[()]/g, '\\$&')}: `),
    );
    expect(seen.paths.slice(0, 1)).toEqual(paths);
  });

  it('an hcloud profile without keys is refused, though the variables hold keys', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-chain-'));
    try {
      const file = path.join(dir, 'config.json');
      fs.writeFileSync(
        file,
        JSON.stringify({ current: 'p', profiles: [{ name: 'p', region: 'cn-east-3' }] }),
      );
      expect(() => planCredentials('huawei', { ...base, ...hwKeys, HW_SHARED_CONFIG_FILE: file })).toThrow(
        /^the hcloud profile "p" \(.*\) holds no accessKeyId and secretAccessKey\.$/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the credential chains a provider process shares', () => {
  const where = { endpoint: new URL('http://127.0.0.1:1'), region: 'ap-guangzhou' };
  const env = { TENCENTCLOUD_SECRET_ID: 'id', TENCENTCLOUD_SECRET_KEY: 'key', PATH: '/bin' };

  it('one chain per cloud, credential variables, endpoint and region; other variables do not matter', () => {
    const cache = new CredentialCache();
    let built = 0;
    const build = () => {
      built++;
      return {
        get: async () => ({ cloud: 'tencent' as const, secretId: 'id', secretKey: 'key' }),
        refresh: () => false,
      };
    };
    const first = cache.chain('tencent', env, where, build);
    expect(cache.chain('tencent', { ...env, PATH: '/usr/bin' }, where, build)).toBe(first);
    expect(cache.chain('tencent', { ...env, TENCENTCLOUD_ASSUME_ROLE_ARN: 'r' }, where, build)).not.toBe(
      first,
    );
    expect(cache.chain('tencent', env, { ...where, region: 'ap-beijing' }, build)).not.toBe(first);
    expect(cache.chain('huawei', env, where, build)).not.toBe(first);
    expect(built).toBe(4);
  });

  it('keeps at most its limit, dropping the oldest', () => {
    const cache = new CredentialCache(2);
    const build = () => ({
      get: async () => ({ cloud: 'huawei' as const, accessKey: 'a', secretKey: 's' }),
      refresh: () => false,
    });
    const a = cache.chain('huawei', { HW_ACCESS_KEY: 'a' }, where, build);
    cache.chain('huawei', { HW_ACCESS_KEY: 'b' }, where, build);
    cache.chain('huawei', { HW_ACCESS_KEY: 'c' }, where, build);
    expect(cache.chain('huawei', { HW_ACCESS_KEY: 'a' }, where, build)).not.toBe(a);
  });
});

describe('each chain is the ordered list the docs give', () => {
  const rows = fs
    .readFileSync(path.join(__dirname, '../../docs/credentials.md'), 'utf8')
    .split('\n')
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .filter((cells) => /^(Tencent|Huawei)$/.test(cells[1] ?? '') && /^\d+$/.test(cells[2] ?? ''));
  const variables = (text: string) => text.match(/\b(?:TENCENTCLOUD|HW|HUAWEICLOUD)_[A-Z0-9_]+/g) ?? [];
  // Region and project are not credentials: the table names them where a profile's replace them.
  const notCredentials = ['TENCENTCLOUD_REGION', 'HW_REGION_NAME', 'HW_PROJECT_ID'];

  it.each([
    ['Tencent', TENCENT_CHAIN],
    ['Huawei', HUAWEI_CHAIN],
  ] as const)(
    '%s: one row per source, in order, naming exactly the variables its sources read',
    (cloud, chain) => {
      const table = rows.filter((cells) => cells[1] === cloud);
      expect(table.map((cells) => cells[3].replace(/`/g, ''))).toEqual(
        chain.map((source) =>
          expect.stringMatching(
            new RegExp(`^${source.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z])`),
          ),
        ),
      );
      // Sources of one rank (a profile or keys; AssumeRole with or without a web identity) share their variables.
      for (const rank of new Set(table.map((cells) => cells[2]))) {
        const ranked = chain.filter((_, index) => table[index]?.[2] === rank);
        const documented = new Set(
          table.filter((cells) => cells[2] === rank).flatMap((cells) => variables(cells.join(' '))),
        );
        const read = new Set(ranked.flatMap((source) => source.reads));
        expect([...read].filter((name) => !documented.has(name))).toEqual([]);
        expect([...documented].filter((name) => !read.has(name) && !notCredentials.includes(name))).toEqual(
          [],
        );
      }
    },
  );
});
