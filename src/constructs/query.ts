import { Fn, Token } from 'cdktf';
import { resolveEndpoint, getApi } from '../apis';
import { isDuration, parseDuration } from '../engine/durations';
import { parseUserTime } from '../engine/times';
import { QueryKey } from '../cli/query-keys';
import {
  API_NAMES,
  ApiName,
  CONDITIONS,
  SELECTIONS,
  TASK_STATUSES,
  WAIT_CONDITIONS,
  isApiName,
} from '../model';

/** `wait`: the read blocks until the condition holds. */
export interface TaskListWaitOptions {
  /** The condition to wait for: `succeeded`, `finished` or `idle`. @default 'succeeded' */
  readonly until?: string;
  /** `newest` (the newest matching task) or `all` (every match). @default 'newest' */
  readonly select?: string;
  /** Give up after this long (Go/Terraform duration). @default '30m' */
  readonly timeout?: string;
  /** Time between polls; grows gently while nothing changes. @default '10s' */
  readonly pollInterval?: string;
  /** How long no task may match before giving up (task lists are eventually consistent). @default '2m' */
  readonly appearTimeout?: string;
}

/** `assert`: a postcondition on the read that fails the plan or apply with the task's status. */
export interface TaskListAssertOptions {
  /** `succeeded`, `finished`, `idle` or `exists`. @default 'succeeded' */
  readonly expect?: string;
  /** `newest` or `all`. @default 'newest' */
  readonly select?: string;
  /** The selected task must have started within this long of the read (e.g. `24h`). @default - any age */
  readonly maxAge?: string;
}

/** Every filter and connection prop any API takes; each construct exposes the ones its API supports. */
export interface AnyTaskQueryProps {
  readonly instanceId?: string;
  readonly instanceName?: string;
  readonly taskTypes?: string[];
  readonly statuses?: string[];
  readonly startedAfter?: string;
  readonly startedBefore?: string;
  readonly taskId?: string;
  readonly asyncRequestId?: string;
  readonly region?: string;
  readonly endpoint?: string;
  readonly projectId?: string;
}

const FILTER_PROPS: Record<keyof AnyTaskQueryProps, QueryKey> = {
  instanceId: 'instance_id',
  instanceName: 'instance_name',
  taskTypes: 'task_types',
  statuses: 'statuses',
  startedAfter: 'started_after',
  startedBefore: 'started_before',
  taskId: 'task_id',
  asyncRequestId: 'async_request_id',
  region: 'region',
  endpoint: 'endpoint',
  projectId: 'project_id',
};

/** Why an API lacks a prop, in the words of its error. */
const UNSUPPORTED: Record<ApiName, Partial<Record<keyof AnyTaskQueryProps, string>>> = {
  'tencent-redis': {
    asyncRequestId: 'it is a tencent-cdb filter',
    projectId: 'only huawei-rds has projects',
  },
  'tencent-redis-v2': {
    taskId: 'its tasks carry no id',
    asyncRequestId: 'it is a tencent-cdb filter',
    projectId: 'only huawei-rds has projects',
  },
  'tencent-cdb': {
    instanceName: 'its requests and answers carry no instance name',
    projectId: 'only huawei-rds has projects',
  },
  'huawei-rds': { asyncRequestId: 'it is a tencent-cdb filter' },
};

const known = (value: unknown): boolean => value !== undefined && !Token.isUnresolved(value);

function oneOf(owner: string, prop: string, value: string | undefined, allowed: readonly string[]): void {
  if (known(value) && !allowed.includes(value as string)) {
    throw new Error(`${owner}: ${prop} must be one of ${allowed.join(', ')}, not "${value}".`);
  }
}

function duration(owner: string, prop: string, value: string | undefined): void {
  if (!known(value)) return;
  if (!isDuration(value as string) || parseDuration(value as string, prop) <= 0) {
    throw new Error(
      `${owner}: ${prop} must be a Go/Terraform duration longer than zero such as 90s, 10m or 1h30m, not "${value}".`,
    );
  }
}

/**
 * Checks props at construction, one sentence naming the prop; values that are unresolved tokens are
 * left to the CLI, which checks them again at run time.
 */
