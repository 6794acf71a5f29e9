import { signedHuaweiRequest } from '../apis/huawei-cloud';
import { isObject, objectAt } from '../apis/parse';
import { CredentialProvider, Credentials } from '../apis/types';
import { Attempt, HttpRequest, HttpResponse } from '../engine/types';
import { ApiError, InvalidInputError, MalformedResponseError } from '../core/errors';
import { FIELD_MAX_LENGTH, oneLine } from '../core/text';
import { first, headerSafe, setting, tokenFromFile } from './env';
import { credentialField, jsonObject, send } from './http';
import { ChainPlan, Endpoints, Link, Selected, keysLink, link, once, planChain } from './chain';
import { HuaweiProfile, readHuaweiProfile } from './profiles';
import { CredentialSource, Issued } from './refresh';

/**
 * Huawei Cloud's credential chain, as terraform-provider-huaweicloud builds it
 * (huaweicloud/provider.go `configureProvider` and `readConfig`; huaweicloud/config/config.go
 * `LoadAndValidate`; huaweicloud/config/auth.go `buildClient`, `buildClientByAgency`,
 * `getSubjectTokenByIdp`, `getSecurityTokenByIdp`, `getAuthConfigByMeta`):
 *  1. HW_ACCESS_KEY / HW_SECRET_KEY (the SDK's HUAWEICLOUD_SDK_AK / _SK too), HW_SECURITY_TOKEN;
 *  2. when HW_SHARED_CONFIG_FILE or HW_PROFILE is set, the hcloud profile replaces them (and gives
 *     the region, project and agency);
 *  3. HW_ASSUME_ROLE_IDP_ID with HW_ASSUME_ROLE_ID_TOKEN or HW_ASSUME_ROLE_ID_TOKEN_FILE: an OIDC
 *     token exchanged at IAM for temporary keys, which replace them;
 *  4. without keys, the ECS instance's agency from the metadata service;
 *  5. HW_ASSUME_ROLE_AGENCY_NAME with HW_ASSUME_ROLE_DOMAIN_NAME (the profile's agencyName and
 *     agencyDomainName win): IAM assume_role with the credentials so far, for 12 hours as the provider asks;
 *     with HW_ASSUME_ROLE_DOMAIN_ID instead, IAM v5 STS AssumeAgency of `iam::<id>:agency:<name>`
 *     (config/auth.go `buildClientByAgencyV5`), for HW_ASSUME_ROLE_DURATION seconds or STS's default hour.
 */

const ASSUME_ROLE_SECONDS = 12 * 60 * 60;
const SECURITY_TOKENS = '/v3.0/OS-CREDENTIAL/securitytokens';
const ID_TOKEN_TOKENS = '/v3.0/OS-AUTH/id-token/tokens';
const ASSUME_AGENCY = '/v5/agencies/assume';
const METADATA_PATH = '/openstack/latest/securitykey';
const METADATA_TIMEOUT_MS = 2_000;

export const HUAWEI_MISSING =
  'Huawei Cloud credentials are missing: set HW_ACCESS_KEY and HW_SECRET_KEY ' +
  '(or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK), or use an hcloud profile (HW_PROFILE, HW_SHARED_CONFIG_FILE), ' +
  'HW_ASSUME_ROLE_IDP_ID with HW_ASSUME_ROLE_ID_TOKEN_FILE, or run on an ECS with an agency';

/** IAM's or STS's regional host (STS answers in every region), or the endpoint option when given. */
function serviceEndpoint(endpoints: Endpoints, service: 'iam' | 'sts'): URL {
  if (endpoints.endpoint) return endpoints.endpoint;
  if (!endpoints.region) {
    throw new InvalidInputError(
      `Huawei Cloud ${service.toUpperCase()} needs a region: set --region or HW_REGION_NAME.`,
    );
  }
  return new URL(`https://${service}.${endpoints.region}.myhuaweicloud.com`);
}

