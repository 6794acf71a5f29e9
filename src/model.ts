/** The vocabulary every layer shares: APIs, tasks, filters, conditions. */

export const API_NAMES = ['tencent-redis', 'tencent-redis-v2', 'tencent-cdb', 'huawei-rds'] as const;
/** A `--api` value (CONTRACT section 1). */
export type ApiName = (typeof API_NAMES)[number];

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

/**
 * The documented names of task types an API reports as bare codes, as part of each API's facts. Only
 * CDB needs one: DescribeTasks `TaskTypes.N` (tencent-cdb-DescribeTasks-2017-03-20), translated from
 * the doc's Chinese. Redis 3.0 (`FLOW_BACKUPINSTANCE`), v2 (`backupInstance`) and Huawei
 * (`RestoreSqlserverInInstance`) types are names already; Redis 3.0's `037` is documented nowhere.
 */
export const TASK_TYPE_NAMES: Readonly<Partial<Record<ApiName, Readonly<Record<string, string>>>>> = {
  'tencent-cdb': {
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
};

/** The documented name of an API's task type, when the type is a bare code the API's doc names. */
export function taskTypeName(api: ApiName, type: string): string | undefined {
  const names = TASK_TYPE_NAMES[api];
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