export function validateTaskQuery(
  owner: string,
  api: string,
  props: AnyTaskQueryProps & { wait?: TaskListWaitOptions; assert?: TaskListAssertOptions },
): void {
  if (!isApiName(api)) throw new Error(`${owner}: api must be one of ${API_NAMES.join(', ')}, not "${api}".`);
  for (const prop of Object.keys(FILTER_PROPS) as (keyof AnyTaskQueryProps)[]) {
    const value = props[prop];
    if (value === undefined) continue;
    const why = UNSUPPORTED[api][prop];
    if (why) throw new Error(`${owner}: ${prop} is not supported by ${api}: ${why}.`);
    if (known(value) && (value === '' || (Array.isArray(value) && value.some((item) => item === '')))) {
      throw new Error(`${owner}: ${prop} must not be empty; leave it out instead.`);
    }
  }
  for (const status of props.statuses ?? []) oneOf(owner, 'statuses', status, TASK_STATUSES);
  if (api === 'tencent-cdb') {
    for (const type of props.taskTypes ?? []) {
      if (known(type) && !/^\d{1,9}$/.test(type)) {
        throw new Error(
          `${owner}: taskTypes must be DescribeTasks integers such as "1" (database rollback), not "${type}".`,
        );
      }
    }
  }
  const zone = getApi(api).zoneOffsetMinutes;
  for (const prop of ['startedAfter', 'startedBefore'] as const) {
    if (known(props[prop])) {
      try {
        parseUserTime(props[prop] as string, zone, prop);
      } catch {
        throw new Error(
          `${owner}: ${prop} must be ISO 8601 with an offset (2017-02-08T16:46:34+08:00) or "YYYY-MM-DD HH:mm:ss", not "${props[prop]}".`,
        );
      }
    }
  }
  if (known(props.endpoint)) {
    try {
      resolveEndpoint(getApi(api), props.endpoint, undefined, 'endpoint');
    } catch (error) {
      throw new Error(`${owner}: ${(error as Error).message}`);
    }
  }
  const { wait, assert } = props;
  if (wait) {
    oneOf(owner, 'wait.until', wait.until, WAIT_CONDITIONS);
    oneOf(owner, 'wait.select', wait.select, SELECTIONS);
    duration(owner, 'wait.timeout', wait.timeout);
    duration(owner, 'wait.pollInterval', wait.pollInterval);
    duration(owner, 'wait.appearTimeout', wait.appearTimeout);
  }
  if (assert) {
    oneOf(owner, 'assert.expect', assert.expect, CONDITIONS);
    oneOf(owner, 'assert.select', assert.select, SELECTIONS);
    duration(owner, 'assert.maxAge', assert.maxAge);
  }
  if (known(wait?.select) && known(assert?.select) && wait?.select !== assert?.select) {
    throw new Error(
      `${owner}: wait.select and assert.select must agree: one read selects the tasks for both.`,
    );
  }
}

function text(value: string | string[]): string {
  if (Array.isArray(value)) return Token.isUnresolved(value) ? Fn.join(',', value) : value.join(',');
  return value;
}

/** The external-program query (CONTRACT section 6) of a task-list read; only set values appear. */
export function buildQuery(
  api: ApiName,
  props: AnyTaskQueryProps,
  options: {
    command?: 'list' | 'wait' | 'check';
    wait?: TaskListWaitOptions;
    assert?: TaskListAssertOptions;
  },
): Partial<Record<QueryKey, string>> {
  const query: Partial<Record<QueryKey, string>> = { api };
  if (options.command) query.command = options.command;
  for (const [prop, key] of Object.entries(FILTER_PROPS) as [keyof AnyTaskQueryProps, QueryKey][]) {
    const value = props[prop];
    if (value !== undefined) query[key] = text(value);
  }
  const set = (key: QueryKey, value: string | undefined) => {
    if (value !== undefined) query[key] = value;
  };
  set('until', options.wait?.until);
  set('timeout', options.wait?.timeout);
  set('poll_interval', options.wait?.pollInterval);
  set('appear_timeout', options.wait?.appearTimeout);
  set('select', options.wait?.select ?? options.assert?.select);
  set('expect', options.assert?.expect);
  set('max_age', options.assert?.maxAge);
  return query;
}
