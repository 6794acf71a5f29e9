import { buildTc3Request, unwrapTc3Response } from '../apis/tencent-cloud';
import { numberAt, objectAt } from '../apis/parse';
import { CredentialProvider, TencentCredentials } from '../apis/types';
import { Attempt, HttpResponse } from '../engine/types';
import { ApiError, InvalidInputError } from '../errors';
import { first, headerSafe, seconds, setting, tokenFromFile } from './env';
import { FetchOptions, credentialField, jsonObject, send } from './http';
import { readTencentProfile } from './profiles';
import { CredentialSource, Issued, RefreshingCredentials } from './refresh';

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
/** The provider's own limit for the metadata call (common.go: a 2 s client timeout). */
const METADATA_TIMEOUT_MS = 2_000;

export const TENCENT_MISSING =
  'Tencent Cloud credentials are missing: set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY ' +
  '(and TENCENTCLOUD_SECURITY_TOKEN for temporary keys), or use a tccli profile (TENCENTCLOUD_PROFILE, ' +
  'TENCENTCLOUD_SHARED_CREDENTIALS_DIR), TENCENTCLOUD_CAM_ROLE_NAME on a CVM, or TENCENTCLOUD_ASSUME_ROLE_ARN ' +
  'with TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN.';

/** Where STS and the metadata service are reached, known once the query is validated. */
export interface TencentEndpoints {
  /** The endpoint option (every call goes there), or undefined for the public STS host. */
  readonly endpoint?: URL;
  readonly region?: string;
  readonly metadata: URL;
  readonly fetch: FetchOptions;
}

function staticSource(name: string, credentials: TencentCredentials): CredentialSource {
  return { name, temporary: false, resolve: async () => ({ credentials }) };
}

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

function camRoleSource(role: string, endpoints: TencentEndpoints): CredentialSource {
  const title = 'the CVM metadata service';
  return {
    name: `the CVM instance role (TENCENTCLOUD_CAM_ROLE_NAME)`,
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

function stsEndpoint(endpoints: TencentEndpoints): URL {
  return endpoints.endpoint ?? new URL(`https://${STS.host}`);
}

/**
 * `Response.Credentials` and `ExpiredTime` of AssumeRole and AssumeRoleWithWebIdentity. STS refusing a
 * parameter (an unknown role, a bad token) is the API being unusable, not a filter to correct.
 */
function stsCredentials(response: HttpResponse, title: string, endpoints: TencentEndpoints): Issued {
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

interface RoleSession {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly durationSeconds: number;
  readonly externalId?: string;
}

function assumeRoleSource(
  name: string,
  session: RoleSession,
  base: CredentialProvider,
  endpoints: TencentEndpoints,
): CredentialSource {
  const title = 'Tencent Cloud STS AssumeRole';
  return {
    name,
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

function webIdentitySource(
  session: RoleSession,
  providerId: string,
  token: () => string,
  endpoints: TencentEndpoints,
): CredentialSource {
  const title = 'Tencent Cloud STS AssumeRoleWithWebIdentity';
  return {
    name: 'STS AssumeRoleWithWebIdentity (TENCENTCLOUD_ASSUME_ROLE_ARN, TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN)',
    temporary: true,
    async resolve(attempt) {
      const endpoint = stsEndpoint(endpoints);
      // Read at each refresh: CI systems rotate the token in its file.
      const body = JSON.stringify({
        ProviderId: providerId,
        WebIdentityToken: token(),
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

/** The chain as the environment selects it: read without the network, built once endpoints are known. */
export interface TencentPlan {
  /** The region a tccli profile gives, used when neither --region nor TENCENTCLOUD_REGION is set. */
  readonly region?: string;
  build(endpoints: TencentEndpoints): CredentialProvider;
}

export function planTencent(env: NodeJS.ProcessEnv): TencentPlan {
  type Step = (endpoints: TencentEndpoints) => CredentialProvider;
  let base: Step | undefined;
  const keyVariables = [
    'TENCENTCLOUD_SECRET_ID',
    'TENCENTCLOUD_SECRET_KEY',
    'TENCENTCLOUD_SECURITY_TOKEN',
    'TENCENTCLOUD_SESSION_TOKEN',
  ];
  const profile = keyVariables.some((name) => setting(env, name)) ? undefined : readTencentProfile(env);
  if (!profile) {
    const secretId = first(env, ['TENCENTCLOUD_SECRET_ID']);
    const secretKey = first(env, ['TENCENTCLOUD_SECRET_KEY']);
    const token = first(env, ['TENCENTCLOUD_SECURITY_TOKEN', 'TENCENTCLOUD_SESSION_TOKEN']);
    if (secretId && secretKey) {
      const source = staticSource('TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY', {
        cloud: 'tencent',
        secretId,
        secretKey,
        ...(token ? { token } : {}),
      });
      base = () => new RefreshingCredentials(source);
    }
  } else if (profile.secretId && profile.secretKey) {
    const source = staticSource(profile.name, {
      cloud: 'tencent',
      secretId: headerSafe(profile.secretId, `${profile.name}'s secretId`),
      secretKey: headerSafe(profile.secretKey, `${profile.name}'s secretKey`),
      ...(profile.token ? { token: headerSafe(profile.token, `${profile.name}'s token`) } : {}),
    });
    base = () => new RefreshingCredentials(source);
  }
  const camRole = setting(env, 'TENCENTCLOUD_CAM_ROLE_NAME');
  if (camRole) base = (endpoints) => new RefreshingCredentials(camRoleSource(camRole, endpoints));

  const assume = (name: string, session: RoleSession, below: Step | undefined): Step => {
    if (!below)
      throw new InvalidInputError(`${TENCENT_MISSING.replace(/\.$/, '')}: ${name} signs its call with them.`);
    return (endpoints) =>
      new RefreshingCredentials(assumeRoleSource(name, session, below(endpoints), endpoints));
  };
  if (profile?.roleArn && profile.roleSessionName) {
    const session = {
      roleArn: profile.roleArn,
      sessionName: profile.roleSessionName,
      durationSeconds: DEFAULT_SESSION_SECONDS,
    };
    base = assume(`STS AssumeRole (${profile.name}'s role-arn)`, session, base);
  }
  const roleArn = setting(env, 'TENCENTCLOUD_ASSUME_ROLE_ARN');
  const sessionName = setting(env, 'TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME');
  if (roleArn && !sessionName) {
    // The provider would quietly skip the role; a gate must not run as someone else without saying so.
    throw new InvalidInputError(
      'TENCENTCLOUD_ASSUME_ROLE_ARN needs TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME (any name for the session).',
    );
  }
  if (roleArn && sessionName) {
    const session = {
      roleArn,
      sessionName,
      durationSeconds: seconds(env, 'TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION', DEFAULT_SESSION_SECONDS),
      externalId: setting(env, 'TENCENTCLOUD_ASSUME_ROLE_EXTERNAL_ID'),
    };
    const token = webIdentityToken(env);
    if (token) {
      const providerId = setting(env, 'TENCENTCLOUD_ASSUME_ROLE_PROVIDER_ID') ?? 'OIDC';
      base = (endpoints) =>
        new RefreshingCredentials(webIdentitySource(session, providerId, token, endpoints));
    } else {
      base = assume('STS AssumeRole (TENCENTCLOUD_ASSUME_ROLE_ARN)', session, base);
    }
  }
  if (!base) throw new InvalidInputError(TENCENT_MISSING);
  const build = base;
  return { region: profile?.region, build };
}
