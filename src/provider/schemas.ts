import { API_NAMES, CONDITIONS, DEFAULTS, SELECTIONS, TASK_STATUSES, WAIT_CONDITIONS } from './backend';
import { CtyType } from './cty';
import { AttributeSchema, Schema } from './schema';

/** The provider's address parts and the names it registers (CONTRACT section 9). */
export const DATA_SOURCE_TASKS = 'taskgate_tasks';
export const RESOURCE_GATE = 'taskgate_gate';

const list = (values: readonly string[]) => values.join(', ');

/** The section 4 task record: `progress` a number, the rest strings; any may be null. */
export const TASK_TYPE: CtyType = [
  'object',
  {
    id: 'string',
    type: 'string',
    type_name: 'string',
    instance_id: 'string',
    instance_name: 'string',
    status: 'string',
    status_raw: 'string',
    progress: 'number',
    started_at: 'string',
    ended_at: 'string',
    message: 'string',
  },
];

const optionalString = (description: string): AttributeSchema => ({
  type: 'string',
  optional: true,
  description,
});

/** What a user sets to pick the API, the tasks and where they live: shared by the data source and the gate. */
const QUERY_ARGUMENTS: Readonly<Record<string, AttributeSchema>> = {
  api: {
    type: 'string',
    required: true,
    description: `The task-list API to read: ${list(API_NAMES)}.`,
  },
  instance_id: optionalString("Only tasks of this instance (the instance's id)."),
  instance_name: optionalString('Only tasks of the instance with this name (not tencent-cdb).'),
  task_types: {
    type: ['list', 'string'],
    optional: true,
    description:
      "Only tasks of these types, in the API's own values (tencent-redis-v2: task_backupInstance or backupInstance).",
  },
  statuses: {
    type: ['list', 'string'],
    optional: true,
    description: `Only tasks in these normalized statuses: ${list(TASK_STATUSES)}.`,
  },
  started_after: optionalString(
    'Only tasks started after this time: ISO 8601 with an offset (2017-02-08T16:46:34+08:00), or "YYYY-MM-DD HH:mm:ss" in the API\'s zone (Tencent +08:00, Huawei UTC).',
  ),
  started_before: optionalString('Only tasks started before this time, written as for started_after.'),
  task_id: optionalString('Only the task with this id (not tencent-redis-v2, whose tasks carry none).'),
  async_request_id: optionalString(
    'Only the task of the tencent-cdb operation that returned this AsyncRequestId (tencent-cdb only).',
  ),
  region: optionalString(
    'The region (tencent-cdb, tencent-redis-v2 and huawei-rds need one); default TENCENTCLOUD_REGION or HW_REGION_NAME, as when it is "".',
  ),
  project_id: optionalString(
    'The Huawei Cloud project (huawei-rds only); default HW_PROJECT_ID, as when it is "".',
  ),
  select: {
    type: 'string',
    optional: true,
    computed: true,
    default: DEFAULTS.select,
    description: `Which matching tasks the condition looks at: the newest one, or all (${list(SELECTIONS)}).`,
  },
};

/** The outcome, at the moment it was read. */
const RESULT_ATTRIBUTES: Readonly<Record<string, AttributeSchema>> = {
  total: { type: 'number', computed: true, description: 'The number of tasks matching the filters.' },
  tasks: {
    type: ['list', TASK_TYPE],
    computed: true,
    description:
      'The tasks, newest first: id, type, type_name (its readable name, where the API defines one), instance_id, instance_name, status (normalized), status_raw, progress (0 to 100), started_at, ended_at (ISO 8601 with offset) and message; any may be null.',
  },
};

