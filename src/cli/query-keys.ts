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

/** `instance_id` -> `TASKGATE_INSTANCE_ID`. */
export function envNameFor(key: QueryKey): string {
  return `TASKGATE_${key.toUpperCase()}`;
}

export function isQueryKey(key: string): key is QueryKey {
  return Object.prototype.hasOwnProperty.call(QUERY_KEYS, key);
}
