import { parseDuration } from '../../core/durations';
import { LIMITS } from '../limits';
import { ScenarioError, obj } from './json';

/**
 * Who may obtain temporary credentials from the emulator, as data: the roles STS lets the keys assume,
 * the OIDC providers and their tokens, the agencies, and the instance roles the metadata services hand
 * out. The core keeps it and the temporary keys it issued; the identity routers read them.
 */
export interface IdentitySettings {
  readonly tencent?: {
    /** Role ARNs AssumeRole and AssumeRoleWithWebIdentity accept. */
    readonly roles?: readonly string[];
    /** OIDC providers (ProviderId) and the web identity token each accepts. */
    readonly webIdentity?: readonly { readonly providerId: string; readonly token: string }[];
    /** The CAM role bound to the "instance": the metadata service serves it. */
    readonly instanceRole?: string;
  };
  readonly huawei?: {
    /**
     * Agencies assume_role accepts (IAM v3, by the account's name) and STS AssumeAgency accepts
     * (IAM v5, by the account's id in the agency URN).
     */
    readonly agencies?: readonly {
      readonly agencyName: string;
      readonly domainName?: string;
      readonly domainId?: string;
    }[];
    /** Identity providers (X-Idp-Id) and the ID token each accepts. */
    readonly identityProviders?: readonly { readonly id: string; readonly token: string }[];
    /** True: the metadata service serves an agency's keys for the "instance". */
    readonly instanceAgency?: boolean;
  };
  /** How long every temporary credential lives, whatever was asked (`"15m"`): for tests of expiry. */
  readonly lifetime?: string;
}

function identityText(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '' || value.length > LIMITS.textChars) {
    throw new ScenarioError(`${where} must be a non-empty string of at most ${LIMITS.textChars} characters`);
  }
  return value;
}

function identityList<T>(
  value: unknown,
  where: string,
  each: (item: unknown, where: string) => T,
): T[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length > LIMITS.credentialsPerRequest) {
    throw new ScenarioError(`${where} must be a list of at most ${LIMITS.credentialsPerRequest} entries`);
  }
  return value.map((item, i) => each(item, `${where}[${i}]`));
}

function identityObject(value: unknown, where: string, keys: readonly string[]): Record<string, unknown> {
  const spec = obj(value, where);
  for (const key of Object.keys(spec)) {
    if (!keys.includes(key))
      throw new ScenarioError(`${where} has an unknown key ${JSON.stringify(key)} (use ${keys.join(', ')})`);
  }
  return spec;
}

