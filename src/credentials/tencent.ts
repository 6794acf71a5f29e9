import { buildTc3Request, unwrapTc3Response } from '../apis/tencent-cloud';
import { numberAt, objectAt } from '../apis/parse';
import { CredentialProvider, TencentCredentials } from '../apis/types';
import { Attempt, HttpResponse } from '../engine/types';
import { ApiError, InvalidInputError } from '../core/errors';
import { first, headerSafe, seconds, setting, tokenFromFile } from './env';
import { credentialField, jsonObject, send } from './http';
import { ChainPlan, Endpoints, Link, Selected, keysLink, link, once, planChain } from './chain';
import { TencentProfile, readTencentProfile } from './profiles';
import { CredentialSource, Issued } from './refresh';

/**
 * Tencent Cloud's credential chain, in the order terraform-provider-tencentcloud applies it
 * (tencentcloud/provider.go `providerConfigure`; the variables are its PROVIDER_* constants, the
 * docs' "Argument Reference" in website/docs/index.html.markdown):
 *  1. TENCENTCLOUD_SECRET_ID / _SECRET_KEY / _SECURITY_TOKEN; only when none is set, the tccli
 *     profile (TENCENTCLOUD_PROFILE, TENCENTCLOUD_SHARED_CREDENTIALS_DIR), which may also give the region;
 *  2. TENCENTCLOUD_CAM_ROLE_NAME: the CVM instance's CAM role from the metadata service replaces them
 *     (common.go `GetAuthFromCAM`);
 *  3. the profile's role-arn and role-session-name: STS AssumeRole with the credentials so far (7200 s);
 *  4. TENCENTCLOUD_ASSUME_ROLE_ARN with TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME (and _SESSION_DURATION,
 *     default 7200, _EXTERNAL_ID): STS AssumeRole with the credentials so far, or, with
 *     TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN (or the provider's _WEB_IDENTITY_TOKEN_FILE) and
 *     TENCENTCLOUD_ASSUME_ROLE_PROVIDER_ID (default OIDC), AssumeRoleWithWebIdentity, which needs none.
 */

const STS = { service: 'sts', version: '2018-08-13', host: 'sts.tencentcloudapi.com' } as const;
const DEFAULT_SESSION_SECONDS = 7200;
const ROLE_VARIABLES = [
  'TENCENTCLOUD_ASSUME_ROLE_ARN',
  'TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME',
  'TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION',
  'TENCENTCLOUD_ASSUME_ROLE_EXTERNAL_ID',
];
/** The provider's own limit for the metadata call (common.go: a 2 s client timeout). */
const METADATA_TIMEOUT_MS = 2_000;

export const TENCENT_MISSING =
  'Tencent Cloud credentials are missing: set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY ' +
  '(and TENCENTCLOUD_SECURITY_TOKEN for temporary keys), or use a tccli profile (TENCENTCLOUD_PROFILE, ' +
  'TENCENTCLOUD_SHARED_CREDENTIALS_DIR), TENCENTCLOUD_CAM_ROLE_NAME on a CVM, or TENCENTCLOUD_ASSUME_ROLE_ARN ' +
  'with TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN.';

/** `ExpiredTime` (epoch seconds) of an STS or metadata answer, when it gives one. */
function expiry(value: unknown, what: string): number | undefined {
  const seconds = numberAt(value, what);
  return seconds === null ? undefined : seconds * 1000;
}

/** TmpSecretId, TmpSecretKey and Token: the shape of STS's `Credentials` and of the CVM role's answer. */
function temporaryKeys(fields: Record<string, unknown>, title: string): TencentCredentials {
  return {
    cloud: 'tencent',
    secretId: credentialField(fields.TmpSecretId, title, 'TmpSecretId'),
    secretKey: credentialField(fields.TmpSecretKey, title, 'TmpSecretKey'),
    token: credentialField(fields.Token, title, 'Token'),
  };
}

function camRoleSource({ name, role }: Selected & { role: string }, endpoints: Endpoints): CredentialSource {
  const title = 'the CVM metadata service';
  return {
    name,
    temporary: true,
    async resolve(attempt) {
      const url = new URL(
        `/latest/meta-data/cam/security-credentials/${encodeURIComponent(role)}`,
        endpoints.metadata,
      );
      const response = await send(
        { method: 'GET', url: url.toString(), headers: {} },
        attempt,
        endpoints.fetch,
        METADATA_TIMEOUT_MS,
      );
      if (response.status !== 200) {
        throw new ApiError(
          `${title} answered HTTP ${response.status}${response.status === 404 ? ': no such CAM role is bound to this instance' : ''}`,
          { retryable: response.status >= 500, httpStatus: response.status, code: `HTTP ${response.status}` },
        );
      }
      const body = jsonObject(response, title);
      return { credentials: temporaryKeys(body, title), expiresAt: expiry(body.ExpiredTime, 'ExpiredTime') };
    },
  };
}