/** Huawei IAM's and STS's refusals: their error code, and whether a retry could help (5xx, 429). */
function refusedBy(response: HttpResponse, title: string): ApiError | undefined {
  if (response.status === 201 || response.status === 200) return undefined;
  let code = `HTTP ${response.status}`;
  try {
    const body = JSON.parse(response.body) as unknown;
    const error = isObject(body) && isObject(body.error) ? body.error : isObject(body) ? body : {};
    const found = error.code ?? error.error_code;
    if (typeof found === 'string' || typeof found === 'number')
      code = oneLine(String(found), FIELD_MAX_LENGTH);
  } catch {
    // A gateway's HTML page: the status says enough.
  }
  return new ApiError(`${title} refused the request (${code})`, {
    retryable: response.status === 429 || response.status >= 500,
    httpStatus: response.status,
    code,
  });
}

/** IAM's answer: HTTP 201 with `credential`, or its error as an ApiError. */
function iamCredential(response: HttpResponse, title: string): Issued {
  const refusal = refusedBy(response, title);
  if (refusal) throw refusal;
  return credentialOf(jsonObject(response, title), title);
}

/** STS AssumeAgency's answer: `credentials` {access_key_id, secret_access_key, security_token, expiration}. */
function stsCredentials(response: HttpResponse, title: string): Issued {
  const refusal = refusedBy(response, title);
  if (refusal) throw refusal;
  const credentials = objectAt(jsonObject(response, title).credentials, 'credentials');
  const { expiration } = credentials;
  const expires =
    typeof expiration === 'string'
      ? Date.parse(expiration)
      : typeof expiration === 'number'
        ? expiration * 1000
        : NaN;
  if (Number.isNaN(expires))
    throw new MalformedResponseError(`${title} sent no readable credentials.expiration`);
  const field = (name: string) => credentialField(credentials[name], title, `credentials.${name}`);
  return {
    credentials: {
      cloud: 'huawei',
      accessKey: field('access_key_id'),
      secretKey: field('secret_access_key'),
      securityToken: field('security_token'),
    },
    expiresAt: expires,
  };
}

/** `credential` {access, secret, securitytoken, expires_at}: IAM's and the metadata service's shape. */
function credentialOf(body: Record<string, unknown>, title: string): Issued {
  const credential = objectAt(body.credential, 'credential');
  const expires = typeof credential.expires_at === 'string' ? Date.parse(credential.expires_at) : NaN;
  if (Number.isNaN(expires))
    throw new MalformedResponseError(`${title} sent no readable credential.expires_at`);
  const field = (name: string) => credentialField(credential[name], title, `credential.${name}`);
  return {
    credentials: {
      cloud: 'huawei',
      accessKey: field('access'),
      secretKey: field('secret'),
      securityToken: field('securitytoken'),
    },
    expiresAt: expires,
  };
}

function jsonPost(endpoint: URL, path: string, body: unknown, headers: Record<string, string>): HttpRequest {
  return {
    method: 'POST',
    url: new URL(path, endpoint).toString(),
    headers: { 'Content-Type': 'application/json;charset=UTF-8', Host: endpoint.host, ...headers },
    body: JSON.stringify(body),
  };
}

interface Agency extends Selected {
  readonly agencyName: string;
  readonly domainName?: string;
}

function agencySource(agency: Agency, endpoints: Endpoints, base: CredentialProvider): CredentialSource {
  const title = 'Huawei Cloud IAM (assume_role)';
  return {
    name: agency.name,
    temporary: true,
    async resolve(attempt: Attempt) {
      const endpoint = serviceEndpoint(endpoints, 'iam');
      const assumeRole: Record<string, unknown> = {
        agency_name: agency.agencyName,
        duration_seconds: ASSUME_ROLE_SECONDS,
      };
      if (agency.domainName) assumeRole.domain_name = agency.domainName;
      const body = { auth: { identity: { methods: ['assume_role'], assume_role: assumeRole } } };
      const request = signedPost(endpoint, SECURITY_TOKENS, body, await base.get(attempt), attempt);
      return iamCredential(await send(request, attempt, endpoints.fetch), title);
    },
  };
}

