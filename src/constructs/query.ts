import { Fn, Token } from 'cdktf';
import { InvalidInputError } from '../errors';
import { API_NAMES, ApiName, isApiName } from '../model';
import { LABELLERS, LIST_KEYS, OptionKey } from '../options';
import { RawOptions, refuseUnsupported, validateQuery } from '../validation';
import { AssertCondition, TaskSelection, WaitCondition } from './enums';
import { PropRule } from './props';

/** `wait`: the read blocks until the condition holds. */
export interface TaskListWaitOptions {
  /** The condition to wait for: `succeeded`, `finished` or `idle`. @default WaitCondition.SUCCEEDED */
  readonly until?: WaitCondition | `${WaitCondition}`;
  /** `newest` (the newest matching task) or `all` (every match). @default TaskSelection.NEWEST */
  readonly select?: TaskSelection | `${TaskSelection}`;
  /** Give up after this long (Go/Terraform duration). @default '30m' */
  readonly timeout?: string;
  /** Time between polls; grows gently while nothing changes. @default '10s' */
  readonly pollInterval?: string;
  /** How long no task may match before giving up (task lists are eventually consistent). @default '2m' */
  readonly appearTimeout?: string;
}

/** `assert`: a postcondition on the read that fails the plan or apply with the task's status. */
export interface TaskListAssertOptions {
  /** `succeeded`, `finished`, `idle` or `exists`. @default AssertCondition.SUCCEEDED */
  readonly expect?: AssertCondition | `${AssertCondition}`;
  /** `newest` or `all`. @default TaskSelection.NEWEST */
  readonly select?: TaskSelection | `${TaskSelection}`;
  /** The selected task must have started within this long of the read (e.g. `24h`). @default - any age */
  readonly maxAge?: string;
}

/** The filters every API takes, and where to send the requests. */
export interface TaskQueryProps {
  /** Filter: the instance's id. @default - every instance */
  readonly instanceId?: string;
  /** Filter: the API's own task types (e.g. `FLOW_BACKUPINSTANCE`). @default - every type */
  readonly taskTypes?: string[];
  /** Filter: normalized statuses (`pending`, `running`, `succeeded`, `failed`, `cancelled`, `paused`, `unknown`). @default - every status */
  readonly statuses?: string[];
  /** Filter: tasks started at or after this time (ISO 8601 with offset, or `YYYY-MM-DD HH:mm:ss` in the API's zone). @default - no lower bound */
  readonly startedAfter?: string;
  /** Filter: tasks started at or before this time. @default - no upper bound */
  readonly startedBefore?: string;
  /** Region of the API. @default - TENCENTCLOUD_REGION / HW_REGION_NAME in Terraform's environment */
  readonly region?: string;
  /** Base URL to send requests to instead of the public host; plain http only to loopback. @default - the public host, or TASKGATE_ENDPOINT */
  readonly endpoint?: string;
}

/** Every filter and connection prop any API takes; each construct exposes the ones its API supports. */
export interface AnyTaskQueryProps extends TaskQueryProps {
  /** Filter: the instance's name (not on `tencent-cdb`). @default - any name */
  readonly instanceName?: string;
  /** Filter: the task's id (not on `tencent-redis-v2`). @default - any task */
  readonly taskId?: string;
  /** Filter: the AsyncRequestId a CDB operation returned (`tencent-cdb` only). @default - any request */
  readonly asyncRequestId?: string;
  /** The project id (`huawei-rds` only). @default - HW_PROJECT_ID in Terraform's environment */
  readonly projectId?: string;
}

