/**
 * The options of a task-list query, one table for every way in: the CLI's flags, the TASKGATE_*
 * variables, the external program's query keys, the constructs' props and the provider's attributes.
 * Each key is the snake_case name the query and the provider use.
 */
export const OPTIONS = {
  api: { flag: 'api', prop: 'api' },
  command: { flag: 'command', prop: 'command' },
  instance_id: { flag: 'instance-id', prop: 'instanceId' },
  instance_name: { flag: 'instance-name', prop: 'instanceName' },
  task_types: { flag: 'task-type', prop: 'taskTypes' },
  statuses: { flag: 'status', prop: 'statuses' },
  started_after: { flag: 'started-after', prop: 'startedAfter' },
  started_before: { flag: 'started-before', prop: 'startedBefore' },
  task_id: { flag: 'task-id', prop: 'taskId' },
  async_request_id: { flag: 'async-request-id', prop: 'asyncRequestId' },
  select: { flag: 'select', prop: 'select' },
  until: { flag: 'until', prop: 'wait.until' },
  expect: { flag: 'expect', prop: 'assert.expect' },
  max_age: { flag: 'max-age', prop: 'assert.maxAge' },
  timeout: { flag: 'timeout', prop: 'wait.timeout' },
  poll_interval: { flag: 'poll-interval', prop: 'wait.pollInterval' },
  appear_timeout: { flag: 'appear-timeout', prop: 'wait.appearTimeout' },
  request_timeout: { flag: 'request-timeout', prop: 'requestTimeout' },
  region: { flag: 'region', prop: 'region' },
  project_id: { flag: 'project-id', prop: 'projectId' },
  endpoint: { flag: 'endpoint', prop: 'endpoint' },
} as const;

export type OptionKey = keyof typeof OPTIONS;

/** Keys whose value is a list (repeatable flags, comma-separated strings, list props and attributes). */
export const LIST_KEYS: ReadonlySet<OptionKey> = new Set(['task_types', 'statuses']);

export function isOptionKey(key: string): key is OptionKey {
  return Object.prototype.hasOwnProperty.call(OPTIONS, key);
}

/** A variable is named after its flag: `--task-type` is `TASKGATE_TASK_TYPE`. */
export function envNameForFlag(flag: string): string {
  return `TASKGATE_${flag.toUpperCase().replace(/-/g, '_')}`;
}

/** `instance_id` -> `TASKGATE_INSTANCE_ID`, `task_types` -> `TASKGATE_TASK_TYPE`. */
export function envNameFor(key: OptionKey): string {
  return envNameForFlag(OPTIONS[key].flag);
}

/** Names read before every variable was named after its flag; still accepted so that existing jobs keep working. */
export const LEGACY_ENV_NAMES: Readonly<Partial<Record<OptionKey, string>>> = {
  task_types: 'TASKGATE_TASK_TYPES',
  statuses: 'TASKGATE_STATUSES',
};

/** Where an option was given, which decides how a message names it. */
export type Surface = 'flag' | 'variable' | 'query' | 'prop' | 'attribute';

/** Names an option in a message, in the words of the surface the user wrote it in. */
export type Labeler = (key: OptionKey) => string;

export const LABELLERS: Readonly<Record<Surface, Labeler>> = {
  flag: (key) => `--${OPTIONS[key].flag}`,
  variable: (key) => envNameFor(key),
  query: (key) => `query key "${key}"`,
  prop: (key) => OPTIONS[key].prop,
  attribute: (key) => key,
};
