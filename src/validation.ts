import { parseDuration } from './engine/durations';
import { parseUserTime } from './engine/times';
import { InvalidInputError } from './errors';
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
} from './model';
import { LIST_KEYS, Labeler, OptionKey } from './options';

/**
 * Every check of a task-list query that needs no network, in one place: the CLI, the external
 * program, the constructs (at synth) and the provider (at validate and plan) run these. It loads no
 * client, signer or transport, so the constructs can use it at synth.
 */

/** Raw option values by key, before validation. Lists are already split. */
export type RawOptions = Partial<Record<OptionKey, string | string[]>>;

export const DEFAULTS = {
  select: 'newest',
  until: 'succeeded',
  expect: 'succeeded',
  timeout: '30m',
  /** `--timeout` of list and check, and of a provider read without `wait`: one read, not a wait. */
  read_timeout: '5m',
  poll_interval: '10s',
  appear_timeout: '2m',
  request_timeout: '10s',
} as const;

/**
 * The longest value each duration option takes. Beyond them a value is a mistake (a wait of months, a
 * poll a day apart); the timers themselves never overflow (the clock sleeps in steps Node can hold).
 */
export const DURATION_LIMITS = {
  timeout: { ms: 720 * 3_600_000, text: '720h' },
  appear_timeout: { ms: 720 * 3_600_000, text: '720h' },
  poll_interval: { ms: 24 * 3_600_000, text: '24h' },
  request_timeout: { ms: 3_600_000, text: '1h' },
  max_age: { ms: 87_600 * 3_600_000, text: '87600h' },
} as const;
export type DurationKey = keyof typeof DURATION_LIMITS;

/** Region names as both clouds spell them: ap-guangzhou, ap-shanghai-fsi, cn-north-4, la-south-2. */
const REGION = /^[a-z]{2,4}(-[a-z0-9]{1,20}){1,3}$/;
/** Huawei project ids are 32 hex digits; anything that is safe in a URL path segment is let through. */
const PROJECT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** A value inside a message: bounded, quoted, control characters escaped. */
export function quoted(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}

export function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InvalidInputError(`${what} must be one of ${allowed.join(', ')}, not ${quoted(value)}.`);
  }
  return value as T;
}

