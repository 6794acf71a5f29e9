import { ITerraformDependable, TerraformDataSource, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ExternalDataBinding } from './bindings';
import { TaskApi, TaskListEngine } from './enums';
import { cliAssetPath } from './cli-asset';
import { ensureProvider } from './providers';
import { PropRule, checkProps } from './props';
import {
  ASSERT_PROP_RULES,
  AnyTaskQueryProps,
  QUERY_PROP_RULES,
  TaskQueryProps,
  WAIT_PROP_RULES,
  TaskListAssertOptions,
  TaskListWaitOptions,
  buildQuery,
  providerArguments,
  validateTaskQuery,
} from './query';
import { TaskgateTasksDataSource, taskgateProvider } from './taskgate-provider';

/** The runtime type of every prop a task list takes (each API's own filters included). */
const TASK_LIST_PROP_RULES: Readonly<Record<keyof TaskListProps, PropRule>> = {
  ...QUERY_PROP_RULES,
  wait: WAIT_PROP_RULES,
  assert: ASSERT_PROP_RULES,
  dependsOn: 'dependables',
  engine: 'known-string',
};

/** Props every task-list data source takes. */
export interface TaskListCommonProps extends TaskQueryProps {
  /**
   * Block the read until the condition holds. When the data source depends on resources with pending
   * changes, Terraform defers the read, and so the wait, to apply. @default - no wait: one read
   */
  readonly wait?: TaskListWaitOptions;
  /**
   * Fail the plan or apply, through a postcondition, unless the condition holds (`assert_` in Python,
   * `assertValue` in Java). @default - no assertion
   */
  readonly assert?: TaskListAssertOptions;
  /** Resources the read must wait for; their pending changes defer the read to apply. @default - none */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * `provider`: a `data "taskgate_tasks"` of the taskgate provider, which the stack carries with it;
   * `external`: a `data "external"` running the shipped CLI (needs the hashicorp/external provider).
   * @default TaskListEngine.PROVIDER
   */
  readonly engine?: TaskListEngine | `${TaskListEngine}`;
}

/** Props of a task list of any API: the common props and every API's own filters. */
export interface TaskListProps extends TaskListCommonProps, AnyTaskQueryProps {}

/**
 * A task list read as a Terraform data source: the taskgate provider's `data "taskgate_tasks"` (by
 * default) or a `data "external"` running the shipped CLI. Either way credentials come from
 * Terraform's environment and never appear in the configuration.
 */
export abstract class TaskListBase extends Construct implements ITerraformDependable {
  /** The API this data source reads. */
  public readonly api: TaskApi;
  /** The underlying data source: `data "taskgate_tasks"` or `data "external"`. */
  public readonly dataSource: TerraformDataSource;
  /** The filters and connection props, for a TaskGate built on this list. */
  public readonly queryProps: AnyTaskQueryProps;
  /** How the list is read. */
  public readonly engine: TaskListEngine;

  protected constructor(scope: Construct, id: string, api: TaskApi, props: TaskListProps) {
    super(scope, id);
    const owner = `${new.target.name} ${this.node.path}`;
    checkProps(owner, props, TASK_LIST_PROP_RULES);
    const { wait, assert, dependsOn, engine = TaskListEngine.PROVIDER, ...queryProps } = props;
    if (!isTaskListEngine(engine)) {
      throw new Error(`${owner}: engine must be provider or external, not "${engine}".`);
    }
    validateTaskQuery(owner, api, { ...queryProps, wait, assert });
    this.api = api;
    this.queryProps = queryProps;
    this.engine = engine;
    if (engine === TaskListEngine.PROVIDER) {
      this.dataSource = new TaskgateTasksDataSource(
        this,
        'read',
        providerArguments(api, queryProps, { wait, assert }),
        {
          provider: taskgateProvider(this, queryProps.endpoint).reference,
          dependsOn,
          // The provider's reason names the task, its status and why: it is the message.
          lifecycle: assert
            ? { postcondition: [{ condition: '${self.condition_met}', errorMessage: '${self.reason}' }] }
            : undefined,
        },
      );
      return;
    }
    ensureProvider(this, 'external');
    const command = wait ? 'wait' : assert ? 'check' : 'list';
    this.dataSource = new ExternalDataBinding(this, 'read', {
      program: ['node', cliAssetPath(this), 'external'],
      query: buildQuery(api, queryProps, { command, wait, assert }),
      dependsOn,
      lifecycle: assert ? { postcondition: [postcondition(assert)] } : undefined,
    });
  }

  /** The data source's address, so that the construct itself can stand in `dependsOn`. */
  get fqn(): string {
    return this.dataSource.fqn;
  }
  /** Number of matching tasks, as a number (the provider engine; `count` is its string). */
  get total(): number {
    if (this.engine === TaskListEngine.EXTERNAL)
      return Token.asNumber(`\${tonumber(${this.dataSource.fqn}.result.count)}`);
    return this.dataSource.getNumberAttribute('total');
  }
  /** Number of matching tasks. */
  get count(): string {
    return this.attribute('count');
  }
  /** `"true"`/`"false"` for wait and assert, `""` for a plain read. */
  get conditionMet(): string {
    return this.attribute('condition_met');
  }
  /** The newest selected task's id (`""` when none, always for tencent-redis-v2). */
  get taskId(): string {
    return this.attribute('task_id');
  }
  /** The API's own task type of the newest selected task, as the API returned it (`012`, `ROLLBACK`). */
  get taskType(): string {
    return this.attribute('task_type');
  }
  /** The readable name of that type where the API defines one (`FLOW_BACKUPINSTANCE` for `012`), else `""`. */
  get taskTypeName(): string {
    return this.attribute('task_type_name');
  }
  /** Normalized status of the newest selected task. */
  get status(): string {
    return this.attribute('status');
  }
  /** The API's own status value, as a string. */
  get statusRaw(): string {
    return this.attribute('status_raw');
  }
  /** 0..100 as a string, `""` when unknown. */
  get progress(): string {
    return this.attribute('progress');
  }
  /** ISO 8601 with offset. */
  get startedAt(): string {
    return this.attribute('started_at');
  }
  /** ISO 8601 with offset; `""` while unfinished. */
  get endedAt(): string {
    return this.attribute('ended_at');
  }
  /** The newest selected task's instance id. */
  get instanceId(): string {
    return this.attribute('instance_id');
  }
  /** The newest selected task's instance name (`""` on tencent-cdb, whose answers carry none). */
  get instanceName(): string {
    return this.attribute('instance_name');
  }
  /** The failure reason or message, when the API gives one. */
  get message(): string {
    return this.attribute('message');
  }
  /** Every selected task (every match for a plain read), JSON-encoded (`jsondecode` it). */
  get tasksJson(): string {
    return this.attribute('tasks_json');
  }

