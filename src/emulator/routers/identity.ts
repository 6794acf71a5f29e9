import { randomUUID } from 'node:crypto';
import { lifetimeMs } from '../scenario/identity';
import { verifyHuawei, verifyTc3 } from './auth';
import { htmlPage } from './gateway';
import { REFUSAL_CODES, tc3Error } from './tencent3';
import { Answer, IdentityContext, IdentityRouter, ReceivedRequest, json } from './types';

/**
 * The services that hand out temporary credentials, as the clouds do: Tencent STS (AssumeRole signed
 * with the caller's keys, AssumeRoleWithWebIdentity proven by an OIDC token), Huawei IAM (assume_role
 * signed with the caller's AK/SK, an OIDC ID token exchanged for a subject token and that for keys),
 * and both instance metadata services. What they issue is accepted by the task APIs until it expires
 * on the timeline clock, then refused with the vendor's token error.
 */

const STS_VERSION = '2018-08-13';
const STS_ACTIONS = ['AssumeRole', 'AssumeRoleWithWebIdentity'];
/** STS's default DurationSeconds and the CVM role's lifetime (documented as about 2 hours). */
const TENCENT_DEFAULT_SECONDS = 7200;
/** IAM's default duration_seconds (15 minutes) and the ECS metadata keys' lifetime (about a day). */
const HUAWEI_DEFAULT_SECONDS = 900;
const HUAWEI_METADATA_SECONDS = 24 * 3600;
const SUBJECT_TOKEN_SECONDS = 24 * 3600;

function payloadOf(request: ReceivedRequest): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(request.body || '{}');
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** The parameters that were sent: the log leaves the others out. */
const defined = (params: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined));

const tencentIso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function stsCredentials(context: IdentityContext, askedSeconds: number): Answer {
  const key = context.issue('tencent', lifetimeMs(context.identity, askedSeconds), 'AKIDtmp');
  return json(200, {
    Response: {
      Credentials: { Token: key.token, TmpSecretId: key.id, TmpSecretKey: key.secret },
      ExpiredTime: Math.floor(key.expiresAt / 1000),
      Expiration: tencentIso(key.expiresAt),
      RequestId: randomUUID(),
    },
  });
}

function duration(payload: Record<string, unknown>, fallback: number): number | undefined {
  const value = payload.DurationSeconds ?? fallback;
  return Number.isInteger(value) && (value as number) > 0 && (value as number) <= 43200
    ? (value as number)
    : undefined;
}

export const tencentStsRouter: IdentityRouter = {
  name: 'tencent-sts',
  matches: (request) =>
    request.method === 'POST' &&
    request.path === '/' &&
    request.headers['x-tc-version'] === STS_VERSION &&
    STS_ACTIONS.includes(request.headers['x-tc-action'] ?? ''),
  action: (request) => request.headers['x-tc-action'] ?? '',
  // STS is an API 3.0 service: its errors come on HTTP 200, and a 5xx is the gateway's page.
  serverError: (status) => htmlPage(status, `HTTP ${status}`),
  logParams: (request) => {
    const { RoleArn, RoleSessionName, DurationSeconds, ProviderId } = payloadOf(request);
    return defined({ RoleArn, RoleSessionName, DurationSeconds, ProviderId });
  },
  handle(context) {
    const { request, identity } = context;
    const payload = payloadOf(request);
    const roles = identity.tencent?.roles ?? [];
    const web = request.headers['x-tc-action'] === 'AssumeRoleWithWebIdentity';
    if (web) {
      // The OIDC token is the proof: the SDK sends `Authorization: SKIP` and no signature.
      const provider = identity.tencent?.webIdentity?.find(
        (entry) => entry.providerId === payload.ProviderId && entry.token === payload.WebIdentityToken,
      );
      if (!provider) {
        return tc3Error(
          'InvalidParameter.WebIdentityTokenError',
          'The web identity token could not be verified.',
        );
      }
    } else {
      const refusal = verifyTc3(request, 'sts', context.credentials, context.authNow, context.now);
      if (refusal) return tc3Error(REFUSAL_CODES[refusal.kind], refusal.message);
    }
    if (typeof payload.RoleArn !== 'string' || !roles.includes(payload.RoleArn)) {
      return tc3Error('InvalidParameter.RoleNotExist', 'The role does not exist or may not be assumed.');
    }
    if (typeof payload.RoleSessionName !== 'string' || !/^[\w+=,.@-]{2,128}$/.test(payload.RoleSessionName)) {
      return tc3Error(
        'InvalidParameter.ParamError',
        'RoleSessionName must be 2 to 128 characters of [\\w+=,.@-].',
      );
    }
    const seconds = duration(payload, TENCENT_DEFAULT_SECONDS);
    if (seconds === undefined) {
      return tc3Error('InvalidParameter.ParamError', 'DurationSeconds must be from 1 to 43200.');
    }
    return stsCredentials(context, seconds);
  },
};