const pollInterval: AttributeSchema = {
  type: 'string',
  optional: true,
  computed: true,
  default: DEFAULTS.poll_interval,
  description: 'Time between polls (a duration such as 10s), growing gently while nothing changes.',
};
const appearTimeout: AttributeSchema = {
  type: 'string',
  optional: true,
  computed: true,
  default: DEFAULTS.appear_timeout,
  description:
    'How long no task may match before giving up (task lists are eventually consistent), as a duration.',
};
const until: AttributeSchema = {
  type: 'string',
  optional: true,
  computed: true,
  default: DEFAULTS.until,
  description: `The condition to wait for: ${list(WAIT_CONDITIONS)}. succeeded: every selected task succeeded; finished: every selected task ended; idle: no matching task is pending or running.`,
};

export const PROVIDER_SCHEMA: Schema = {
  version: 0,
  block: {
    description:
      'Waits for and asserts on managed-database tasks (Tencent Cloud Redis and CDB, Huawei Cloud RDS). Credentials, regions and the Huawei project come from the environment (TENCENTCLOUD_*, HW_* or HUAWEICLOUD_SDK_*), never from the configuration.',
    attributes: {
      endpoint: optionalString(
        'Send every request to this base URL instead of the public hosts (plain http only to 127.0.0.1, localhost or [::1]); default TASKGATE_ENDPOINT.',
      ),
    },
  },
};

export const TASKS_DATA_SOURCE_SCHEMA: Schema = {
  version: 0,
  block: {
    description:
      'Reads a task list: every matching task, or with expect the verdict of a condition (false is not an error: use a postcondition on condition_met), or with wait a read that blocks until the condition holds. A data source with wait waits again at every plan and refresh; to block apply once, use taskgate_gate.',
    attributes: {
      ...QUERY_ARGUMENTS,
      expect: optionalString(
        `Evaluate this condition on the selected tasks: ${list(CONDITIONS)}. condition_met and reason report it; a false condition is not an error.`,
      ),
      max_age: optionalString(
        'With expect: the selected tasks must have started within this duration of now (90s, 10m, 24h).',
      ),
      ...RESULT_ATTRIBUTES,
      condition_met: {
        type: 'bool',
        computed: true,
        description:
          'Whether the condition holds (expect, else wait.until); null when neither expect nor wait is given.',
      },
      reason: {
        type: 'string',
        computed: true,
        description:
          'When condition_met is false: one line that names the task, its status and why; "" otherwise.',
      },
    },
    blocks: {
      wait: {
        description:
          'Block the read until the condition holds. A selected task that failed or was cancelled while succeeded is awaited, a timeout, or nothing appearing is an error.',
        attributes: {
          until,
          timeout: {
            type: 'string',
            optional: true,
            computed: true,
            default: DEFAULTS.timeout,
            description: 'How long the read may wait, as a duration (at most 720h).',
          },
          poll_interval: pollInterval,
          appear_timeout: appearTimeout,
        },
      },
    },
  },
};

export const GATE_RESOURCE_SCHEMA: Schema = {
  version: 0,
  block: {
    description:
      'Blocks terraform apply until a task list meets a condition: creating the gate waits; any change of an argument (triggers included) replaces it and waits again. It keeps no remote object: read, refresh and destroy call no API. Resources that must wait list it in depends_on.',
    attributes: {
      ...QUERY_ARGUMENTS,
      until,
      poll_interval: pollInterval,
      appear_timeout: appearTimeout,
      triggers: {
        type: ['map', 'string'],
        optional: true,
        description:
          'Arbitrary values (a release, a schema version, the id of the backup just started); when any changes, the gate is replaced and waits again.',
      },
      condition_met: {
        type: 'bool',
        computed: true,
        description: 'True: the condition held when the gate was created.',
      },
      ...RESULT_ATTRIBUTES,
    },
    blocks: {
      timeouts: {
        description: 'How long operations may take.',
        attributes: {
          create: optionalString(
            `How long creating the gate may wait, as a duration (default ${DEFAULTS.timeout}, at most 720h). Changing it alone does not replace the gate.`,
          ),
        },
      },
    },
  },
};

/** The arguments of the data source and the gate that are the CLI's query keys. */
export const QUERY_ARGUMENT_NAMES = Object.keys(QUERY_ARGUMENTS);