  private attribute(key: string): string {
    if (this.engine === TaskListEngine.EXTERNAL) return (this.dataSource as ExternalDataBinding).result(key);
    // The provider's typed attributes, as the strings the external engine gave: "" for none.
    const at = this.dataSource.fqn;
    const field = (name: string) =>
      `\${try(${at}.tasks[0].${name} == null ? "" : tostring(${at}.tasks[0].${name}), "")}`;
    switch (key) {
      case 'count':
        return `\${tostring(${at}.total)}`;
      case 'condition_met':
        return `\${${at}.condition_met == null ? "" : tostring(${at}.condition_met)}`;
      case 'tasks_json':
        return `\${jsonencode(${at}.tasks)}`;
      case 'task_id':
        return field('id');
      case 'task_type':
        return field('type');
      case 'task_type_name':
        return field('type_name');
      default:
        return field(key);
    }
  }
}

/** The postcondition of `assert`: its message names the instance, the task, its status and what was expected. */
function postcondition(assert: TaskListAssertOptions) {
  const expected = `${assert.expect ?? 'succeeded'}${assert.maxAge ? ` within ${assert.maxAge}` : ''}`;
  const r = (key: string) => `self.result.${key}`;
  return {
    condition: `\${${r('condition_met')} == "true"}`,
    errorMessage:
      `\${${r('count')} == "0" ? "taskgate: no task matches the filters, expected ${expected}." : ` +
      `"taskgate: task \${${r('task_id')} != "" ? ${r('task_id')} : ${r('task_type')}} (\${${r('task_type_name')} != "" ? ${r('task_type_name')} : ${r('task_type')}} on instance \${${r('instance_id')}}) ` +
      `is \${${r('status')}}, started \${${r('started_at')}}, expected ${expected}\${${r('message')} != "" ? ": \${${r('message')}}" : ""}."}`,
  };
}

/** Props of {@link TencentRedisTaskList}. */
export interface TencentRedisTaskListProps extends TaskListCommonProps {
  /** Filter: the instance's name. @default - any name */
  readonly instanceName?: string;
  /** Filter: the task's TaskId. @default - any task */
  readonly taskId?: string;
}

/** Tencent Cloud Redis API 3.0 `DescribeTaskList` as a data source. */
export class TencentRedisTaskList extends TaskListBase {
  constructor(scope: Construct, id: string, props: TencentRedisTaskListProps = {}) {
    super(scope, id, TaskApi.TENCENT_REDIS, props);
  }
}

/** Props of {@link TencentRedisLegacyTaskList}. Its tasks carry no id, so there is no `taskId`. */
export interface TencentRedisLegacyTaskListProps extends TaskListCommonProps {
  /** Filter: the instance's name (`redisName`). @default - any name */
  readonly instanceName?: string;
}

/** Tencent Cloud Redis legacy API v2 `GetRedisTaskList` as a data source. */
export class TencentRedisLegacyTaskList extends TaskListBase {
  constructor(scope: Construct, id: string, props: TencentRedisLegacyTaskListProps = {}) {
    super(scope, id, TaskApi.TENCENT_REDIS_V2, props);
  }
}

/** Props of {@link TencentCdbTaskList}. CDB answers carry no instance name. */
export interface TencentCdbTaskListProps extends TaskListCommonProps {
  /** Filter: the task's JobId. @default - any task */
  readonly taskId?: string;
  /** Filter: the AsyncRequestId a CDB operation returned. @default - any request */
  readonly asyncRequestId?: string;
}

/** Tencent Cloud CDB (MySQL) API 3.0 `DescribeTasks` as a data source. */
export class TencentCdbTaskList extends TaskListBase {
  constructor(scope: Construct, id: string, props: TencentCdbTaskListProps = {}) {
    super(scope, id, TaskApi.TENCENT_CDB, props);
  }
}

/** Props of {@link HuaweiRdsTaskList}. */
export interface HuaweiRdsTaskListProps extends TaskListCommonProps {
  /** Filter: the instance's name (applied client side). @default - any name */
  readonly instanceName?: string;
  /** Filter: the task id. @default - any task */
  readonly taskId?: string;
  /** The project id. @default - HW_PROJECT_ID in Terraform's environment */
  readonly projectId?: string;
}

/** Huawei Cloud RDS v3 `tasklist` as a data source. */
export class HuaweiRdsTaskList extends TaskListBase {
  constructor(scope: Construct, id: string, props: HuaweiRdsTaskListProps = {}) {
    super(scope, id, TaskApi.HUAWEI_RDS, props);
  }
}

function isTaskListEngine(value: string): value is TaskListEngine {
  return (Object.values(TaskListEngine) as string[]).includes(value);
}
