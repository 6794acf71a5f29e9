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
    throw new InvalidInputError(`${what} must be one of ${allowed.join(', ')}, not "${value}".`);
  }
  return value as T;
}

function positiveDuration(value: string, what: string): number {
  const ms = parseDuration(value, what);
  if (ms <= 0) throw new InvalidInputError(`${what} must be longer than zero, not "${value}".`);
  return ms;
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
  const endpointOption = single(raw, 'endpoint') ?? nonEmpty(env.TASKGATE_ENDPOINT);
  const region =
    single(raw, 'region') ?? nonEmpty(api.cloud === 'tencent' ? env.TENCENTCLOUD_REGION : env.HW_REGION_NAME);
  const projectId =
    single(raw, 'project_id') ?? (api.cloud === 'huawei' ? nonEmpty(env.HW_PROJECT_ID) : undefined);
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
    maxAgeMs: maxAge === undefined ? undefined : positiveDuration(maxAge, label('max_age')),
    timeoutMs: positiveDuration(single(raw, 'timeout') ?? DEFAULTS.timeout, label('timeout')),
    pollIntervalMs: positiveDuration(
      single(raw, 'poll_interval') ?? DEFAULTS.poll_interval,
      label('poll_interval'),
    ),
    appearTimeoutMs: positiveDuration(
      single(raw, 'appear_timeout') ?? DEFAULTS.appear_timeout,
      label('appear_timeout'),
    ),
    requestTimeoutMs: positiveDuration(
      single(raw, 'request_timeout') ?? DEFAULTS.request_timeout,
      label('request_timeout'),
    ),
    endpoint,
    region,
    projectId,
    // Last, so that every other mistake is reported even on a machine without credentials.
    credentials: credentialsFromEnv(api.cloud, env),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
