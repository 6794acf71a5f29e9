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
  /** A task type to show in examples and help. */
  readonly exampleTaskType: string;
  /**
   * How the API names and numbers its task types, where it does both: answers carry one form, a
   * filter may be given in either, and records show the name.
   */
  readonly taskTypes?: TaskTypeTable;
  /** Whether its `Offset` must be a whole multiple of `Limit` (otherwise any record offset). */
  readonly offsetsInPages?: boolean;
}

/** An API's task types by name and by code. */
export interface TaskTypeTable {
  /** The documented names, each with its code. */
  readonly codes: Readonly<Record<string, string>>;
  /** Other spellings of a name that the API's own docs use, each with its code. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** The form of a code, and how a code is written canonically (`12` is `012` for Redis). */
  readonly codePattern: RegExp;
  readonly canonicalCode: (code: string) => string;
  /** For messages: what the two forms look like. A name the table lacks is refused: it cannot be sent. */
  readonly description: string;
}

const CDB_ONLY = 'it is a tencent-cdb filter';

// DescribeTaskList `TaskTypes`: names in the request doc, three-digit codes in answers (`"TaskType":
// "037"` in the doc's example). The codes are tencentcloud-sdk-go redis/v20180412/models.go,
// DescribeTaskListRequest.TaskTypes; the official provider filters with codes (`task_types = ["034"]`,
// terraform-provider-tencentcloud crs/data_source_tc_redis_instance_task_list_test.go).
const REDIS_TASK_TYPES: TaskTypeTable = {
  codes: {
    FLOW_CREATE: '001',
    FLOW_RESIZE: '002',
    FLOW_CLOSE: '003',
    FLOW_CLEAN: '004',
    FLOW_STARTUP: '005',
    FLOW_DELETE: '006',
    FLOW_SETPWD: '007',
    FLOW_EXPORTBACKUP: '009',
    FLOW_RESTOREBACKUP: '010',
    FLOW_BACKUPINSTANCE: '012',
    FLOW_MIGRATEINSTANCE: '013',
    FLOW_DELBACKUP: '014',
    FLOW_EXCHANGEINSTANCE: '016',
    FLOW_AUTOBACKUP: '017',
    FLOW_MIGRATECHECK: '022',
    FLOW_MIGRATETASK: '023',
    FLOW_CLEANDB: '025',
    FLOW_CLONEBACKUP: '026',
    FLOW_CHANGEVIP: '027',
    FLOW_EXPORSHR: '028',
    FLOW_ADDNODES: '029',
    FLOW_CHANGENET: '031',
    FLOW_MODIFYINSTACEREADONLY: '033',
    FLOW_MODIFYINSTANCEPARAMS: '034',
    FLOW_MODIFYINSTANCEPASSWORDFREE: '035',
    FLOW_SWITCHINSTANCEVIP: '036',
    FLOW_MODIFYINSTANCEACCOUNT: '037',
    FLOW_MODIFYINSTANCEBANDWIDTH: '038',
    FLOW_ENABLEINSTANCE_REPLICATE: '039',
    FLOW_DISABLEINSTANCE_REPLICATE: '040',
    FLOW_UpgradeArch: '041',
    FLOW_DowngradeArch: '042',
    FLOW_UpgradeVersion: '043',
    FLOW_MODIFYCONNECTIONCONFIG: '044',
    FLOW_CLEARNETWORK: '045',
    FLOW_REMOVE_BACKUP_FILE: '046',
    FLOW_UPGRADE_SUPPORT_MULTI_AZ: '047',
    FLOW_SHUTDOWN_MASTER: '048',
    FLOW_CHANGE_REPLICA_TO_MASTER: '049',
    FLOW_CODE_ADD_REPLICATION_INSTANCE: '050',
    FLOW_OPEN_WAN: '052',
    FLOW_CLOSE_WAN: '053',
    FLOW_UPDATE_WAN: '054',
    FLOW_CODE_DELETE_REPLICATION_INSTANCE: '055',
    FLOW_CODE_CHANGE_MASTER_INSTANCE: '056',
    FLOW_CODE_CHANGE_INSTANCE_ROLE: '057',
    FLOW_MIGRATE_NODE: '058',
    FLOW_SWITCH_NODE: '059',
    FLOW_UPGRADE_SMALL_VERSION: '060',
    FLOW_UPGRADE_PROXY_VERSION: '061',
    FLOW_MODIFY_INSTANCE_NETWORK: '062',
    FLOW_MIGRATE_PROXY_NODE: '063',
    FLOW_MIGRATION_INSTANCE_ZONE: '066',
    FLOW_UPGRADE_INSTANCE_CACHE_AND_PROXY: '067',
    FLOW_MODIFY_PROXY_NUM: '069',
    FLOW_MODIFYBACKUPMOD: '070',
  },
  // The request doc's own spellings: "FLOW_CHANGE_REPLICA_TO_MSTER: Promote the replica node" is the
  // SDK's FLOW_CHANGE_REPLICA_TO_MASTER; "FLOW_FLOW_CLEAN: Clear the instance" its FLOW_CLEAN.
  aliases: { FLOW_CHANGE_REPLICA_TO_MSTER: '049', FLOW_FLOW_CLEAN: '004' },
  codePattern: /^\d{3}$/,
  canonicalCode: (code) => code,
  // Answers carry codes, so a name without one could never match: names outside the table are refused.
  description: 'a name such as FLOW_BACKUPINSTANCE or the three-digit code answers carry, such as 012',
};