function stsEndpoint(endpoints: Endpoints): URL {
  return endpoints.endpoint ?? new URL(`https://${STS.host}`);
}

/**
 * `Response.Credentials` and `ExpiredTime` of AssumeRole and AssumeRoleWithWebIdentity. STS refusing a
 * parameter (an unknown role, a bad token) is the API being unusable, not a filter to correct.
 */
function stsCredentials(response: HttpResponse, title: string, endpoints: Endpoints): Issued {
  let body: Record<string, unknown>;
  try {
    body = unwrapTc3Response(response, title, { endpoint: stsEndpoint(endpoints), region: endpoints.region });
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    throw new ApiError(error.message.replace(/; correct the filters\.$/, ''), { retryable: false });
  }
  return {
    credentials: temporaryKeys(objectAt(body.Credentials, 'Response.Credentials'), title),
    expiresAt: expiry(body.ExpiredTime, 'Response.ExpiredTime'),
  };
}

interface RoleSession extends Selected {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly durationSeconds: number;
  readonly externalId?: string;
}

function assumeRoleSource(
  session: RoleSession,
  endpoints: Endpoints,
  base: CredentialProvider,
): CredentialSource {
  const title = 'Tencent Cloud STS AssumeRole';
  return {
    name: session.name,
    temporary: true,
    async resolve(attempt: Attempt) {
      const payload: Record<string, unknown> = {
        RoleArn: session.roleArn,
        RoleSessionName: session.sessionName,
        DurationSeconds: session.durationSeconds,
      };
      if (session.externalId) payload.ExternalId = session.externalId;
      const request = buildTc3Request(
        { service: STS.service, action: 'AssumeRole', version: STS.version },
        payload,
        {
          ...attempt,
          endpoint: stsEndpoint(endpoints),
          region: endpoints.region,
          credentials: await base.get(attempt),
        },
      );
      const response = await send(request, attempt, endpoints.fetch);
      return stsCredentials(response, title, endpoints);
    },
  };
}

interface WebIdentity extends RoleSession {
  readonly providerId: string;
  readonly token: () => string;
}

function webIdentitySource(session: WebIdentity, endpoints: Endpoints): CredentialSource {
  const title = 'Tencent Cloud STS AssumeRoleWithWebIdentity';
  return {
    name: session.name,
    temporary: true,
    async resolve(attempt) {
      const endpoint = stsEndpoint(endpoints);
      // Read at each refresh: CI systems rotate the token in its file.
      const body = JSON.stringify({
        ProviderId: session.providerId,
        WebIdentityToken: session.token(),
        RoleArn: session.roleArn,
        RoleSessionName: session.sessionName,
        DurationSeconds: session.durationSeconds,
      });
      // The web identity token is the proof: the request is not signed (the SDK sends Authorization: SKIP).
      const headers: Record<string, string> = {
        Authorization: 'SKIP',
        'Content-Type': 'application/json; charset=utf-8',
        Host: endpoint.host,
        'X-TC-Action': 'AssumeRoleWithWebIdentity',
        'X-TC-Version': STS.version,
        'X-TC-Timestamp': String(Math.floor(attempt.now.getTime() / 1000)),
      };
      if (endpoints.region) headers['X-TC-Region'] = endpoints.region;
      const response = await send(
        { method: 'POST', url: new URL('/', endpoint).toString(), headers, body },
        attempt,
        endpoints.fetch,
      );
      return stsCredentials(response, title, endpoints);
    },
  };
}

/** The token from the variable, else from the file the variable names (re-read at each refresh). */
function webIdentityToken(env: NodeJS.ProcessEnv): (() => string) | undefined {
  const value = first(env, ['TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN']);
  if (value) return () => value;
  const file = setting(env, 'TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE');
  if (!file) return undefined;
  return () => tokenFromFile('TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE', file);
}

/** The role TENCENTCLOUD_ASSUME_ROLE_ARN names, for AssumeRole and AssumeRoleWithWebIdentity alike. */
function roleSession(env: NodeJS.ProcessEnv, name: string): RoleSession | undefined {
  const roleArn = setting(env, 'TENCENTCLOUD_ASSUME_ROLE_ARN');
  const sessionName = setting(env, 'TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME');
  if (!roleArn) return undefined;
  if (!sessionName) {
    // The provider would quietly skip the role; a gate must not run as someone else without saying so.
    throw new InvalidInputError(
      'TENCENTCLOUD_ASSUME_ROLE_ARN needs TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME (any name for the session).',
    );
  }
  return {
    name,
    roleArn,
    sessionName,
    durationSeconds: seconds(env, 'TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION', DEFAULT_SESSION_SECONDS),
    externalId: setting(env, 'TENCENTCLOUD_ASSUME_ROLE_EXTERNAL_ID'),
  };
}

