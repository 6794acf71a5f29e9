import { Fn, Token } from 'cdktf';
import { API_NAMES, ApiName } from '../core/model';
import {
  DEFAULTS,
  LABELLERS,
  LIST_KEYS,
  OPTION_KEYS,
  OPTION_SPECS,
  OptionKey,
  TerraformType,
  attributesOf,
} from '../core/options';
import { RawOptions, validateQueryAll } from '../validation';
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
  /** Filter: the API's own task types, in either of its forms (`FLOW_BACKUPINSTANCE` or `012`; CDB `ROLLBACK` or `1`). @default - every type */
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

/** Each option a construct takes (the API aside), with the prop path that holds it (the schema's). */
const PROP_PATHS: readonly (readonly [OptionKey, readonly string[]])[] = OPTION_KEYS.flatMap((key) => {
  const prop = OPTION_SPECS[key].prop;
  return key === 'api' || prop === undefined ? [] : [[key, prop.split('.')] as const];
});

/** The filter and connection props: the options held at the top of the props. */
const FILTER_PROPS = Object.fromEntries(
  PROP_PATHS.filter(([, path]) => path.length === 1).map(([key, [prop]]) => [prop, key]),
) as Readonly<Record<keyof AnyTaskQueryProps, OptionKey>>;

/** The runtime type of each filter and connection prop (props.ts). */
export const QUERY_PROP_RULES: Readonly<Record<keyof AnyTaskQueryProps, PropRule>> = Object.fromEntries(
  Object.entries(FILTER_PROPS).map(([prop, key]) => [prop, LIST_KEYS.has(key) ? 'strings' : 'string']),
) as Record<keyof AnyTaskQueryProps, PropRule>;

/** The string props of a nested prop object (`wait`, `assert`): its condition, `select`, then the rest. */
function nestedRules(parent: string): Record<string, PropRule> {
  const [first, ...rest] = PROP_PATHS.filter(([key, path]) => key !== 'select' && path[0] === parent);
  return Object.fromEntries(
    [first, ['select', ['', 'select']] as const, ...rest].map(([, path]) => [path[1], 'string' as const]),
  );
}

/** The props of `wait`. */
export const WAIT_PROP_RULES: PropRule = { object: nestedRules('wait') };

/** The props of `assert`. */
export const ASSERT_PROP_RULES: PropRule = { object: nestedRules('assert') };

type AllProps = AnyTaskQueryProps & { wait?: TaskListWaitOptions; assert?: TaskListAssertOptions };

/** An option's value in the props, at its prop path; `select` is wait's or else assert's. */
function propValue(props: AllProps, key: OptionKey): string | string[] | undefined {
  if (key === 'select') return props.wait?.select ?? props.assert?.select;
  const path = OPTION_SPECS[key].prop?.split('.') ?? [];
  let value: unknown = props;
  for (const name of path) value = (value as Record<string, unknown> | undefined)?.[name];
  return value as string | string[] | undefined;
}

const known = (value: unknown): boolean => value !== undefined && !Token.isUnresolved(value);

/** "" or blanks: read as unset, a filter would match everything, so it is refused. */
const blank = (value: unknown) => typeof value === 'string' && value.trim() === '';

/**
 * Checks props at construction with the same rules as the CLI and the provider (src/validation.ts),
 * and throws one error listing every problem, one sentence per prop; values that are unresolved
 * tokens are left to the run time, which checks them again, as are the region and project that
 * Terraform's environment may supply.
 */
export function validateTaskQuery(owner: string, api: string, props: AllProps): void {
  const { wait, assert } = props;
  const raw: RawOptions = {};
  const unknown: OptionKey[] = [];
  const problems: string[] = [];
  const topLevel = new Set<OptionKey>(Object.values(FILTER_PROPS));
  for (const [key] of PROP_PATHS) {
    const value = propValue(props, key);
    if (value === undefined) continue;
    if (!known(value) || (Array.isArray(value) && value.some((item) => !known(item)))) {
      unknown.push(key);
      continue;
    }
    if (
      topLevel.has(key) &&
      (blank(value) || (Array.isArray(value) && (value.length === 0 || value.some(blank))))
    ) {
      problems.push(`${OPTION_SPECS[key].prop} must not be empty; leave it out instead.`);
      continue;
    }
    raw[key] = value;
  }
  const label = (key: OptionKey) =>
    key === 'select' ? (wait?.select !== undefined ? 'wait.select' : 'assert.select') : LABELLERS.prop(key);
  // An api that is a token is one of the four at run time: the props must suit at least one.
  const candidates = known(api) ? [api] : API_NAMES;
  const found = candidates.map(
    (name) => validateQueryAll({ ...raw, api: name }, label, { partial: true, unknown }).problems,
  );
  if (found.every((list) => list.length > 0)) problems.push(...found[0].map(({ message }) => message));
  if (known(wait?.select) && known(assert?.select) && wait?.select !== assert?.select) {
    problems.push('wait.select and assert.select must agree: one read selects the tasks for both.');
  }
  if (problems.length > 0) throw new Error(problems.map((message) => `${owner}: ${message}`).join('\n'));
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
  const all: AllProps = { ...props, wait: options.wait, assert: options.assert };
  for (const [key] of PROP_PATHS) {
    const value = propValue(all, key);
    if (value !== undefined) query[key] = text(value);
  }
  return query;
}

/**
 * Arguments of `data "taskgate_tasks"` or `resource "taskgate_gate"` (CONTRACT section 9), each at
 * the attribute path the schema gives it; only set values.
 */
export function providerArguments(
  api: ApiName,
  props: AnyTaskQueryProps,
  options: { wait?: TaskListWaitOptions; assert?: TaskListAssertOptions; gate?: boolean },
): Record<string, unknown> {
  const type: TerraformType = options.gate ? 'gate' : 'data';
  const { wait, assert } = options;
  const args: Record<string, unknown> = { api };
  // The data source's wait block is what makes its read wait: it is there whenever wait is given.
  if (type === 'data' && wait) args.wait = {};
  const all: AllProps = { ...props, wait, assert };
  for (const [key, { path }] of attributesOf(type)) {
    if (key === 'api') continue;
    const prop = OPTION_SPECS[key].prop ?? '';
    // A data source evaluates assert's props only when assert is given, and waits only with wait.
    if (
      type === 'data' &&
      ((prop.startsWith('assert.') && !assert) || (prop.startsWith('wait.') && key !== 'select' && !wait))
    )
      continue;
    // An assert evaluates expect's default when it names none.
    const value = key === 'expect' ? (propValue(all, key) ?? DEFAULTS.expect) : propValue(all, key);
    if (value === undefined) continue;
    let parent = args;
    for (const name of path.slice(0, -1)) parent = (parent[name] ??= {}) as Record<string, unknown>;
    parent[path[path.length - 1]] = value;
  }
  return args;
}