/** A duration option: positive, Go/Terraform style, within its limit. */
export function validDuration(key: DurationKey, value: string, label: Labeler): number {
  const what = label(key);
  const limit = DURATION_LIMITS[key];
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
  const text = endpoint ?? defaultEndpoint(descriptor, region);
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

/** Refuses the filters an API cannot express, with the reason its descriptor gives. */
export function refuseUnsupported(api: ApiName, given: readonly OptionKey[], label: Labeler): void {
  const unsupported: Readonly<Partial<Record<OptionKey, string>>> = describeApi(api).unsupported;
  for (const key of given) {
    const why = unsupported[key];
    if (why !== undefined) throw new InvalidInputError(`${label(key)} is not supported by ${api}: ${why}.`);
  }
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
}

function single(raw: RawOptions, key: OptionKey): string | undefined {
  const value = raw[key];
  return Array.isArray(value) ? value.join(',') : value;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** Validates raw options into QueryValues; every mistake is an InvalidInputError naming the option. */
export function validateQuery(raw: RawOptions, label: Labeler, options: ValidateOptions = {}): QueryValues {
  const env = options.env ?? {};
  const api = validApi(single(raw, 'api'), label);
  const descriptor = describeApi(api);
  const cloud = CLOUDS[descriptor.cloud];

  refuseUnsupported(
    api,
    FILTER_KEYS.filter((key) => raw[key] !== undefined),
    label,
  );
  for (const key of LIST_KEYS) {
    const values = raw[key];
    // An empty value would read as no filter at all: every task matches.
    if (Array.isArray(values) && values.some((value) => value.trim() === '')) {
      throw new InvalidInputError(`${label(key)} holds an empty value; give each value, or leave it out.`);
    }
  }
  const statuses = (raw.statuses as string[] | undefined)?.map((status): TaskStatus => {
    if (!isTaskStatus(status)) {
      throw new InvalidInputError(
        `${label('statuses')} must be one of ${TASK_STATUSES.join(', ')}, not ${quoted(status)}.`,
      );
    }
    return status;
  });
  const types = descriptor.taskTypes;
  for (const type of (raw.task_types as string[] | undefined) ?? []) {
    if (types && taskTypeCode(api, type) === undefined) {
      throw new InvalidInputError(
        `${label('task_types')} ${quoted(type)} is not a ${api} task type: give ${types.description}.`,
      );
    }
  }
  const time = (key: OptionKey) => {
    const value = single(raw, key);
    return value === undefined ? undefined : parseUserTime(value, descriptor.zoneOffsetMinutes, label(key));
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
    throw new InvalidInputError(
      `${label('started_after')} is later than ${label('started_before')}: no task can match.`,
    );
  }

  const region = single(raw, 'region') ?? nonEmpty(env[cloud.regionVariable]);
  if (region !== undefined && !REGION.test(region)) {
    const what = raw.region !== undefined ? label('region') : cloud.regionVariable;
    throw new InvalidInputError(
      `${what} ${quoted(region)} is not a region name such as ${cloud.regionExample}.`,
    );
  }
  const projectVariable = 'projectVariable' in cloud ? cloud.projectVariable : undefined;
  const projectId =
    single(raw, 'project_id') ?? (projectVariable ? nonEmpty(env[projectVariable]) : undefined);
  if (projectId !== undefined && !projectVariable) {
    const scoped = API_NAMES.filter(needsProject).join(', ');
    throw new InvalidInputError(
      `${label('project_id')} is not supported by ${api}: only ${scoped} has projects.`,
    );
  }
  if (projectId !== undefined && !PROJECT_ID.test(projectId)) {
    const what = raw.project_id !== undefined ? label('project_id') : projectVariable;
    throw new InvalidInputError(
      `${what} ${quoted(projectId)} is not a project id (letters, digits, - and _; Huawei's are 32 hex digits).`,
    );
  }
  const endpointOption = single(raw, 'endpoint') ?? nonEmpty(env.TASKGATE_ENDPOINT);
  if (!options.partial) {
    if (projectVariable && !projectId) {
      throw new InvalidInputError(
        `${api} needs a project id: set ${label('project_id')} or ${projectVariable}.`,
      );
    }
    // A region that only names the host is not needed when the endpoint names it instead.
    const regionInHostOnly = descriptor.defaultHost.includes('{region}') && endpointOption !== undefined;
    if (descriptor.needsRegion && !region && !regionInHostOnly) {
      throw new InvalidInputError(
        `${api} needs a region: set ${label('region')} or ${cloud.regionVariable}.`,
      );
    }
  }
  const endpointLabel = raw.endpoint !== undefined ? label('endpoint') : 'TASKGATE_ENDPOINT';
  const endpoint =
    options.partial && endpointOption === undefined
      ? undefined
      : validEndpoint(descriptor, endpointOption, region, endpointLabel);

  const duration = (key: DurationKey) =>
    validDuration(key, single(raw, key) ?? DEFAULTS[key as keyof typeof DEFAULTS], label);
  const maxAge = single(raw, 'max_age');
  return {
    api,
    descriptor,
    filter,
    select: oneOf(single(raw, 'select') ?? DEFAULTS.select, SELECTIONS, label('select')),
    until: oneOf(single(raw, 'until') ?? DEFAULTS.until, WAIT_CONDITIONS, label('until')),
    expect: oneOf(single(raw, 'expect') ?? DEFAULTS.expect, CONDITIONS, label('expect')),
    maxAgeMs: maxAge === undefined ? undefined : validDuration('max_age', maxAge, label),
    timeoutMs: duration('timeout'),
    readTimeoutMs: validDuration('timeout', single(raw, 'timeout') ?? DEFAULTS.read_timeout, label),
    pollIntervalMs: duration('poll_interval'),
    appearTimeoutMs: duration('appear_timeout'),
    requestTimeoutMs: duration('request_timeout'),
    endpoint,
    region,
    projectId,
  };
}
