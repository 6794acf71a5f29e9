/** The vocabulary every layer shares: APIs (one descriptor each), tasks, filters, conditions. */

/** The filters of CONTRACT section 3, by their option key. */
export const FILTER_KEYS = [
  'instance_id',
  'instance_name',
  'task_types',
  'statuses',
  'started_after',
  'started_before',
  'task_id',
  'async_request_id',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export type Cloud = 'tencent' | 'huawei';

/** What each cloud needs besides keys: its region (and Huawei's project) and where they are read from. */
export const CLOUDS = {
  tencent: { title: 'Tencent Cloud', regionVariable: 'TENCENTCLOUD_REGION', regionExample: 'ap-guangzhou' },
  huawei: {
    title: 'Huawei Cloud',
    regionVariable: 'HW_REGION_NAME',
    regionExample: 'cn-north-4',
    projectVariable: 'HW_PROJECT_ID',
  },
} as const satisfies Record<Cloud, CloudFacts>;

export interface CloudFacts {
  readonly title: string;
  readonly regionVariable: string;
  readonly regionExample: string;
  /** Set when the cloud's APIs are scoped by a project id. */
  readonly projectVariable?: string;
}

/**
 * One task-list API's facts, as data: everything the CLI, the constructs, the provider, the help text
 * and the README need to know about it without loading its client. Its request and answer field names
 * live in its `apis/` file and its emulator router only.
 */
export interface ApiDescriptor {
  readonly cloud: Cloud;
  /** For messages: "Tencent Cloud Redis DescribeTaskList". */
  readonly title: string;
  /** The construct that reads it (src/constructs). */
  readonly construct: string;
  /** The API's reference in shared/seeds, for the README table. */
  readonly reference: string;
  /** The zone its `YYYY-MM-DD HH:mm:ss` times are read and printed in, in minutes east of UTC. */
  readonly zoneOffsetMinutes: number;
  /** The largest page it serves. */
  readonly maxPageSize: number;
  /** Its public host; `{region}` is replaced by the region. */
  readonly defaultHost: string;
  /** Whether a request needs a region (the host, a header or a parameter carries it). */
  readonly needsRegion: boolean;
  /** Filters it cannot express, server or client side, with the reason the refusal gives. */
  readonly unsupported: Readonly<Partial<Record<FilterKey, string>>>;
  /** The form of its task types, when it is stricter than "any string". */
  readonly taskTypeForm?: { readonly pattern: RegExp; readonly description: string };
  /** A task type to show in examples and help. */
  readonly exampleTaskType: string;
  /** Documented names of task types it reports as bare codes. */
  readonly taskTypeNames?: Readonly<Record<string, string>>;
}

const CDB_ONLY = 'it is a tencent-cdb filter';

/** The four APIs (CONTRACT section 1). A fifth is one more entry here (see the README's contributor section). */
export const API_DESCRIPTORS = {
  'tencent-redis': {
    cloud: 'tencent',
    title: 'Tencent Cloud Redis DescribeTaskList',
    construct: 'TencentRedisTaskList',
    reference: 'tencent-redis-DescribeTaskList-2018-04-12.txt',
    zoneOffsetMinutes: 8 * 60,
    maxPageSize: 100,
    defaultHost: 'redis.tencentcloudapi.com',
    needsRegion: false,
    unsupported: { async_request_id: CDB_ONLY },
    exampleTaskType: 'FLOW_BACKUPINSTANCE',
  },
  'tencent-redis-v2': {
    cloud: 'tencent',
    title: 'Tencent Cloud Redis v2 GetRedisTaskList',
    construct: 'TencentRedisLegacyTaskList',
    reference: 'tencent-redis-v2-GetRedisTaskList.md',
    zoneOffsetMinutes: 8 * 60,
    maxPageSize: 100,
    defaultHost: 'redis.api.qcloud.com',
    needsRegion: true,
    unsupported: { task_id: 'its tasks carry no id', async_request_id: CDB_ONLY },
    exampleTaskType: 'backupInstance',
  },
  'tencent-cdb': {
    cloud: 'tencent',
    title: 'Tencent Cloud CDB DescribeTasks',
    construct: 'TencentCdbTaskList',
    reference: 'tencent-cdb-DescribeTasks-2017-03-20.md',
    zoneOffsetMinutes: 8 * 60,
    maxPageSize: 100,
    defaultHost: 'cdb.tencentcloudapi.com',
    needsRegion: true,
    unsupported: { instance_name: 'its requests and answers carry no instance name' },
    // DescribeTasks documents TaskTypes as Array of Integer (a 32-bit value, none negative).
    taskTypeForm: {
      pattern: /^\d{1,9}$/,
      description: 'DescribeTasks types are integers such as 1 (database rollback) or 6 (initialization)',
    },
    exampleTaskType: '1',
    // DescribeTasks `TaskTypes.N` (tencent-cdb-DescribeTasks-2017-03-20), translated from the doc's Chinese.
    taskTypeNames: {
      '1': 'database rollback', // 数据库回档
      '2': 'SQL operation', // SQL操作
      '3': 'data import', // 数据导入
      '5': 'parameter setting', // 参数设置
      '6': 'initialization', // 初始化
      '7': 'restart', // 重启
      '8': 'enable GTID', // 开启GTID
      '9': 'read-only instance upgrade', // 只读实例升级
      '10': 'database batch rollback', // 数据库批量回档
      '11': 'primary instance upgrade', // 主实例升级
      '12': 'drop databases/tables', // 删除库表
      '13': 'switch to primary', // 切换为主实例
    },
  },
  'huawei-rds': {
    cloud: 'huawei',
    title: 'Huawei Cloud RDS tasklist',
    construct: 'HuaweiRdsTaskList',
    reference: 'huawei-rds-v3-tasklist.txt',
    zoneOffsetMinutes: 0,
    maxPageSize: 50,
    defaultHost: 'rds.{region}.myhuaweicloud.com',
    needsRegion: true,
    unsupported: { async_request_id: CDB_ONLY },
    exampleTaskType: 'CreateBackup',
  },
} as const satisfies Record<string, ApiDescriptor>;

/** A `--api` value (CONTRACT section 1). */
export type ApiName = keyof typeof API_DESCRIPTORS;
export const API_NAMES = Object.keys(API_DESCRIPTORS) as readonly ApiName[];

/** The descriptor of an API by name. */
export function describeApi(name: ApiName): ApiDescriptor & { readonly name: ApiName } {
  return { name, ...API_DESCRIPTORS[name] };
}

/** Whether the API's cloud scopes requests by a project id. */
export function needsProject(name: ApiName): boolean {
  return 'projectVariable' in CLOUDS[API_DESCRIPTORS[name].cloud];
}

export const TASK_STATUSES = [
  'pending',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'paused',
  'unknown',
] as const;
/** A normalized task status (CONTRACT section 4). */
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TERMINAL_STATUSES: ReadonlySet<TaskStatus> = new Set(['succeeded', 'failed', 'cancelled']);
export const ACTIVE_STATUSES: ReadonlySet<TaskStatus> = new Set(['pending', 'running']);

export const CONDITIONS = ['succeeded', 'finished', 'idle', 'exists'] as const;
/** What `check --expect` can ask for. */
export type Condition = (typeof CONDITIONS)[number];
export const WAIT_CONDITIONS = ['succeeded', 'finished', 'idle'] as const;
/** What `wait --until` can ask for. */
export type WaitCondition = (typeof WAIT_CONDITIONS)[number];

export const SELECTIONS = ['newest', 'all'] as const;
export type Selection = (typeof SELECTIONS)[number];

/** The documented name of an API's task type, when the type is a bare code the API's doc names. */
export function taskTypeName(api: ApiName, type: string): string | undefined {
  const names: Readonly<Record<string, string>> | undefined = (API_DESCRIPTORS[api] as ApiDescriptor)
    .taskTypeNames;
  const code = type.trim();
  return names && Object.hasOwn(names, code) ? names[code] : undefined;
}

/** One task, normalized. Times are instants; they become strings only at the edges. */
export interface Task {
  readonly id: string | null;
  /** The API's task type as returned. */
  readonly type: string;
  /** The documented name of `type` when `type` is a bare code (CDB's `1` is `database rollback`). */
  readonly typeName?: string;
  readonly instanceId: string | null;
  readonly instanceName: string | null;
  readonly status: TaskStatus;
  readonly statusRaw: string;
  /** 0..100 */
  readonly progress: number | null;
  readonly startedAt: Date | null;
  readonly endedAt: Date | null;
  readonly message: string | null;
}

/** The section 3 filters. Every field is optional; an empty filter matches every task. */
export interface TaskFilter {
  readonly instanceId?: string;
  readonly instanceName?: string;
  /** The API's own task type values. */
  readonly taskTypes?: readonly string[];
  readonly statuses?: readonly TaskStatus[];
  readonly startedAfter?: Date;
  readonly startedBefore?: Date;
  readonly taskId?: string;
  readonly asyncRequestId?: string;
}

/** The JSON form of a task (CONTRACT section 4). */
export interface TaskRecord {
  id: string | null;
  type: string;
  instance_id: string | null;
  instance_name: string | null;
  status: TaskStatus;
  status_raw: string;
  progress: number | null;
  started_at: string | null;
  ended_at: string | null;
  message: string | null;
}

export function isTaskStatus(value: string): value is TaskStatus {
  return (TASK_STATUSES as readonly string[]).includes(value);
}

export function isApiName(value: string): value is ApiName {
  return (API_NAMES as readonly string[]).includes(value);
}

/** Newest first by start time; tasks without a start time sort last, ties keep their order. */
export function newestFirst(tasks: readonly Task[]): Task[] {
  return tasks
    .map((task, index) => ({ task, index }))
    .sort((a, b) => {
      const ta = a.task.startedAt?.getTime() ?? -Infinity;
      const tb = b.task.startedAt?.getTime() ?? -Infinity;
      return tb === ta ? a.index - b.index : tb > ta ? 1 : -1;
    })
    .map((entry) => entry.task);
}

/** A task's identity across pages: its id, or for tasks without one (v2) its instance, type and start. */
export function taskIdentity(task: Task): string {
  return task.id ?? `${task.instanceId ?? ''}|${task.type}|${task.startedAt?.toISOString() ?? ''}`;
}