/** Checks identity settings from a scenario or the control interface; unknown keys are refused. */
export function parseIdentity(value: unknown, where = 'identity'): IdentitySettings {
  const spec = identityObject(value, where, ['tencent', 'huawei', 'lifetime']);
  const tencent =
    spec.tencent === undefined
      ? undefined
      : identityObject(spec.tencent, `${where}.tencent`, ['roles', 'webIdentity', 'instanceRole']);
  const huawei =
    spec.huawei === undefined
      ? undefined
      : identityObject(spec.huawei, `${where}.huawei`, ['agencies', 'identityProviders', 'instanceAgency']);
  if (spec.lifetime !== undefined) {
    const lifetime = identityText(spec.lifetime, `${where}.lifetime`);
    let ms: number;
    try {
      ms = parseDuration(lifetime, `${where}.lifetime`);
    } catch {
      throw new ScenarioError(`${where}.lifetime must be a duration such as 15m`);
    }
    if (!(ms >= 1000 && ms <= LIMITS.step.ms))
      throw new ScenarioError(`${where}.lifetime must be from 1s to 24h`);
  }
  if (huawei?.instanceAgency !== undefined && typeof huawei.instanceAgency !== 'boolean') {
    throw new ScenarioError(`${where}.huawei.instanceAgency must be true or false`);
  }
  return {
    ...(tencent && {
      tencent: {
        roles: identityList(tencent.roles, `${where}.tencent.roles`, identityText),
        webIdentity: identityList(tencent.webIdentity, `${where}.tencent.webIdentity`, (item, at) => {
          const entry = identityObject(item, at, ['providerId', 'token']);
          return {
            providerId: identityText(entry.providerId, `${at}.providerId`),
            token: identityText(entry.token, `${at}.token`),
          };
        }),
        instanceRole:
          tencent.instanceRole === undefined
            ? undefined
            : identityText(tencent.instanceRole, `${where}.tencent.instanceRole`),
      },
    }),
    ...(huawei && {
      huawei: {
        agencies: identityList(huawei.agencies, `${where}.huawei.agencies`, (item, at) => {
          const entry = identityObject(item, at, ['agencyName', 'domainName', 'domainId']);
          return {
            agencyName: identityText(entry.agencyName, `${at}.agencyName`),
            domainName:
              entry.domainName === undefined ? undefined : identityText(entry.domainName, `${at}.domainName`),
            domainId:
              entry.domainId === undefined ? undefined : identityText(entry.domainId, `${at}.domainId`),
          };
        }),
        identityProviders: identityList(
          huawei.identityProviders,
          `${where}.huawei.identityProviders`,
          (item, at) => {
            const entry = identityObject(item, at, ['id', 'token']);
            return {
              id: identityText(entry.id, `${at}.id`),
              token: identityText(entry.token, `${at}.token`),
            };
          },
        ),
        instanceAgency: huawei.instanceAgency as boolean | undefined,
      },
    }),
    ...(spec.lifetime !== undefined && { lifetime: spec.lifetime as string }),
  };
}

/** Merges new settings into the old: lists grow (each entry once), single values are replaced. */
export function mergeIdentity(old: IdentitySettings, added: IdentitySettings): IdentitySettings {
  const union = <T>(a: readonly T[] | undefined, b: readonly T[] | undefined): T[] | undefined => {
    if (!a && !b) return undefined;
    const seen = new Set<string>();
    return [...(a ?? []), ...(b ?? [])].filter((item) => {
      const key = JSON.stringify(item);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  };
  const merged: IdentitySettings = {
    tencent: {
      roles: union(old.tencent?.roles, added.tencent?.roles),
      webIdentity: union(old.tencent?.webIdentity, added.tencent?.webIdentity),
      instanceRole: added.tencent?.instanceRole ?? old.tencent?.instanceRole,
    },
    huawei: {
      agencies: union(old.huawei?.agencies, added.huawei?.agencies),
      identityProviders: union(old.huawei?.identityProviders, added.huawei?.identityProviders),
      instanceAgency: added.huawei?.instanceAgency ?? old.huawei?.instanceAgency,
    },
    lifetime: added.lifetime ?? old.lifetime,
  };
  const lists = [
    merged.tencent?.roles,
    merged.tencent?.webIdentity,
    merged.huawei?.agencies,
    merged.huawei?.identityProviders,
  ];
  if (lists.some((entries) => (entries?.length ?? 0) > LIMITS.credentials)) {
    throw new ScenarioError(
      `the emulator holds at most ${LIMITS.credentials} roles, agencies or identity providers of each kind`,
    );
  }
  return merged;
}

/** Every token the settings hold, for the log's redaction. */
export function identitySecrets(settings: IdentitySettings): string[] {
  return [
    ...(settings.tencent?.webIdentity ?? []).map((entry) => entry.token),
    ...(settings.huawei?.identityProviders ?? []).map((entry) => entry.token),
  ];
}

/** The lifetime to issue: what was asked (or the vendor's default), capped by the settings' lifetime. */
export function lifetimeMs(settings: IdentitySettings, askedSeconds: number): number {
  const cap = settings.lifetime === undefined ? Infinity : parseDuration(settings.lifetime, 'lifetime');
  return Math.min(askedSeconds * 1000, cap);
}
