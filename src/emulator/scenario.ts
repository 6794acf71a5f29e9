import { parseDuration } from '../engine/durations';
import { parseIsoWithOffset } from '../engine/times';
import { UnreadableFileError, readTextFile } from '../files';
import { API_NAMES, ApiName, isApiName } from '../model';
import { quoted } from '../text';
import { ClockChange } from './clock';
import { FAULT_KINDS, Fault, FaultKind } from './faults';
import { IDENTITY_FAULT_KINDS } from './identity';
import { DurationLimit, LIMITS, TIME_RANGE } from './limits';
import { CDB_ENCODINGS, CdbEncoding, NewTask, OUTCOMES, Outcome, SHAPES, Shape } from './task';

/** Keys the emulator accepts, per cloud. */
export interface EmulatorCredentials {
  /** `expiresAt` (timeline epoch ms): temporary keys the emulator issued, refused once it passes. */
  tencent?: { secretId: string; secretKey: string; token?: string; expiresAt?: number }[];
  huawei?: { accessKey: string; secretKey: string; securityToken?: string; expiresAt?: number }[];
}

/** What to do with the timeline clock, as JSON: `{"freeze": true, "step": "1s"}`. */
export interface ClockSettings {
  /** An ISO time with offset to put the clock at. */
  readonly set?: string;
  /** A duration to move the clock by (after `set`): `"30s"`, `"-2h"`. */
  readonly advance?: string;
  /** `true`: stop the clock where it is. */
  readonly freeze?: boolean;
  /** `true`: follow real time again from where the clock is. */
  readonly resume?: boolean;
  /** How far the clock moves after each API request; `"0s"` turns stepping off. */
  readonly step?: string;
}

/** A JSON scenario: the clock, tasks, extra credentials and faults to load. */
export interface Scenario {
  readonly clock?: ClockSettings;
  readonly credentials?: EmulatorCredentials;
  /** Roles, OIDC providers, agencies and instance roles for temporary credentials (identity.ts). */
  readonly identity?: unknown;
  readonly tasks?: readonly unknown[];
  readonly faults?: readonly unknown[];
  /** The answer shape of its tasks that name none: `current` (the default) or `seed`. */
  readonly shape?: Shape;
}

/** A control-interface or scenario mistake: answered with HTTP 400, or a clear error at start. */
export class ScenarioError extends Error {}