/** A JSON POST signed with AK/SK (and the security token of temporary keys), as IAM and STS take it. */
function signedPost(
  endpoint: URL,
  path: string,
  payload: unknown,
  signer: Credentials,
  attempt: Attempt,
): HttpRequest {
  return signedHuaweiRequest({
    endpoint,
    method: 'POST',
    path,
    contentType: 'application/json;charset=UTF-8',
    body: JSON.stringify(payload),
    credentials: signer,
    now: attempt.now,
  });
}

interface AgencyV5 extends Selected {
  readonly agencyName: string;
  readonly domainId: string;
  readonly seconds?: number;
}

function agencyV5Source(agency: AgencyV5, endpoints: Endpoints, base: CredentialProvider): CredentialSource {
  const title = 'Huawei Cloud STS (AssumeAgency)';
  return {
    name: agency.name,
    temporary: true,
    async resolve(attempt: Attempt) {
      const payload: Record<string, unknown> = {
        agency_urn: `iam::${agency.domainId}:agency:${agency.agencyName}`,
        // The provider names the session after the agency.
        agency_session_name: agency.agencyName,
      };
      if (agency.seconds !== undefined) payload.duration_seconds = agency.seconds;
      const request = signedPost(
        serviceEndpoint(endpoints, 'sts'),
        ASSUME_AGENCY,
        payload,
        await base.get(attempt),
        attempt,
      );
      return stsCredentials(await send(request, attempt, endpoints.fetch), title);
    },
  };
}

interface IdentityProvider extends Selected {
  readonly idpId: string;
  readonly token: () => string;
}

function oidcSource({ name, idpId, token }: IdentityProvider, endpoints: Endpoints): CredentialSource {
  return {
    name,
    temporary: true,
    async resolve(attempt) {
      const endpoint = serviceEndpoint(endpoints, 'iam');
      // The ID token is the proof: neither call is signed (auth.go getSubjectTokenByIdp, getSecurityTokenByIdp).
      const exchanged = await send(
        jsonPost(endpoint, ID_TOKEN_TOKENS, { auth: { id_token: { id: token() } } }, { 'X-Idp-Id': idpId }),
        attempt,
        endpoints.fetch,
      );
      const subject = exchanged.headers['x-subject-token'];
      if (exchanged.status !== 201 || !subject) {
        throw new ApiError(`Huawei Cloud IAM refused the ID token (HTTP ${exchanged.status})`, {
          retryable: exchanged.status === 429 || exchanged.status >= 500,
          httpStatus: exchanged.status,
          code: `HTTP ${exchanged.status}`,
        });
      }
      const body = { auth: { identity: { methods: ['token'], token: { id: subject } } } };
      const response = await send(jsonPost(endpoint, SECURITY_TOKENS, body, {}), attempt, endpoints.fetch);
      return iamCredential(response, 'Huawei Cloud IAM (securitytokens)');
    },
  };
}

/**
 * The ECS agency's keys. Chosen only when nothing else is set, as by the provider: when the first
 * call finds no metadata service (not on ECS) or no agency, that is the missing-credentials error.
 */
