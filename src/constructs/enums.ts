/*
 * The constructs' closed vocabularies as enums, so that jsii gives Python, Java, C# and Go users
 * the values (a string-literal union would reach them as a bare string). Each prop takes the enum
 * or the same string, so TypeScript code passing `'tencent-redis'` keeps compiling; the values
 * equal model.ts's lists (test/constructs/surface.test.ts).
 */

/** The task-list APIs, by the names `--api` and the provider take. */
export enum TaskApi {
  /** Tencent Cloud Redis API 3.0 `DescribeTaskList`. */
  TENCENT_REDIS = 'tencent-redis',
  /** Tencent Cloud Redis legacy API v2 `GetRedisTaskList`. */
  TENCENT_REDIS_V2 = 'tencent-redis-v2',
  /** Tencent Cloud CDB (MySQL) API 3.0 `DescribeTasks`. */
  TENCENT_CDB = 'tencent-cdb',
  /** Huawei Cloud RDS v3 `tasklist`. */
  HUAWEI_RDS = 'huawei-rds',
}

/** What `wait` waits for. */
export enum WaitCondition {
  /** The selected task succeeded; a failed or cancelled one ends the wait with an error. */
  SUCCEEDED = 'succeeded',
  /** The selected task reached any final status. */
  FINISHED = 'finished',
  /** No selected task is pending or running. */
  IDLE = 'idle',
}

/** What `assert` expects of the read. */
export enum AssertCondition {
  /** The selected task succeeded. */
  SUCCEEDED = 'succeeded',
  /** The selected task reached any final status. */
  FINISHED = 'finished',
  /** No selected task is pending or running. */
  IDLE = 'idle',
  /** At least one task matches. */
  EXISTS = 'exists',
}

/** Which matching tasks a condition is judged on. */
export enum TaskSelection {
  /** The newest matching task. */
  NEWEST = 'newest',
  /** Every matching task. */
  ALL = 'all',
}

/** How a task list is read. */
export enum TaskListEngine {
  /** A `data "taskgate_tasks"` of the taskgate provider, which the stack carries with it. */
  PROVIDER = 'provider',
  /** A `data "external"` running the shipped CLI (needs the hashicorp/external provider). */
  EXTERNAL = 'external',
}

/** What a TaskGate synthesizes. */
export enum TaskGateEngine {
  /** A `taskgate_gate` resource of the taskgate provider, which the stack carries with it. */
  PROVIDER = 'provider',
  /** A `null_resource` (hashicorp/null) whose local-exec runs the shipped CLI. */
  NULL_RESOURCE = 'null_resource',
  /** A `terraform_data` (built into Terraform) whose local-exec runs the shipped CLI. */
  TERRAFORM_DATA = 'terraform_data',
}