interface Context {
  readonly env: NodeJS.ProcessEnv;
  /** The tccli profile, read only when no key variable is set (as by the provider). */
  readonly profile: () => TencentProfile | undefined;
}

const KEY_VARIABLES = [
  'TENCENTCLOUD_SECRET_ID',
  'TENCENTCLOUD_SECRET_KEY',
  'TENCENTCLOUD_SECURITY_TOKEN',
  'TENCENTCLOUD_SESSION_TOKEN',
];

/** The chain in the provider's order (see the top of this file); the docs' table lists the same rows. */
export const TENCENT_CHAIN: readonly Link<Context>[] = [
  keysLink({
    name: 'static keys',
    reads: KEY_VARIABLES,
    applies({ env, profile }) {
      if (profile()) return undefined;
      const secretId = first(env, ['TENCENTCLOUD_SECRET_ID']);
      const secretKey = first(env, ['TENCENTCLOUD_SECRET_KEY']);
      const token = first(env, ['TENCENTCLOUD_SECURITY_TOKEN', 'TENCENTCLOUD_SESSION_TOKEN']);
      if (!secretId || !secretKey) return undefined;
      return {
        name: 'TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY',
        credentials: { cloud: 'tencent', secretId, secretKey, ...(token ? { token } : {}) },
      };
    },
  }),
  keysLink({
    name: 'tccli profile',
    reads: ['TENCENTCLOUD_PROFILE', 'TENCENTCLOUD_SHARED_CREDENTIALS_DIR'],
    applies({ profile }) {
      const found = profile();
      if (!found?.secretId || !found.secretKey) return undefined;
      return {
        name: found.name,
        credentials: {
          cloud: 'tencent',
          secretId: headerSafe(found.secretId, `${found.name}'s secretId`),
          secretKey: headerSafe(found.secretKey, `${found.name}'s secretKey`),
          ...(found.token ? { token: headerSafe(found.token, `${found.name}'s token`) } : {}),
        },
      };
    },
  }),
  link({
    name: 'CVM instance role',
    reads: ['TENCENTCLOUD_CAM_ROLE_NAME'],
    relation: 'replaces',
    applies({ env }) {
      const role = setting(env, 'TENCENTCLOUD_CAM_ROLE_NAME');
      return role ? { name: 'the CVM instance role (TENCENTCLOUD_CAM_ROLE_NAME)', role } : undefined;
    },
    source: camRoleSource,
  }),
  link({
    name: "STS AssumeRole of the profile's role-arn",
    reads: [],
    relation: 'signs with',
    applies({ profile }): RoleSession | undefined {
      const found = profile();
      if (!found?.roleArn || !found.roleSessionName) return undefined;
      return {
        name: `STS AssumeRole (${found.name}'s role-arn)`,
        roleArn: found.roleArn,
        sessionName: found.roleSessionName,
        durationSeconds: DEFAULT_SESSION_SECONDS,
      };
    },
    source: assumeRoleSource,
  }),
  link({
    name: 'STS AssumeRole',
    reads: ROLE_VARIABLES,
    relation: 'signs with',
    applies({ env }) {
      const session = roleSession(env, 'STS AssumeRole (TENCENTCLOUD_ASSUME_ROLE_ARN)');
      return session && !webIdentityToken(env) ? session : undefined;
    },
    source: assumeRoleSource,
  }),
  link({
    name: 'STS AssumeRoleWithWebIdentity',
    reads: [
      ...ROLE_VARIABLES.slice(0, 3),
      'TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN',
      'TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE',
      'TENCENTCLOUD_ASSUME_ROLE_PROVIDER_ID',
    ],
    relation: 'replaces',
    applies({ env }): WebIdentity | undefined {
      const session = roleSession(
        env,
        'STS AssumeRoleWithWebIdentity (TENCENTCLOUD_ASSUME_ROLE_ARN, TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN)',
      );
      const token = session && webIdentityToken(env);
      if (!token) return undefined;
      return {
        ...session,
        token,
        providerId: setting(env, 'TENCENTCLOUD_ASSUME_ROLE_PROVIDER_ID') ?? 'OIDC',
      };
    },
    source: webIdentitySource,
  }),
];

/** The chain as the environment selects it: read without the network, built once endpoints are known. */
export function planTencent(env: NodeJS.ProcessEnv): ChainPlan {
  const profile = once(() =>
    KEY_VARIABLES.some((name) => setting(env, name)) ? undefined : readTencentProfile(env),
  );
  const build = planChain(TENCENT_CHAIN, { env, profile }, TENCENT_MISSING);
  // The region a tccli profile gives, used when neither --region nor TENCENTCLOUD_REGION is set.
  return { region: profile()?.region, build };
}