const CAM_PATH = /^\/latest\/meta-data\/cam\/security-credentials\/([^/]+)$/;

/** The metadata services answer plain text, also when they fail. */
function metadataError(status: number): Answer {
  return { status, body: 'Service Unavailable', headers: { 'content-type': 'text/plain' } };
}

export const tencentMetadataRouter: IdentityRouter = {
  name: 'tencent-metadata',
  matches: (request) => request.method === 'GET' && CAM_PATH.test(request.path),
  action: () => 'cam/security-credentials',
  serverError: (status) => metadataError(status),
  logParams: (request) => ({ role: decodeURIComponent(CAM_PATH.exec(request.path)?.[1] ?? '') }),
  handle(context) {
    const role = decodeURIComponent(CAM_PATH.exec(context.request.path)?.[1] ?? '');
    if (!context.identity.tencent?.instanceRole || role !== context.identity.tencent.instanceRole) {
      return {
        status: 404,
        body: 'Not Found',
        headers: { 'content-type': 'text/plain' },
        refusal: 'no such CAM role',
      };
    }
    const key = context.issue('tencent', lifetimeMs(context.identity, TENCENT_DEFAULT_SECONDS), 'AKIDtmp');
    return json(200, {
      TmpSecretId: key.id,
      TmpSecretKey: key.secret,
      ExpiredTime: Math.floor(key.expiresAt / 1000),
      Expiration: tencentIso(key.expiresAt),
      Token: key.token,
      Code: 'Success',
    });
  },
};

/** `2026-01-08T02:56:19.587000Z`: IAM's expires_at, with microseconds. */
const huaweiExpiry = (ms: number) => new Date(ms).toISOString().replace(/Z$/, '000Z');

const IAM_TITLES: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden' };

function iamError(status: number, code: string, message: string): Answer {
  return {
    ...json(status, { error: { code, message, title: IAM_TITLES[status] ?? 'Service Unavailable' } }),
    refusal: code,
  };
}

function huaweiCredential(context: IdentityContext, seconds: number, status = 201): Answer {
  const key = context.issue('huawei', lifetimeMs(context.identity, seconds), 'TMPAK');
  return json(status, {
    credential: {
      access: key.id,
      secret: key.secret,
      securitytoken: key.token,
      expires_at: huaweiExpiry(key.expiresAt),
    },
  });
}

const at = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (node, name) =>
      typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[name] : undefined,
    value,
  );

export const huaweiIamRouter: IdentityRouter = {
  name: 'huawei-iam',
  matches: (request) =>
    request.method === 'POST' &&
    (request.path === '/v3.0/OS-CREDENTIAL/securitytokens' ||
      request.path === '/v3.0/OS-AUTH/id-token/tokens'),
  action: (request) => (request.path.endsWith('securitytokens') ? 'securitytokens' : 'id-token/tokens'),
  serverError: (status) => iamError(status, 'IAM.0006', 'The system is busy. Try again later.'),
  logParams: (request) => {
    const payload = payloadOf(request);
    const assumeRole = at(payload, 'auth', 'identity', 'assume_role') as Record<string, unknown> | undefined;
    return defined({
      methods: at(payload, 'auth', 'identity', 'methods'),
      agency_name: assumeRole?.agency_name,
      domain_name: assumeRole?.domain_name,
      idp: request.headers['x-idp-id'],
    });
  },
  handle(context) {
    const { request, identity } = context;
    const payload = payloadOf(request);
    if (request.path.endsWith('id-token/tokens')) {
      const provider = identity.huawei?.identityProviders?.find(
        (entry) =>
          entry.id === request.headers['x-idp-id'] && entry.token === at(payload, 'auth', 'id_token', 'id'),
      );
      if (!provider)
        return iamError(401, 'IAM.0001', 'The ID token could not be verified for this identity provider.');
      const subject = context.issue(
        'huawei-subject',
        lifetimeMs(identity, SUBJECT_TOKEN_SECONDS),
        'subject-',
      );
      return {
        ...json(201, { token: { expires_at: huaweiExpiry(subject.expiresAt), methods: ['token'] } }),
        headers: { 'content-type': 'application/json', 'x-subject-token': subject.token },
      };
    }
    const methods = at(payload, 'auth', 'identity', 'methods');
    if (Array.isArray(methods) && methods[0] === 'token') {
      const id = at(payload, 'auth', 'identity', 'token', 'id');
      const subject = context.issued('huawei-subject').find((key) => key.token === id);
      if (!subject || context.now >= subject.expiresAt) {
        return iamError(401, 'IAM.0002', 'The subject token is invalid or has expired.');
      }
      return huaweiCredential(context, HUAWEI_DEFAULT_SECONDS);
    }
    if (!Array.isArray(methods) || methods[0] !== 'assume_role') {
      return iamError(400, 'IAM.0003', 'auth.identity.methods must be ["assume_role"] or ["token"].');
    }
    const refusal = verifyHuawei(request, context.credentials, context.authNow, context.now);
    if (refusal)
      // A stale X-Sdk-Date is an IAM authentication failure too (Huawei's API signing FAQ).
      return iamError(401, 'APIGW.0301', refusal.message);
    const assumeRole = at(payload, 'auth', 'identity', 'assume_role') as Record<string, unknown> | undefined;
    const agency = identity.huawei?.agencies?.find(
      (entry) =>
        entry.agencyName === assumeRole?.agency_name &&
        (entry.domainName ?? undefined) === (assumeRole?.domain_name ?? undefined),
    );
    if (!agency) return iamError(403, 'IAM.0004', 'The agency does not exist or may not be assumed.');
    const seconds = assumeRole?.duration_seconds ?? HUAWEI_DEFAULT_SECONDS;
    if (!Number.isInteger(seconds) || (seconds as number) < 900 || (seconds as number) > 86400) {
      return iamError(400, 'IAM.0005', 'duration_seconds must be from 900 to 86400.');
    }
    return huaweiCredential(context, seconds as number);
  },
};