const FILTER_PROPS: Record<keyof AnyTaskQueryProps, OptionKey> = {
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

/** The runtime type of each filter and connection prop (props.ts). */
export const QUERY_PROP_RULES: Readonly<Record<keyof AnyTaskQueryProps, PropRule>> = Object.fromEntries(
  Object.entries(FILTER_PROPS).map(([prop, key]) => [prop, LIST_KEYS.has(key) ? 'strings' : 'string']),
) as Record<keyof AnyTaskQueryProps, PropRule>;

/** The props of `wait`. */
export const WAIT_PROP_RULES: PropRule = {
  object: {
    until: 'string',
    select: 'string',
    timeout: 'string',
    pollInterval: 'string',
    appearTimeout: 'string',
  },
};

/** The props of `assert`. */
export const ASSERT_PROP_RULES: PropRule = {
  object: { expect: 'string', select: 'string', maxAge: 'string' },
};

const known = (value: unknown): boolean => value !== undefined && !Token.isUnresolved(value);

/** "" or blanks: read as unset, a filter would match everything, so it is refused. */
const blank = (value: unknown) => typeof value === 'string' && value.trim() === '';

/**
 * Checks props at construction with the same rules as the CLI and the provider (src/validation.ts),
 * one sentence naming the prop; values that are unresolved tokens are left to the run time, which
 * checks them again, as are the region and project that Terraform's environment may supply.
 */
export function validateTaskQuery(
  owner: string,
  api: string,
  props: AnyTaskQueryProps & { wait?: TaskListWaitOptions; assert?: TaskListAssertOptions },
): void {
  const { wait, assert } = props;
  const raw: RawOptions = {};
  const put = (key: OptionKey, value: string | string[] | undefined) => {
    if (known(value) && !(Array.isArray(value) && value.some((item) => !known(item)))) raw[key] = value;
  };
  for (const [prop, key] of Object.entries(FILTER_PROPS) as [keyof AnyTaskQueryProps, OptionKey][]) {
    const value = props[prop];
    if (value === undefined) continue;
    if (
      known(value) &&
      (blank(value) || (Array.isArray(value) && (value.length === 0 || value.some(blank))))
    ) {
      throw new Error(`${owner}: ${prop} must not be empty; leave it out instead.`);
    }
    put(key, value);
  }
  put('until', wait?.until);
  put('timeout', wait?.timeout);
  put('poll_interval', wait?.pollInterval);
  put('appear_timeout', wait?.appearTimeout);
  put('select', wait?.select ?? assert?.select);
  put('expect', assert?.expect);
  put('max_age', assert?.maxAge);
  const label = (key: OptionKey) =>
    key === 'select' ? (wait?.select !== undefined ? 'wait.select' : 'assert.select') : LABELLERS.prop(key);
  const given = (Object.keys(FILTER_PROPS) as (keyof AnyTaskQueryProps)[])
    .filter((prop) => props[prop] !== undefined)
    .map((prop) => FILTER_PROPS[prop]);
  const check = (name: string) => {
    // An unsupported prop is refused even as a token: no value could make it work.
    if (isApiName(name)) refuseUnsupported(name, given, label);
    validateQuery({ ...raw, api: name }, label, { partial: true });
  };
  // An api that is a token is one of the four at run time: the props must suit at least one.
  const candidates = known(api) ? [api] : API_NAMES;
  const errors: unknown[] = [];
  for (const candidate of candidates) {
    try {
      check(candidate);
      break;
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length === candidates.length) {
    const [error] = errors;
    if (error instanceof InvalidInputError) throw new Error(`${owner}: ${error.message}`);
    throw error;
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
): Partial<Record<OptionKey, string>> {
  const query: Partial<Record<OptionKey, string>> = { api };
  if (options.command) query.command = options.command;
  for (const [prop, key] of Object.entries(FILTER_PROPS) as [keyof AnyTaskQueryProps, OptionKey][]) {
    const value = props[prop];
    if (value !== undefined) query[key] = text(value);
  }
  const set = (key: OptionKey, value: string | undefined) => {
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

/** Arguments of `data "taskgate_tasks"` or `resource "taskgate_gate"` (CONTRACT section 9); only set values. */
export function providerArguments(
  api: ApiName,
  props: AnyTaskQueryProps,
  options: { wait?: TaskListWaitOptions; assert?: TaskListAssertOptions; gate?: boolean },
): Record<string, unknown> {
  const args: Record<string, unknown> = { api };
  for (const [prop, key] of Object.entries(FILTER_PROPS) as [keyof AnyTaskQueryProps, OptionKey][]) {
    // The endpoint belongs to the provider block; every other filter is an argument of the same name.
    if (prop === 'endpoint' || props[prop] === undefined) continue;
    args[key] = props[prop];
  }
  const { wait, assert } = options;
  args.select = wait?.select ?? assert?.select;
  if (options.gate) {
    args.until = wait?.until;
    args.poll_interval = wait?.pollInterval;
    args.appear_timeout = wait?.appearTimeout;
    if (wait?.timeout !== undefined) args.timeouts = { create: wait.timeout };
    return args;
  }
  if (assert) {
    args.expect = assert.expect ?? 'succeeded';
    args.max_age = assert.maxAge;
  }
  if (wait) {
    args.wait = {
      until: wait.until,
      timeout: wait.timeout,
      poll_interval: wait.pollInterval,
      appear_timeout: wait.appearTimeout,
    };
  }
  return args;
}
