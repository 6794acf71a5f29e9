import { parseDuration } from './core/durations';
import { parseUserTime } from './core/times';
import { InvalidInputError } from './core/errors';
import {
  API_NAMES,
  ApiDescriptor,
  ApiName,
  CLOUDS,
  CONDITIONS,
  Condition,
  FILTER_KEYS,
  SELECTIONS,
  Selection,
  TASK_STATUSES,
  TaskFilter,
  TaskStatus,
  WAIT_CONDITIONS,
  WaitCondition,
  describeApi,
  isTaskStatus,
  needsProject,
  taskTypeCode,
} from './core/model';
import {
  DEFAULTS,
  DurationKey,
  LIST_KEYS,
  Labeler,
  OptionKey,
  READ_TIMEOUT,
  durationLimit,
} from './core/options';
import { quoted } from './core/text';

/**
 * Every check of a task-list query that needs no network, in one place: the CLI, the external
 * program, the constructs (at synth) and the provider (at validate and plan) run these. It loads no
 * client, signer or transport, so the constructs can use it at synth.
 */

/** Raw option values by key, before validation. Lists are already split. */
export type RawOptions = Partial<Record<OptionKey, string | string[]>>;

export { DEFAULTS, READ_TIMEOUT, durationLimit } from './core/options';
export type { DurationKey } from './core/options';

/** One thing wrong with a query: the option at fault, and one sentence naming it as the user wrote it. */
export interface Problem {
  /** Undefined when the value came from the environment (TENCENTCLOUD_REGION, TASKGATE_ENDPOINT). */
  readonly key?: OptionKey;
  readonly message: string;
}

/** Every problem of a query; the message is the first one, as the CLI prints it. */
export class InvalidQueryError extends InvalidInputError {
  constructor(readonly problems: readonly Problem[]) {
    super(problems[0]?.message ?? 'the query is invalid.');
  }
}

/** Region names as both clouds spell them: ap-guangzhou, ap-shanghai-fsi, cn-north-4, la-south-2. */
const REGION = /^[a-z]{2,4}(-[a-z0-9]{1,20}){1,3}$/;
/** Huawei project ids are 32 hex digits; anything that is safe in a URL path segment is let through. */
const PROJECT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InvalidInputError(`${what} must be one of ${allowed.join(', ')}, not ${quoted(value)}.`);
  }
  return value as T;
}

/** A duration option: positive, Go/Terraform style, within its limit. */
export function validDuration(key: DurationKey, value: string, label: Labeler): number {
  const what = label(key);
  const limit = durationLimit(key);
  if (value.trim().startsWith('-')) {
    throw new InvalidInputError(
      `${what} must be a positive duration such as 90s or 10m, not ${quoted(value)}.`,
    );
  }
  const ms = parseDuration(value, what);
  if (ms <= 0) throw new InvalidInputError(`${what} must be longer than zero, not ${quoted(value)}.`);
  if (ms > limit.ms)
    throw new InvalidInputError(`${what} must be at most ${limit.text}, not ${quoted(value)}.`);
  return ms;
}

export function validApi(value: string | undefined, label: Labeler): ApiName {
  if (value === undefined) {
    throw new InvalidInputError(`${label('api')} is required: one of ${API_NAMES.join(', ')}.`);
  }
  return oneOf(value, API_NAMES, label('api'));
}

/** True for 127.0.0.0/8, localhost and [::1]: the only hosts plain http may reach. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The API's public base URL in a region. */
export function defaultEndpoint(descriptor: ApiDescriptor, region: string | undefined): string {
  return `https://${descriptor.defaultHost.replace('{region}', region ?? '')}`;
}

/**
 * An endpoint inside a message, without what could be user:password@ before its host (found by the
 * last `@`, so that text that is no URL at all, `http://ci:Pw@[proxy`, loses it too) nor a query or
 * fragment, where tokens travel.
 */