function metadataSource({ name }: Selected, endpoints: Endpoints): CredentialSource {
  const title = 'the ECS metadata service';
  let answered = false;
  return {
    name,
    temporary: true,
    async resolve(attempt) {
      const url = new URL(METADATA_PATH, endpoints.metadata).toString();
      let response: HttpResponse;
      try {
        response = await send(
          { method: 'GET', url, headers: {} },
          attempt,
          endpoints.fetch,
          METADATA_TIMEOUT_MS,
        );
      } catch (error) {
        if (!answered && error instanceof ApiError) {
          throw new InvalidInputError(
            `${HUAWEI_MISSING} (no metadata service answered: ${error.code ?? 'no answer'}).`,
          );
        }
        throw error;
      }
      if ((response.status === 404 || response.status === 403) && !answered) {
        throw new InvalidInputError(
          `${HUAWEI_MISSING} (the metadata service has no agency for this instance).`,
        );
      }
      if (response.status !== 200) {
        throw new ApiError(`${title} answered HTTP ${response.status}`, {
          retryable: response.status >= 500,
          httpStatus: response.status,
          code: `HTTP ${response.status}`,
        });
      }
      answered = true;
      return credentialOf(jsonObject(response, title), title);
    },
  };
}

function idToken(env: NodeJS.ProcessEnv): () => string {
  const value = first(env, ['HW_ASSUME_ROLE_ID_TOKEN']);
  if (value) return () => value;
  const file = setting(env, 'HW_ASSUME_ROLE_ID_TOKEN_FILE');
  if (!file) {
    throw new InvalidInputError(
      'HW_ASSUME_ROLE_IDP_ID needs HW_ASSUME_ROLE_ID_TOKEN or HW_ASSUME_ROLE_ID_TOKEN_FILE.',
    );
  }
  return () => tokenFromFile('HW_ASSUME_ROLE_ID_TOKEN_FILE', file);
}

/** HW_ASSUME_ROLE_DURATION: AssumeAgency's duration_seconds, 900 to 43200 (STS's bounds). */
function assumeDuration(env: NodeJS.ProcessEnv): number | undefined {
  const text = setting(env, 'HW_ASSUME_ROLE_DURATION');
  if (text === undefined) return undefined;
  const seconds = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
  if (!(seconds >= 900 && seconds <= 43200)) {
    throw new InvalidInputError('HW_ASSUME_ROLE_DURATION must be a number of seconds from 900 to 43200.');
  }
  return seconds;
}

interface Context {
  readonly env: NodeJS.ProcessEnv;
  /** The hcloud profile, read only when HW_SHARED_CONFIG_FILE or HW_PROFILE is set. */
  readonly profile: () => HuaweiProfile | undefined;
}

/** The agency to assume: the profile's agencyName wins over the variables, with its own domain. */
function agencyOf({ env, profile }: Context) {
  const found = profile();
  return {
    profile: found?.agencyName ? found : undefined,
    agencyName: found?.agencyName ?? setting(env, 'HW_ASSUME_ROLE_AGENCY_NAME'),
    domainId: found?.agencyName ? undefined : setting(env, 'HW_ASSUME_ROLE_DOMAIN_ID'),
  };
}

const KEY_PAIRS = [
  ['HW_ACCESS_KEY', 'HW_SECRET_KEY'],
  ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK'],
] as const;