// DescribeTasks `TaskTypes.N` is integers (the doc and the SDK); the current answers' `TaskType` is a
// name. The pairs are the official provider's MYSQL_TASK_TYPES
// (terraform-provider-tencentcloud cdb/extension_mysql.go).
const CDB_TASK_TYPES: TaskTypeTable = {
  codes: {
    ROLLBACK: '1',
    'SQL OPERATION': '2',
    'IMPORT DATA': '3',
    'MODIFY PARAM': '5',
    INITIAL: '6',
    REBOOT: '7',
    'OPEN GTID': '8',
    'UPGRADE RO': '9',
    'BATCH ROLLBACK': '10',
    'UPGRADE MASTER': '11',
    'DROP TABLES': '12',
    'SWITCH DR TO MASTER': '13',
  },
  // A 32-bit integer, none negative; `01` is `1`.
  codePattern: /^\d{1,9}$/,
  canonicalCode: (code) => String(Number(code)),
  // The request takes integers only, so a name without one cannot be sent: it is refused.
  description: 'an integer such as 1 or the name the current API answers with, such as ROLLBACK',
};

/** The four APIs (CONTRACT section 1). A fifth is one more entry here (see CONTRIBUTING.md, "Adding an API"). */
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
    taskTypes: REDIS_TASK_TYPES,
    // "Offset: Pagination offset, which is an integral multiple of Limit" (DescribeTaskList).
    offsetsInPages: true,
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
    exampleTaskType: '1',
    taskTypes: CDB_TASK_TYPES,
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

/** The API's task type table, when it both names and numbers its types. */
function typeTable(api: ApiName): TaskTypeTable | undefined {
  return (API_DESCRIPTORS[api] as ApiDescriptor).taskTypes;
}

/** A table's lookup that ignores case, and never finds `toString` and its kin. */
function lookup(table: Readonly<Record<string, string>> | undefined, name: string): string | undefined {
  if (!table) return undefined;
  if (Object.hasOwn(table, name)) return table[name];
  const upper = name.toUpperCase();
  const key = Object.keys(table).find((candidate) => candidate.toUpperCase() === upper);
  return key === undefined ? undefined : table[key];
}

/**
 * The code of a task type given in either form (`FLOW_BACKUPINSTANCE` or `012`; `ROLLBACK` or `1`),
 * undefined when the API does not number its types or the name is not one it documents.
 */
export function taskTypeCode(api: ApiName, type: string): string | undefined {
  const table = typeTable(api);
  const value = type.trim();
  if (!table) return undefined;
  if (table.codePattern.test(value)) return table.canonicalCode(value);
  return lookup(table.codes, value) ?? lookup(table.aliases, value);
}

/** The documented name of a task type given in either form; undefined when the API does not name it. */
export function taskTypeName(api: ApiName, type: string): string | undefined {
  const table = typeTable(api);
  const code = taskTypeCode(api, type);
  if (!table || code === undefined) return undefined;
  return Object.keys(table.codes).find((name) => table.codes[name] === code);
}

/** One task, normalized. Times are instants; they become strings only at the edges. */
export interface Task {
  readonly id: string | null;
  /** The API's task type as returned. */
  readonly type: string;
  /** The readable name of the type where the API defines one (`FLOW_BACKUPINSTANCE` for `012`). */
  readonly typeName: string | null;
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
  type_name: string | null;
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
