/**
 * The option keys shared by the external-program query (CONTRACT section 6), the TASKGATE_* environment
 * variables that TaskGate's local-exec passes, and the CLI's long options.
 */
export const QUERY_KEYS = {
  api: 'api',
  command: 'command',
  instance_id: 'instance-id',
  instance_name: 'instance-name',
  task_types: 'task-type',
  statuses: 'status',
  started_after: 'started-after',
  started_before: 'started-before',
  task_id: 'task-id',
  async_request_id: 'async-request-id',
  select: 'select',
  until: 'until',
  expect: 'expect',
  max_age: 'max-age',
  timeout: 'timeout',
  poll_interval: 'poll-interval',
  appear_timeout: 'appear-timeout',
  request_timeout: 'request-timeout',
  region: 'region',
  project_id: 'project-id',
  endpoint: 'endpoint',
} as const;

export type QueryKey = keyof typeof QUERY_KEYS;

/** Keys whose value is a comma-separated list (the repeatable options). */
export const LIST_KEYS: ReadonlySet<QueryKey> = new Set(['task_types', 'statuses']);

/** A variable is named after its flag: `--task-type` is `TASKGATE_TASK_TYPE`. */
export function envNameForFlag(flag: string): string {
  return `TASKGATE_${flag.toUpperCase().replace(/-/g, '_')}`;
}

/** `instance_id` -> `TASKGATE_INSTANCE_ID`, `task_types` -> `TASKGATE_TASK_TYPE`. */
export function envNameFor(key: QueryKey): string {
  return envNameForFlag(QUERY_KEYS[key]);
}

/** Names read before every variable was named after its flag; still accepted so that existing jobs keep working. */
export const LEGACY_ENV_NAMES: Readonly<Partial<Record<QueryKey, string>>> = {
  task_types: 'TASKGATE_TASK_TYPES',
  statuses: 'TASKGATE_STATUSES',
};

export function isQueryKey(key: string): key is QueryKey {
  return Object.prototype.hasOwnProperty.call(QUERY_KEYS, key);
}
