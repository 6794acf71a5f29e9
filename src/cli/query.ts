import { credentialsFromEnv } from '../apis/credentials';
import { getApi, resolveEndpoint } from '../apis';
import { ApiModule, Credentials } from '../apis/types';
import { parseDuration } from '../engine/durations';
import { parseUserTime } from '../engine/times';
import { InvalidInputError } from '../errors';
import {
  API_NAMES,
  CONDITIONS,
  Condition,
  SELECTIONS,
  Selection,
  TASK_STATUSES,
  TaskFilter,
  TaskStatus,
  WAIT_CONDITIONS,
  WaitCondition,
  isTaskStatus,
} from '../model';
import { Labeler, RawOptions } from './options';
import { QueryKey } from './query-keys';

/** A validated task-list invocation: everything needed before the first request is sent. */
export interface TaskQuery {
  readonly api: ApiModule;
  readonly filter: TaskFilter;
  readonly select: Selection;
  readonly until: WaitCondition;
  readonly expect: Condition;
  readonly maxAgeMs?: number;
  readonly timeoutMs: number;
  readonly pollIntervalMs: number;
  readonly appearTimeoutMs: number;
  /** How long one HTTP request may take. */
  readonly requestTimeoutMs: number;
  readonly endpoint: URL;
  readonly region?: string;
  readonly projectId?: string;
  readonly credentials: Credentials;
  /** Names options in messages as the user gave them (flag, variable or query key). */
  readonly label: Labeler;
}

export const DEFAULTS = {
  select: 'newest',
  until: 'succeeded',
  expect: 'succeeded',
  timeout: '30m',
  poll_interval: '10s',
  appear_timeout: '2m',
  request_timeout: '10s',
} as const;

function single(raw: RawOptions, key: QueryKey): string | undefined {
  const value = raw[key];
  return Array.isArray(value) ? value.join(',') : value;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InvalidInputError(`${what} must be one of ${allowed.join(', ')}, not ${quoted(value)}.`);
  }
  return value as T;
}

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

function positiveDuration(value: string, what: string, limit: { ms: number; text: string }): number {
  if (value.trim().startsWith('-')) {
    throw new InvalidInputError(`${what} must be a positive duration such as 90s or 10m, not "${value}".`);
  }
  const ms = parseDuration(value, what);
  if (ms <= 0) throw new InvalidInputError(`${what} must be longer than zero, not "${value}".`);
  if (ms > limit.ms) throw new InvalidInputError(`${what} must be at most ${limit.text}, not "${value}".`);
  return ms;
}

/** Region names as both clouds spell them: ap-guangzhou, ap-shanghai-fsi, cn-north-4, la-south-2. */
const REGION = /^[a-z]{2,4}(-[a-z0-9]{1,20}){1,3}$/;
/** Huawei project ids are 32 hex digits; anything that is safe in a URL path segment is let through. */
const PROJECT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

function quoted(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}

/**
 * Validates raw options into a TaskQuery: every check that needs no network happens here, so bad
 * input is exit 2 before any connection is opened.
 */
export function resolveQuery(raw: RawOptions, env: NodeJS.ProcessEnv, label: Labeler): TaskQuery {
  const apiName = single(raw, 'api');
  if (!apiName) throw new InvalidInputError(`${label('api')} is required: one of ${API_NAMES.join(', ')}.`);
  const api = getApi(apiName);
  const zone = api.zoneOffsetMinutes;

  const statuses = (raw.statuses as string[] | undefined)?.map((status): TaskStatus => {
    if (!isTaskStatus(status)) {
      throw new InvalidInputError(
        `${label('statuses')} must be one of ${TASK_STATUSES.join(', ')}, not "${status}".`,
      );
    }
    return status;
  });
  const time = (key: QueryKey) => {
    const value = single(raw, key);
    return value === undefined ? undefined : parseUserTime(value, zone, label(key));
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
  api.validateFilter(filter);

  const maxAge = single(raw, 'max_age');
  const duration = (key: keyof typeof DURATION_LIMITS, value: string) =>
    positiveDuration(value, label(key), DURATION_LIMITS[key]);
  const endpointOption = single(raw, 'endpoint') ?? nonEmpty(env.TASKGATE_ENDPOINT);
  const regionVariable = api.cloud === 'tencent' ? 'TENCENTCLOUD_REGION' : 'HW_REGION_NAME';
  const region = single(raw, 'region') ?? nonEmpty(env[regionVariable]);
  if (region !== undefined && !REGION.test(region)) {
    const what = raw.region !== undefined ? label('region') : regionVariable;
    const example = api.cloud === 'tencent' ? 'ap-guangzhou' : 'cn-north-4';
    throw new InvalidInputError(`${what} ${quoted(region)} is not a region name such as ${example}.`);
  }
  const projectId =
    single(raw, 'project_id') ?? (api.cloud === 'huawei' ? nonEmpty(env.HW_PROJECT_ID) : undefined);
  if (projectId !== undefined && !PROJECT_ID.test(projectId)) {
    const what = raw.project_id !== undefined ? label('project_id') : 'HW_PROJECT_ID';
    throw new InvalidInputError(
      `${what} ${quoted(projectId)} is not a project id (letters, digits, - and _; Huawei's are 32 hex digits).`,
    );
  }
  if (projectId !== undefined && api.cloud !== 'huawei') {
    throw new InvalidInputError(
      `${label('project_id')} is not supported by ${api.name}: only huawei-rds has projects.`,
    );
  }
  if (api.needsProject && !projectId) {
    throw new InvalidInputError(
      `${api.name} needs a project id: set ${label('project_id')} or HW_PROJECT_ID.`,
    );
  }
  if (api.needsRegion && !region && !(api.cloud === 'huawei' && endpointOption)) {
    const variable = api.cloud === 'tencent' ? 'TENCENTCLOUD_REGION' : 'HW_REGION_NAME';
    throw new InvalidInputError(`${api.name} needs a region: set ${label('region')} or ${variable}.`);
  }
  const endpoint = resolveEndpoint(api, endpointOption, region);

  return {
    api,
    filter,
    select: oneOf(single(raw, 'select') ?? DEFAULTS.select, SELECTIONS, label('select')),
    until: oneOf(single(raw, 'until') ?? DEFAULTS.until, WAIT_CONDITIONS, label('until')),
    expect: oneOf(single(raw, 'expect') ?? DEFAULTS.expect, CONDITIONS, label('expect')),
    maxAgeMs: maxAge === undefined ? undefined : duration('max_age', maxAge),
    timeoutMs: duration('timeout', single(raw, 'timeout') ?? DEFAULTS.timeout),
    pollIntervalMs: duration('poll_interval', single(raw, 'poll_interval') ?? DEFAULTS.poll_interval),
    appearTimeoutMs: duration('appear_timeout', single(raw, 'appear_timeout') ?? DEFAULTS.appear_timeout),
    requestTimeoutMs: duration('request_timeout', single(raw, 'request_timeout') ?? DEFAULTS.request_timeout),
    endpoint,
    region,
    projectId,
    // Last, so that every other mistake is reported even on a machine without credentials.
    credentials: credentialsFromEnv(api.cloud, env),
    label,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