function obj(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ScenarioError(`${where} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

const quote = (text: string) => quoted(text, 60);

function str(value: unknown, where: string, required = false): string | undefined {
  if (value === undefined || value === null) {
    if (required) throw new ScenarioError(`${where} is required`);
    return undefined;
  }
  if (typeof value !== 'string' && typeof value !== 'number')
    throw new ScenarioError(`${where} must be a string`);
  const text = String(value);
  if (text.length > LIMITS.textChars) {
    throw new ScenarioError(`${where} must be at most ${LIMITS.textChars} characters`);
  }
  return text;
}

function duration(value: unknown, where: string, fallback: number, limit: DurationLimit): number {
  const text = str(value, where);
  if (text === undefined) return fallback;
  let ms: number;
  try {
    ms = parseDuration(text, where);
  } catch {
    throw new ScenarioError(`${where} must be a duration such as 10s or 2m, not ${quote(text)}`);
  }
  if (!(ms <= limit.ms)) throw new ScenarioError(`${where} must be at most ${limit.label}`);
  return ms;
}

/** A whole number within bounds, or the fallback when left out. */
function integer(value: unknown, where: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ScenarioError(`${where} must be a whole number from ${min} to ${max}`);
  }
  return n;
}

/** An epoch time within the clock's range. */
function inTimeRange(ms: number, where: string): number {
  if (!(ms >= LIMITS.earliest && ms <= LIMITS.latest)) {
    throw new ScenarioError(`${where} must be from ${TIME_RANGE}`);
  }
  return ms;
}

/** `"-30s"`, `"+5s"` (relative to now) or an ISO time with offset. */
function parseStart(value: unknown, where: string, now: number): number {
  const text = str(value, where) ?? '0s';
  const relative = /^([+-])?(.+)$/.exec(text.trim());
  if (relative && !text.includes('T')) {
    const ms = duration(relative[2], where, 0, LIMITS.timeline);
    return inTimeRange(now + (relative[1] === '-' ? -ms : ms), where);
  }
  const at = parseIsoWithOffset(text);
  if (!at)
    throw new ScenarioError(
      `${where} must be a relative duration (-30s, +5s) or an ISO time, not ${quote(text)}`,
    );
  return inTimeRange(at.getTime(), where);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string, fallback: T): T {
  const text = str(value, where);
  if (text === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(text)) {
    throw new ScenarioError(`${where} must be one of ${allowed.join(', ')}, not ${quote(text)}`);
  }
  return text as T;
}

const OUTCOMES_BY_API: Record<ApiName, readonly Outcome[]> = {
  'tencent-redis': ['succeeded', 'failed', 'running'],
  'tencent-redis-v2': ['succeeded', 'failed', 'running'],
  'tencent-cdb': OUTCOMES,
  'huawei-rds': ['succeeded', 'failed', 'running'],
};

/** What the older `cdbEncoding` values mean in terms of `shape` and `stringItems`. */
const CDB_ENCODING_MEANS: Record<CdbEncoding, { shape: Shape; stringItems: boolean }> = {
  objects: { shape: 'seed', stringItems: false },
  'string-items': { shape: 'seed', stringItems: true },
  'task-status-string': { shape: 'current', stringItems: false },
};

/** A task spec from a scenario or the control interface; `shape` is the scenario's default shape. */
export function parseTaskSpec(value: unknown, where: string, now: number, shape: Shape = 'current'): NewTask {
  const spec = obj(value, where);
  const api = str(spec.api, `${where}.api`, true) as string;
  if (!isApiName(api)) throw new ScenarioError(`${where}.api must be one of ${API_NAMES.join(', ')}`);
  const outcome = oneOf(spec.outcome, OUTCOMES_BY_API[api], `${where}.outcome`, 'succeeded');
  const encoding =
    spec.cdbEncoding === undefined
      ? undefined
      : CDB_ENCODING_MEANS[
          oneOf<CdbEncoding>(spec.cdbEncoding, CDB_ENCODINGS, `${where}.cdbEncoding`, 'objects')
        ];
  return {
    api,
    id: str(spec.id, `${where}.id`),
    type: str(spec.type, `${where}.type`, true) as string,
    instanceId: str(spec.instanceId, `${where}.instanceId`, true) as string,
    instanceName: str(spec.instanceName, `${where}.instanceName`),
    startAt: parseStart(spec.start, `${where}.start`, now),
    pendingMs: duration(spec.pendingFor, `${where}.pendingFor`, 0, LIMITS.timeline),
    runningMs: duration(spec.runningFor, `${where}.runningFor`, 0, LIMITS.timeline),
    outcome,
    message: str(spec.message, `${where}.message`),
    asyncRequestId: str(spec.asyncRequestId, `${where}.asyncRequestId`),
    // An explicit shape wins over the one an older cdbEncoding implies.
    shape: oneOf<Shape>(spec.shape, SHAPES, `${where}.shape`, encoding?.shape ?? shape),
    stringItems: encoding?.stringItems ?? false,
  };
}

/**
 * A fault spec: `{ "kind": "throttle", "count": 3, "api": "tencent-redis", "retryAfter": 1 }`, a vendor
 * error `{ "kind": "error", "api": "tencent-cdb", "code": "UnsupportedRegion" }`, or one of an identity
 * service: `{ "kind": "error5xx", "service": "tencent-sts" }`.
 */
export function parseFaultSpec(value: unknown, where: string): Fault {
  const spec = obj(value, where);
  const kind = oneOf<FaultKind>(spec.kind, FAULT_KINDS, `${where}.kind`, 'throttle');
  if (spec.kind === undefined)
    throw new ScenarioError(`${where}.kind is required: one of ${FAULT_KINDS.join(', ')}`);
  const api = str(spec.api, `${where}.api`);
  if (api !== undefined && !isApiName(api))
    throw new ScenarioError(`${where}.api must be one of ${API_NAMES.join(', ')}`);
  const service = str(spec.service, `${where}.service`);
  // Which services exist is the routers' business: the state checks the name against them.
  if (service !== undefined) {
    if (api !== undefined) throw new ScenarioError(`${where} takes api or service, not both`);
    if (!(IDENTITY_FAULT_KINDS as readonly string[]).includes(kind))
      throw new ScenarioError(`${where}.kind must be ${IDENTITY_FAULT_KINDS.join(', ')} with a service`);
  }
  const count = integer(spec.count, `${where}.count`, 1, 1, LIMITS.faultCount);
  const retryAfter = spec.retryAfter === undefined ? undefined : Number(spec.retryAfter);
  if (retryAfter !== undefined && !(retryAfter >= 0 && retryAfter <= LIMITS.retryAfterSeconds))
    throw new ScenarioError(`${where}.retryAfter must be seconds from 0 to ${LIMITS.retryAfterSeconds}`);
  const status = spec.status === undefined ? 503 : Number(spec.status);
  if (!Number.isInteger(status) || status < 500 || status > 599) {
    throw new ScenarioError(`${where}.status must be a 5xx HTTP status`);
  }
  const ms =
    kind === 'skew'
      ? signedDuration(spec.ms, `${where}.ms`, LIMITS.skew)
      : duration(spec.ms, `${where}.ms`, 0, LIMITS.delay);
  const tasks = integer(spec.tasks, `${where}.tasks`, 1, 1, LIMITS.faultTasks);
  // Which codes and forms exist is the routers' business: the state checks them against the API's router.
  const code = str(spec.code, `${where}.code`);
  if (kind === 'error' && code === undefined)
    throw new ScenarioError(`${where}: an error fault names the "code" to answer with (and its "api")`);
  if (kind !== 'error' && (code ?? spec.form ?? spec.message) !== undefined)
    throw new ScenarioError(`${where}: only an error fault takes code, message and form`);
  return {
    kind,
    remaining: count,
    api: api as ApiName | undefined,
    service,
    ms,
    retryAfterSeconds: retryAfter,
    status,
    tasks,
    code,
    message: str(spec.message, `${where}.message`),
    form: str(spec.form, `${where}.form`),
  };
}

function signedDuration(value: unknown, where: string, limit: DurationLimit): number {
  const text = str(value, where, true) as string;
  const negative = text.startsWith('-');
  const ms = duration(text.replace(/^[+-]/, ''), where, 0, limit);
  return negative ? -ms : ms;
}

const CLOCK_KEYS = ['set', 'advance', 'freeze', 'resume', 'step'];

/**
 * A clock change from the control interface or a scenario's `clock`; unknown keys are refused.
 * With `now` (the clock's), the time it leads to must be in range too.
 */
export function parseClockChange(value: unknown, where: string, now?: number): ClockChange {
  const spec = obj(value, where);
  for (const key of Object.keys(spec)) {
    if (!CLOCK_KEYS.includes(key)) {
      throw new ScenarioError(`${where} has an unknown key ${quote(key)} (use ${CLOCK_KEYS.join(', ')})`);
    }
  }
  if (Object.keys(spec).length === 0) {
    throw new ScenarioError(
      `${where} is empty: send {"advance": "30s"}, {"set": "2026-01-01T00:00:00+08:00"}, {"freeze": true}, {"resume": true} or {"step": "1s"}`,
    );
  }
  for (const key of ['freeze', 'resume'] as const) {
    if (spec[key] !== undefined && spec[key] !== true) {
      throw new ScenarioError(`${where}.${key} must be true (or left out)`);
    }
  }
  if (spec.freeze && spec.resume) throw new ScenarioError(`${where} cannot both freeze and resume`);
  let setMs: number | undefined;
  if (spec.set !== undefined) {
    const text = str(spec.set, `${where}.set`) as string;
    const at = parseIsoWithOffset(text);
    if (!at) throw new ScenarioError(`${where}.set must be an ISO time with offset, not ${quote(text)}`);
    setMs = inTimeRange(at.getTime(), `${where}.set`);
  }
  const advanceMs =
    spec.advance === undefined
      ? undefined
      : signedDuration(spec.advance, `${where}.advance`, LIMITS.timeline);
  if (now !== undefined && advanceMs !== undefined) {
    inTimeRange((setMs ?? now) + advanceMs, `the time ${where}.advance leads to`);
  }
  return {
    setMs,
    advanceMs,
    freeze: spec.freeze === true,
    resume: spec.resume === true,
    stepMs: spec.step === undefined ? undefined : duration(spec.step, `${where}.step`, 0, LIMITS.step),
  };
}

export function parseScenario(value: unknown, where = 'scenario'): Scenario {
  const spec = obj(value, where);
  for (const key of Object.keys(spec)) {
    if (!['clock', 'credentials', 'identity', 'tasks', 'faults', 'shape', 'description'].includes(key)) {
      throw new ScenarioError(
        `${where} has an unknown key ${quote(key)} (use clock, credentials, identity, tasks, faults, shape)`,
      );
    }
  }
  if (spec.clock !== undefined) parseClockChange(spec.clock, `${where}.clock`);
  const list = (key: 'tasks' | 'faults', max: number) =>
    spec[key] === undefined ? undefined : listOf(spec[key], `${where}.${key}`, max);
  const credentials =
    spec.credentials === undefined ? undefined : parseCredentials(spec.credentials, `${where}.credentials`);
  return {
    clock: spec.clock as ClockSettings | undefined,
    credentials,
    // Checked where it is loaded (identity.ts), with the roles and providers it names.
    identity: spec.identity,
    tasks: list('tasks', LIMITS.tasksPerRequest),
    faults: list('faults', LIMITS.faultsPerRequest),
    shape: oneOf<Shape>(spec.shape, SHAPES, `${where}.shape`, 'current'),
  };
}

/** A JSON array of at most `max` entries. */
export function listOf(value: unknown, where: string, max: number): unknown[] {
  if (!Array.isArray(value)) throw new ScenarioError(`${where} must be an array`);
  if (value.length > max)
    throw new ScenarioError(`${where} may hold at most ${max} entries, not ${value.length}`);
  return value;
}

function parseCredentials(value: unknown, where: string): EmulatorCredentials {
  const spec = obj(value, where);
  const entries = (key: string) => {
    if (spec[key] === undefined) return [];
    return listOf(spec[key], `${where}.${key}`, LIMITS.credentialsPerRequest).map((entry, i) =>
      obj(entry, `${where}.${key}[${i}]`),
    );
  };
  return {
    tencent: entries('tencent').map((e, i) => ({
      secretId: str(e.secretId, `${where}.tencent[${i}].secretId`, true) as string,
      secretKey: str(e.secretKey, `${where}.tencent[${i}].secretKey`, true) as string,
      token: str(e.token, `${where}.tencent[${i}].token`),
    })),
    huawei: entries('huawei').map((e, i) => ({
      accessKey: str(e.accessKey, `${where}.huawei[${i}].accessKey`, true) as string,
      secretKey: str(e.secretKey, `${where}.huawei[${i}].secretKey`, true) as string,
    })),
  };
}

/** Reads and validates a scenario file; errors name the file and the bad field. */
export function loadScenarioFile(path: string): Scenario {
  let text: string;
  try {
    text = readTextFile(path, LIMITS.scenarioFileBytes);
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    throw new ScenarioError(`scenario ${quote(path)} ${error.reason}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ScenarioError(`scenario ${path} is not JSON`);
  }
  return parseScenario(json, path);
}

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
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ScenarioError(`${where} must be a JSON object`);
  }
  for (const key of Object.keys(value)) {
    if (!keys.includes(key))
      throw new ScenarioError(`${where} has an unknown key ${JSON.stringify(key)} (use ${keys.join(', ')})`);
  }
  return value as Record<string, unknown>;
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
