import {
  API_DESCRIPTORS,
  API_NAMES,
  ApiName,
  CLOUDS,
  CONDITIONS,
  SELECTIONS,
  TASK_STATUSES,
  WAIT_CONDITIONS,
  needsProject,
} from './model';

/**
 * The one description of a task-list query's options, for every way in: the CLI's flags and help,
 * the TASKGATE_* variables, the external program's query keys, the constructs' props and the
 * provider's arguments. Each key is the snake_case name the query and the provider use. Everything
 * else that lists options (accepted keys per command, help lines, provider schemas and attribute
 * paths, construct props, defaults and limits) is derived from OPTIONS, in options.ts.
 */

/** The task-list commands of the CLI. */
export type TaskCommandName = 'list' | 'wait' | 'check';
/** The provider's two Terraform types: `data "taskgate_tasks"` and `resource "taskgate_gate"`. */
export type TerraformType = 'data' | 'gate';

/** The longest value a duration takes, in milliseconds and as the messages write it. */
export interface DurationLimit {
  readonly ms: number;
  readonly text: string;
}

const HOUR = 3_600_000;

/** What values an option takes. */
export type OptionKind =
  | { readonly kind: 'enum'; readonly values: readonly string[]; readonly default?: string }
  | { readonly kind: 'duration'; readonly default?: string; readonly max: DurationLimit }
  | { readonly kind: 'time' }
  | { readonly kind: 'id' }
  | { readonly kind: 'url' }
  /** A list of strings: repeatable flags, comma-separated variables and query values, list props and attributes. */
  | { readonly kind: 'list'; readonly values?: readonly string[] };

/** Where a Terraform type holds an option, and how its schema describes it there. */
export interface AttributeSpec {
  /** Attribute names from the top: `['max_age']`, `['wait', 'timeout']`, `['timeouts', 'create']`. */
  readonly path: readonly string[];
  /** The schema shows the option's default as the attribute's value (optional and computed). */
  readonly defaulted?: boolean;
  /** This type's own description, when the option's does not fit it. */
  readonly description?: string;
}

/** An option in the CLI's help: the value's name after the flag, and the text beside it, its lines as help shows them. */
export interface HelpSpec {
  readonly value: string;
  readonly text: string;
  /** A command's own text, where it differs. */
  readonly byCommand?: Partial<Record<TaskCommandName, string>>;
}

export interface OptionSpec {
  /** `--instance-id`, without the dashes; the variable is named after it (TASKGATE_INSTANCE_ID). */
  readonly flag: string;
  /** The construct prop, as a path from the props: `instanceId`, `wait.until`; none when no construct takes it. */
  readonly prop?: string;
  readonly type: OptionKind;
  /** One sentence for the provider's schema and docs. */
  readonly description: string;
  readonly help?: HelpSpec;
  /** Every query must give it. */
  readonly required?: boolean;
  /** The CLI commands that take it (the external program takes every key). */
  readonly commands: readonly TaskCommandName[];
  readonly attributes: Partial<Record<TerraformType, AttributeSpec>>;
  /** A variable read before every variable was named after its flag; still accepted for existing jobs. */
  readonly legacyVariable?: string;
}

/** "a", "a and b", "a, b and c". */
const and = (items: readonly string[]) =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
/** Which APIs need a region and which take a project, from their descriptors. */
const NEEDS_REGION = API_NAMES.filter((name: ApiName) => API_DESCRIPTORS[name].needsRegion);
const WITH_PROJECT = API_NAMES.filter(needsProject);
const REGION_VARIABLES = Object.values(CLOUDS).map((cloud) => cloud.regionVariable);

const ALL: readonly TaskCommandName[] = ['list', 'wait', 'check'];
const list = (values: readonly string[]) => values.join(', ');
const argument = (description?: string): Partial<Record<TerraformType, AttributeSpec>> => ({
  data: { path: [] as string[], description },
  gate: { path: [] as string[], description },
});