/** AssumeAgency's default and bounds; a chained call (signed with a security token) gets at most an hour. */
const V5_DEFAULT_SECONDS = 3600;
const V5_CHAINED_MAX_SECONDS = 3600;

/**
 * Huawei IAM v5 STS AssumeAgency (`POST /v5/agencies/assume`), signed with the caller's AK/SK: the
 * agency is named by its URN, `iam::<account id>:agency:<agency name>`; the keys come back as
 * `credentials` {access_key_id, secret_access_key, security_token, expiration}.
 */
export const huaweiStsRouter: IdentityRouter = {
  name: 'huawei-sts',
  matches: (request) => request.method === 'POST' && request.path === '/v5/agencies/assume',
  action: () => 'AssumeAgency',
  serverError: (status) => iamError(status, 'STS.0500', 'The system is busy. Try again later.'),
  logParams: (request) => {
    const payload = payloadOf(request);
    return defined({ agency_urn: payload.agency_urn, duration_seconds: payload.duration_seconds });
  },
  handle(context) {
    const { request, identity } = context;
    const refusal = verifyHuawei(request, context.credentials, context.authNow, context.now);
    if (refusal)
      // A stale X-Sdk-Date is an IAM authentication failure too (Huawei's API signing FAQ).
      return iamError(401, 'APIGW.0301', refusal.message);
    const payload = payloadOf(request);
    const urn =
      typeof payload.agency_urn === 'string' ? /^iam::([^:]+):agency:(.+)$/.exec(payload.agency_urn) : null;
    if (!urn) return iamError(400, 'STS.0001', 'agency_urn must be iam::<account id>:agency:<agency name>.');
    if (typeof payload.agency_session_name !== 'string' || !payload.agency_session_name) {
      return iamError(400, 'STS.0002', 'agency_session_name is required.');
    }
    const agency = identity.huawei?.agencies?.find(
      (entry) => entry.domainId === urn[1] && entry.agencyName === urn[2],
    );
    if (!agency) return iamError(403, 'STS.0003', 'The agency does not exist or may not be assumed.');
    const chained = Boolean(request.headers['x-security-token']);
    const seconds = payload.duration_seconds ?? V5_DEFAULT_SECONDS;
    const most = chained ? V5_CHAINED_MAX_SECONDS : 43200;
    if (!Number.isInteger(seconds) || (seconds as number) < 900 || (seconds as number) > most) {
      return iamError(400, 'STS.0004', `duration_seconds must be from 900 to ${most}.`);
    }
    const key = context.issue('huawei', lifetimeMs(identity, seconds as number), 'TMPAK');
    return json(201, {
      credentials: {
        access_key_id: key.id,
        secret_access_key: key.secret,
        security_token: key.token,
        expiration: new Date(key.expiresAt).toISOString(),
      },
      assumed_agency: {
        agency_session_id: `${urn[2]}:${payload.agency_session_name}`,
        urn: `sts::${urn[1]}:assumed-agency:${urn[2]}/${payload.agency_session_name}`,
      },
    });
  },
};

export const huaweiMetadataRouter: IdentityRouter = {
  name: 'huawei-metadata',
  matches: (request) => request.method === 'GET' && request.path === '/openstack/latest/securitykey',
  action: () => 'securitykey',
  serverError: (status) => metadataError(status),
  logParams: () => ({}),
  handle(context) {
    if (!context.identity.huawei?.instanceAgency) {
      return {
        status: 404,
        body: 'Not Found',
        headers: { 'content-type': 'text/plain' },
        refusal: 'no agency',
      };
    }
    return huaweiCredential(context, HUAWEI_METADATA_SECONDS, 200);
  },
};

/** The identity services every emulator serves, next to the task APIs. */
export const IDENTITY_ROUTERS: readonly IdentityRouter[] = [
  tencentStsRouter,
  tencentMetadataRouter,
  huaweiIamRouter,
  huaweiStsRouter,
  huaweiMetadataRouter,
];