/** The chain in the provider's order (see the top of this file); the docs' table lists the same rows. */
export const HUAWEI_CHAIN: readonly Link<Context>[] = [
  keysLink({
    name: 'static keys',
    reads: [...KEY_PAIRS.flat(), 'HW_SECURITY_TOKEN'],
    applies({ env }) {
      const pair = KEY_PAIRS.find(([ak, sk]) => first(env, [ak]) && first(env, [sk]));
      if (!pair) return undefined;
      const securityToken = first(env, ['HW_SECURITY_TOKEN']);
      return {
        name: `${pair[0]} and ${pair[1]}`,
        credentials: {
          cloud: 'huawei',
          accessKey: first(env, [pair[0]]) as string,
          secretKey: first(env, [pair[1]]) as string,
          ...(securityToken ? { securityToken } : {}),
        },
      };
    },
  }),
  keysLink({
    name: 'hcloud profile',
    reads: ['HW_SHARED_CONFIG_FILE', 'HW_PROFILE'],
    applies({ profile }) {
      const found = profile();
      if (!found) return undefined;
      if (!found.accessKey || !found.secretKey) {
        throw new InvalidInputError(`${found.name} holds no accessKeyId and secretAccessKey.`);
      }
      return {
        name: found.name,
        credentials: {
          cloud: 'huawei',
          accessKey: headerSafe(found.accessKey, `${found.name}'s accessKeyId`),
          secretKey: headerSafe(found.secretKey, `${found.name}'s secretAccessKey`),
          ...(found.securityToken
            ? { securityToken: headerSafe(found.securityToken, `${found.name}'s securityToken`) }
            : {}),
        },
      };
    },
  }),
  link({
    name: 'OIDC ID token exchanged at IAM',
    reads: ['HW_ASSUME_ROLE_IDP_ID', 'HW_ASSUME_ROLE_ID_TOKEN', 'HW_ASSUME_ROLE_ID_TOKEN_FILE'],
    relation: 'replaces',
    applies({ env }): IdentityProvider | undefined {
      const idpId = setting(env, 'HW_ASSUME_ROLE_IDP_ID');
      if (!idpId) return undefined;
      return { name: 'the OIDC identity provider (HW_ASSUME_ROLE_IDP_ID)', idpId, token: idToken(env) };
    },
    source: oidcSource,
  }),
  link({
    name: 'ECS instance agency',
    // Its address is the metadata service's (TASKGATE_METADATA_ENDPOINT in tests), read by the caller.
    reads: [],
    relation: 'fallback',
    applies: () => ({ name: 'the ECS instance agency (metadata service)' }),
    source: metadataSource,
  }),
  link({
    name: 'IAM assume_role of an agency',
    reads: ['HW_ASSUME_ROLE_AGENCY_NAME', 'HW_ASSUME_ROLE_DOMAIN_NAME'],
    relation: 'signs with',
    applies(context): Agency | undefined {
      const { profile, agencyName, domainId } = agencyOf(context);
      if (!agencyName && domainId) {
        throw new InvalidInputError(
          'HW_ASSUME_ROLE_DOMAIN_ID names the account of an agency: set HW_ASSUME_ROLE_AGENCY_NAME too.',
        );
      }
      if (!agencyName || domainId) return undefined;
      return profile
        ? {
            name: `IAM assume_role (${profile.name}'s agencyName)`,
            agencyName,
            domainName: profile.agencyDomainName,
          }
        : {
            name: 'IAM assume_role (HW_ASSUME_ROLE_AGENCY_NAME)',
            agencyName,
            domainName: setting(context.env, 'HW_ASSUME_ROLE_DOMAIN_NAME'),
          };
    },
    source: agencySource,
  }),
  link({
    name: 'IAM v5 STS AssumeAgency',
    reads: ['HW_ASSUME_ROLE_AGENCY_NAME', 'HW_ASSUME_ROLE_DOMAIN_ID', 'HW_ASSUME_ROLE_DURATION'],
    relation: 'signs with',
    applies(context): AgencyV5 | undefined {
      const { agencyName, domainId } = agencyOf(context);
      if (!agencyName || !domainId) return undefined;
      return {
        name: 'STS AssumeAgency (HW_ASSUME_ROLE_AGENCY_NAME, HW_ASSUME_ROLE_DOMAIN_ID)',
        agencyName,
        domainId,
        seconds: assumeDuration(context.env),
      };
    },
    source: agencyV5Source,
  }),
];

/** The chain as the environment selects it: read without the network, built once endpoints are known. */
export function planHuawei(env: NodeJS.ProcessEnv): ChainPlan {
  const profile = once(() => readHuaweiProfile(env));
  const build = planChain(HUAWEI_CHAIN, { env, profile }, HUAWEI_MISSING);
  // What an hcloud profile gives wins over HW_REGION_NAME and HW_PROJECT_ID, as in the provider.
  return { region: profile()?.region, projectId: profile()?.projectId, build };
}