export function shownEndpoint(text: string): string {
  const base = text.split(/[?#]/)[0];
  const at = base.lastIndexOf('@');
  if (at === -1) return quoted(base);
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(base)?.[0] ?? '';
  return quoted(`${scheme}${base.slice(at + 1)}`);
}

/**
 * The base URL requests go to: the endpoint option or the API's public host. Plain http is refused,
 * before any connection is made, unless the host is loopback. No message repeats a user or password.
 */
export function validEndpoint(
  descriptor: ApiDescriptor,
  endpoint: string | undefined,
  region: string | undefined,
  what: string,
): URL {
  return checkedEndpoint(endpoint ?? defaultEndpoint(descriptor, region), what);
}

/** A base URL as validEndpoint takes it, whatever the API. */
export function checkedEndpoint(text: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidInputError(
      `${what} ${shownEndpoint(text)} is not a URL; use e.g. https://host or http://127.0.0.1:PORT.`,
    );
  }
  if (url.username || url.password) {
    throw new InvalidInputError(
      `${what} holds a user or password before its host; remove it: credentials come from the environment, never from the URL.`,
    );
  }
  if (url.search || url.hash) {
    throw new InvalidInputError(`${what} must be a base URL without query or fragment.`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new InvalidInputError(
      `${what} ${url.origin} uses plain http to a non-loopback host; use https:// (plain http is only for 127.0.0.1, localhost, [::1]).`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidInputError(`${what} must be an https:// URL, not ${url.protocol}//.`);
  }
  // Each API has its own path (TC3 /, v2 /v2/index.php, Huawei /v3/...), and its signature covers it.
  if (url.pathname !== '/') {
    throw new InvalidInputError(
      `${what} ${quoted(url.origin + url.pathname)} has a path; give the base URL only (${url.origin}): each API is called at its own path, which its signature covers.`,
    );
  }
  return url;
}

/** The filters an API cannot express, each with the reason its descriptor gives. */
export function unsupportedProblems(api: ApiName, given: readonly OptionKey[], label: Labeler): Problem[] {
  const unsupported: Readonly<Partial<Record<OptionKey, string>>> = describeApi(api).unsupported;
  return given.flatMap((key) => {
    const why = unsupported[key];
    return why === undefined ? [] : [{ key, message: `${label(key)} is not supported by ${api}: ${why}.` }];
  });
}

/** A validated query: everything needed before the first request is sent, credentials aside. */
export interface QueryValues {
  readonly api: ApiName;
  readonly descriptor: ApiDescriptor;
  readonly filter: TaskFilter;
  readonly select: Selection;
  readonly until: WaitCondition;
  readonly expect: Condition;
  readonly maxAgeMs?: number;
  /** The deadline of a wait. */
  readonly timeoutMs: number;
  /** The deadline of one read (list, check): the timeout option, or its shorter default for a read. */
  readonly readTimeoutMs: number;
  readonly pollIntervalMs: number;
  readonly appearTimeoutMs: number;
  /** How long one HTTP request may take. */
  readonly requestTimeoutMs: number;
  /** Undefined only in a partial validation without an endpoint option. */
  readonly endpoint?: URL;
  readonly region?: string;
  readonly projectId?: string;
}

export interface ValidateOptions {
  /** Where region, project and endpoint defaults are read (the environment the query runs in). */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * At synth the environment Terraform will run with is not known: check every value that is given,
   * but not that a region or project is given.
   */
  readonly partial?: boolean;
  /**
   * Options given whose values are not known yet (tokens, values from resources): the checks that
   * need their value are skipped. An unknown `api` skips every check that depends on the API.
   */
  readonly unknown?: readonly OptionKey[];
}

export interface ValidatedQuery {
  /** Present when there is no problem. */
  readonly values?: QueryValues;
  readonly problems: Problem[];
}

function single(raw: RawOptions, key: OptionKey): string | undefined {
  const value = raw[key];
  return Array.isArray(value) ? value.join(',') : value;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * Validates raw options into QueryValues and reports every problem, each naming its option, in the
 * order the CLI has always reported the first.
 */
export function validateQueryAll(
  raw: RawOptions,
  label: Labeler,
  options: ValidateOptions = {},
): ValidatedQuery {
  const env = options.env ?? {};
  const unknown = new Set(options.unknown ?? []);
  const problems: Problem[] = [];
  /** Runs one check; an input error becomes a problem of `key` (or of the environment). */
  const check = <T>(key: OptionKey | undefined, run: () => T): T | undefined => {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      problems.push({ key, message: error.message });
      return undefined;
    }
  };
  const problem = (key: OptionKey | undefined, message: string) => problems.push({ key, message });

  const api = unknown.has('api') ? undefined : check('api', () => validApi(single(raw, 'api'), label));
  const descriptor = api === undefined ? undefined : describeApi(api);
  const cloud = descriptor === undefined ? undefined : CLOUDS[descriptor.cloud];

  if (api !== undefined) {
    const given = FILTER_KEYS.filter((key) => raw[key] !== undefined || unknown.has(key));
    problems.push(...unsupportedProblems(api, given, label));
  }
  for (const key of LIST_KEYS) {
    const values = raw[key];
    // An empty value would read as no filter at all: every task matches.
    if (Array.isArray(values) && values.some((value) => value.trim() === '')) {
      problem(key, `${label(key)} holds an empty value; give each value, or leave it out.`);
    }
  }
  const statuses = (raw.statuses as string[] | undefined)?.filter((status): status is TaskStatus => {
    if (isTaskStatus(status)) return true;
    problem(
      'statuses',
      `${label('statuses')} must be one of ${TASK_STATUSES.join(', ')}, not ${quoted(status)}.`,
    );
    return false;
  });
  const types = descriptor?.taskTypes;
  for (const type of (raw.task_types as string[] | undefined) ?? []) {
    if (api !== undefined && types && taskTypeCode(api, type) === undefined) {
      problem(
        'task_types',
        `${label('task_types')} ${quoted(type)} is not a ${api} task type: give ${types.description}.`,
      );
    }
  }
  // Without the API its zone is not known: the form of a time is checked all the same.
  const time = (key: OptionKey) => {
    const value = single(raw, key);
    if (value === undefined) return undefined;
    return check(key, () => parseUserTime(value, descriptor?.zoneOffsetMinutes ?? 0, label(key)));
  };
  const filter: TaskFilter = {
    instanceId: single(raw, 'instance_id'),
    instanceName: single(raw, 'instance_name'),
    taskTypes: raw.task_types as string[] | undefined,
    statuses,
    startedAfter: time('started_after'),
    startedBefore: time('started_before'),
    taskId: single(raw, 'task_id'),
    asyncRequestId: single(raw, 'async_request_id'),
  };
  if (filter.startedAfter && filter.startedBefore && filter.startedAfter > filter.startedBefore) {
    problem(
      'started_after',
      `${label('started_after')} is later than ${label('started_before')}: no task can match.`,
    );
  }

  const endpointOption = single(raw, 'endpoint') ?? nonEmpty(env.TASKGATE_ENDPOINT);
  const endpointKey = raw.endpoint !== undefined ? 'endpoint' : undefined;
  const endpointLabel = endpointKey ? label('endpoint') : 'TASKGATE_ENDPOINT';
  let region: string | undefined;
  let projectId: string | undefined;
  let endpoint: URL | undefined;
  if (descriptor !== undefined && cloud !== undefined && api !== undefined) {
    region = unknown.has('region')
      ? undefined
      : (single(raw, 'region') ?? nonEmpty(env[cloud.regionVariable]));
    if (region !== undefined && !REGION.test(region)) {
      const key = raw.region !== undefined ? 'region' : undefined;
      problem(
        key,
        `${key ? label('region') : cloud.regionVariable} ${quoted(region)} is not a region name such as ${cloud.regionExample}.`,
      );
    }
    const projectVariable = 'projectVariable' in cloud ? cloud.projectVariable : undefined;
    projectId = unknown.has('project_id')
      ? undefined
      : (single(raw, 'project_id') ?? (projectVariable ? nonEmpty(env[projectVariable]) : undefined));
    if ((projectId !== undefined || unknown.has('project_id')) && !projectVariable) {
      const scoped = API_NAMES.filter(needsProject).join(', ');
      problem(
        'project_id',
        `${label('project_id')} is not supported by ${api}: only ${scoped} has projects.`,
      );
    } else if (projectId !== undefined && !PROJECT_ID.test(projectId)) {
      const key = raw.project_id !== undefined ? 'project_id' : undefined;
      problem(
        key,
        `${key ? label('project_id') : projectVariable} ${quoted(projectId)} is not a project id (letters, digits, - and _; Huawei's are 32 hex digits).`,
      );
    }
    if (!options.partial) {
      if (projectVariable && !projectId) {
        problem('project_id', `${api} needs a project id: set ${label('project_id')} or ${projectVariable}.`);
      }
      // A region that only names the host is not needed when the endpoint names it instead.
      const regionInHostOnly = descriptor.defaultHost.includes('{region}') && endpointOption !== undefined;
      if (descriptor.needsRegion && !region && !regionInHostOnly) {
        problem('region', `${api} needs a region: set ${label('region')} or ${cloud.regionVariable}.`);
      }
    }
    if (!(options.partial && endpointOption === undefined)) {
      endpoint = check(endpointKey, () => validEndpoint(descriptor, endpointOption, region, endpointLabel));
    }
  } else if (endpointOption !== undefined) {
    // Without the API only a given endpoint can be checked: the default one is the API's host.
    check(endpointKey, () => checkedEndpoint(endpointOption, endpointLabel));
  }

  const choice = <T extends string>(key: 'select' | 'until' | 'expect', allowed: readonly T[]) =>
    check(key, () => oneOf(single(raw, key) ?? (DEFAULTS[key] as string), allowed, label(key)));
  const duration = (key: DurationKey, fallback?: string) => {
    const value = single(raw, key) ?? fallback;
    return value === undefined ? undefined : check(key, () => validDuration(key, value, label));
  };
  const select = choice('select', SELECTIONS);
  const until = choice('until', WAIT_CONDITIONS);
  const expect = choice('expect', CONDITIONS);
  const maxAgeMs = duration('max_age');
  const timeoutMs = duration('timeout', DEFAULTS.timeout);
  // A given timeout is checked once: the read's deadline is the same value.
  const readTimeoutMs = raw.timeout === undefined ? validDuration('timeout', READ_TIMEOUT, label) : timeoutMs;
  const pollIntervalMs = duration('poll_interval', DEFAULTS.poll_interval);
  const appearTimeoutMs = duration('appear_timeout', DEFAULTS.appear_timeout);
  const requestTimeoutMs = duration('request_timeout', DEFAULTS.request_timeout);

  if (problems.length > 0 || api === undefined || descriptor === undefined) return { problems };
  return {
    problems,
    values: {
      api,
      descriptor,
      filter,
      select: select as Selection,
      until: until as WaitCondition,
      expect: expect as Condition,
      maxAgeMs,
      timeoutMs: timeoutMs as number,
      readTimeoutMs: readTimeoutMs as number,
      pollIntervalMs: pollIntervalMs as number,
      appearTimeoutMs: appearTimeoutMs as number,
      requestTimeoutMs: requestTimeoutMs as number,
      endpoint,
      region,
      projectId,
    },
  };
}

/** Validates raw options into QueryValues; the first mistake is thrown, an InvalidQueryError holding them all. */
export function validateQuery(raw: RawOptions, label: Labeler, options: ValidateOptions = {}): QueryValues {
  const { values, problems } = validateQueryAll(raw, label, options);
  if (problems.length > 0 || values === undefined) throw new InvalidQueryError(problems);
  return values;
}