export const OPTIONS = {
  api: {
    flag: 'api',
    prop: 'api',
    type: { kind: 'enum', values: API_NAMES },
    description: `The task-list API to read: ${list(API_NAMES)}.`,
    help: { value: 'API', text: `${API_NAMES.join(', ')} (required)` },
    required: true,
    commands: ALL,
    attributes: argument(),
  },
  command: {
    flag: 'command',
    type: { kind: 'enum', values: ['list', 'wait', 'check'], default: 'check' },
    description: "The external program's command: list, wait or check.",
    commands: [],
    attributes: {},
  },
  instance_id: {
    flag: 'instance-id',
    prop: 'instanceId',
    type: { kind: 'id' },
    description: "Only tasks of this instance (the instance's id).",
    help: { value: 'ID', text: "the instance's id" },
    commands: ALL,
    attributes: argument(),
  },
  instance_name: {
    flag: 'instance-name',
    prop: 'instanceName',
    type: { kind: 'id' },
    description: 'Only tasks of the instance with this name.',
    help: { value: 'NAME', text: "the instance's name" },
    commands: ALL,
    attributes: argument(),
  },
  task_types: {
    flag: 'task-type',
    prop: 'taskTypes',
    type: { kind: 'list' },
    description:
      "Only tasks of these types, in the API's own values (tencent-redis-v2: task_backupInstance or backupInstance).",
    help: {
      value: 'TYPE',
      text: "the API's own task type, in either of its forms; repeatable or\ncomma-separated (tencent-redis: FLOW_BACKUPINSTANCE or 012;\ntencent-cdb: 1 or ROLLBACK; tencent-redis-v2: task_backupInstance\nor backupInstance)",
    },
    commands: ALL,
    attributes: argument(),
    legacyVariable: 'TASKGATE_TASK_TYPES',
  },
  statuses: {
    flag: 'status',
    prop: 'statuses',
    type: { kind: 'list', values: TASK_STATUSES },
    description: `Only tasks in these normalized statuses: ${list(TASK_STATUSES)}.`,
    help: { value: 'STATUS', text: `${list(TASK_STATUSES)};\nrepeatable or comma-separated` },
    commands: ALL,
    attributes: argument(),
    legacyVariable: 'TASKGATE_STATUSES',
  },
  started_after: {
    flag: 'started-after',
    prop: 'startedAfter',
    type: { kind: 'time' },
    description:
      'Only tasks started after this time: ISO 8601 with an offset (2017-02-08T16:46:34+08:00), or "YYYY-MM-DD HH:mm:ss" in the API\'s zone (Tencent +08:00, Huawei UTC).',
    // The help's two time lines read as one sentence.
    help: { value: 'TIME', text: 'ISO 8601 with offset (2017-02-08T16:46:34+08:00), or' },
    commands: ALL,
    attributes: argument(),
  },
  started_before: {
    flag: 'started-before',
    prop: 'startedBefore',
    type: { kind: 'time' },
    description: 'Only tasks started before this time, written as for started_after.',
    help: { value: 'TIME', text: '"YYYY-MM-DD HH:mm:ss" in the API\'s zone (Tencent +08:00, Huawei UTC)' },
    commands: ALL,
    attributes: argument(),
  },
  task_id: {
    flag: 'task-id',
    prop: 'taskId',
    type: { kind: 'id' },
    description: 'Only the task with this id.',
    help: { value: 'ID', text: "the task's id" },
    commands: ALL,
    attributes: argument(),
  },
  async_request_id: {
    flag: 'async-request-id',
    prop: 'asyncRequestId',
    type: { kind: 'id' },
    description: 'Only the task of the tencent-cdb operation that returned this AsyncRequestId.',
    help: { value: 'ID', text: 'the AsyncRequestId of a CDB operation' },
    commands: ALL,
    attributes: argument(),
  },
  select: {
    flag: 'select',
    // `assert.select` too: one read selects the tasks for both.
    prop: 'wait.select',
    type: { kind: 'enum', values: SELECTIONS, default: 'newest' },
    description: `Which matching tasks the condition looks at: the newest one, or all (${list(SELECTIONS)}).`,
    help: { value: 'newest|all', text: 'the newest matching task (default), or every match' },
    commands: ['wait', 'check'],
    attributes: { data: { path: [], defaulted: true }, gate: { path: [], defaulted: true } },
  },
  until: {
    flag: 'until',
    prop: 'wait.until',
    type: { kind: 'enum', values: WAIT_CONDITIONS, default: 'succeeded' },
    description: `The condition to wait for: ${list(WAIT_CONDITIONS)}. succeeded: every selected task succeeded; finished: every selected task ended; idle: no matching task is pending or running.`,
    help: {
      value: 'CONDITION',
      text: 'succeeded (default): every selected task succeeded\nfinished: every selected task ended (succeeded, failed, cancelled)\nidle: no matching task is pending or running',
    },
    commands: ['wait'],
    attributes: {
      data: { path: ['wait', 'until'], defaulted: true },
      gate: { path: ['until'], defaulted: true },
    },
  },
  expect: {
    flag: 'expect',
    prop: 'assert.expect',
    type: { kind: 'enum', values: CONDITIONS, default: 'succeeded' },
    description: `Evaluate this condition on the selected tasks: ${list(CONDITIONS)}. condition_met and reason report it; a false condition is not an error.`,
    help: { value: 'CONDITION', text: 'succeeded (default), finished, idle, or exists (a task matches)' },
    commands: ['check'],
    attributes: { data: { path: ['expect'] } },
  },
  max_age: {
    flag: 'max-age',
    prop: 'assert.maxAge',
    type: { kind: 'duration', max: { ms: 87_600 * HOUR, text: '87600h' } },
    description:
      'With expect: the selected tasks must have started within this duration of now (90s, 10m, 24h).',
    help: { value: 'DURATION', text: 'the selected tasks must have started within this long of now' },
    commands: ['check'],
    attributes: { data: { path: ['max_age'] } },
  },
  timeout: {
    flag: 'timeout',
    prop: 'wait.timeout',
    type: { kind: 'duration', default: '30m', max: { ms: 720 * HOUR, text: '720h' } },
    description: 'How long the read may wait, as a duration (at most 720h).',
    help: {
      value: 'DURATION',
      text: 'give up after this long, exit 3 (default 5m, at most 720h); a\nhard deadline, as for wait',
      byCommand: {
        wait: 'give up after this long, exit 3 (default 30m, at most 720h); a\nhard deadline: a request still in flight then is abandoned',
      },
    },
    commands: ALL,
    attributes: {
      data: { path: ['wait', 'timeout'], defaulted: true },
      gate: {
        path: ['timeouts', 'create'],
        description:
          'How long creating the gate may wait, as a duration (default 30m, at most 720h). Changing it alone does not replace the gate.',
      },
    },
  },
  poll_interval: {
    flag: 'poll-interval',
    prop: 'wait.pollInterval',
    type: { kind: 'duration', default: '10s', max: { ms: 24 * HOUR, text: '24h' } },
    description: 'Time between polls (a duration such as 10s), growing gently while nothing changes.',
    help: {
      value: 'DURATION',
      text: 'time between polls, growing gently while nothing changes\n(default 10s, at most 24h)',
    },
    commands: ['wait'],
    attributes: {
      data: { path: ['wait', 'poll_interval'], defaulted: true },
      gate: { path: ['poll_interval'], defaulted: true },
    },
  },
  appear_timeout: {
    flag: 'appear-timeout',
    prop: 'wait.appearTimeout',
    type: { kind: 'duration', default: '2m', max: { ms: 720 * HOUR, text: '720h' } },
    description:
      'How long no task may match before giving up (task lists are eventually consistent), as a duration.',
    help: { value: 'DURATION', text: 'how long no task may match before giving up, exit 3 (default 2m)' },
    commands: ['wait'],
    attributes: {
      data: { path: ['wait', 'appear_timeout'], defaulted: true },
      gate: { path: ['appear_timeout'], defaulted: true },
    },
  },
  request_timeout: {
    flag: 'request-timeout',
    type: { kind: 'duration', default: '10s', max: { ms: HOUR, text: '1h' } },
    description: 'How long one HTTP request may take.',
    help: { value: 'DURATION', text: 'how long one HTTP request may take (default 10s, at most 1h)' },
    commands: ALL,
    attributes: {},
  },
  region: {
    flag: 'region',
    prop: 'region',
    type: { kind: 'id' },
    description: `The region (${and(NEEDS_REGION)} need${NEEDS_REGION.length === 1 ? 's' : ''} one); default ${REGION_VARIABLES.join(' or ')}, as when it is "".`,
    help: { value: 'REGION', text: `default ${REGION_VARIABLES.join(' / ')}` },
    commands: ALL,
    attributes: argument(),
  },
  project_id: {
    flag: 'project-id',
    prop: 'projectId',
    type: { kind: 'id' },
    description: `The Huawei Cloud project (${WITH_PROJECT.join(', ')} only); default ${CLOUDS.huawei.projectVariable}, as when it is "".`,
    help: { value: 'ID', text: `${WITH_PROJECT.join(', ')} only; default ${CLOUDS.huawei.projectVariable}` },
    commands: ALL,
    attributes: argument(),
  },
  endpoint: {
    flag: 'endpoint',
    prop: 'endpoint',
    type: { kind: 'url' },
    // The provider takes it in its own block: every read and gate of the provider sends there.
    description:
      'Send every request to this base URL instead of the public hosts (plain http only to 127.0.0.1, localhost or [::1]); default TASKGATE_ENDPOINT.',
    help: {
      value: 'URL',
      text: 'send requests to this base URL (default TASKGATE_ENDPOINT, else the\npublic host); plain http only to loopback',
    },
    commands: ALL,
    attributes: {},
  },
} as const satisfies Record<string, OptionSpec>;

export type OptionKey = keyof typeof OPTIONS;
