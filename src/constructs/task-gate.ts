import {
  DataResource,
  Fn,
  ITerraformDependable,
  LocalExecProvisioner,
  TerraformResource,
  Token,
} from 'cdktf';
import { Construct } from 'constructs';
import { envNameFor, OptionKey } from '../core/options';
import { ApiName } from '../core/model';
import { NullResourceBinding } from './bindings';
import { TaskApi, TaskGateEngine } from './enums';
import { cliAssetPath } from './cli-asset';
import { ensureProvider } from './providers';
import { PropRule, checkProps } from './props';
import {
  AnyTaskQueryProps,
  QUERY_PROP_RULES,
  TaskListWaitOptions,
  WAIT_PROP_RULES,
  buildQuery,
  providerArguments,
  validateTaskQuery,
} from './query';
import { TaskgateGateResource, taskgateProvider } from './taskgate-provider';
import { TaskListBase } from './task-list';

/** Props of {@link TaskGate}: a task list to reuse, or an API with the same filter props. */
export interface TaskGateProps extends AnyTaskQueryProps {
  /** A task-list construct whose API and filters the gate reuses. @default - `api` and the filter props */
  readonly taskList?: TaskListBase;
  /** The API (`tencent-redis`, `tencent-redis-v2`, `tencent-cdb`, `huawei-rds`) when no `taskList` is given. @default - the task list's */
  readonly api?: TaskApi | `${TaskApi}`;
  /** What to wait for, how long, how often. @default - until succeeded, newest, 30m, 10s, appear 2m */
  readonly wait?: TaskListWaitOptions;
  /** Values that, when they change, make the gate run again on the next apply. @default - the filters only */
  readonly triggers?: { [key: string]: string };
  /**
   * `provider`: a `taskgate_gate` resource of the taskgate provider, which the stack carries with it;
   * `null_resource` (from the null provider) or `terraform_data` (built into Terraform): a local-exec
   * running the shipped CLI. @default TaskGateEngine.PROVIDER
   */
  readonly engine?: TaskGateEngine | `${TaskGateEngine}`;
}

/** The runtime type of every prop of a gate. */
const TASK_GATE_PROP_RULES: Readonly<Record<keyof TaskGateProps, PropRule>> = {
  ...QUERY_PROP_RULES,
  taskList: { is: (value) => value instanceof TaskListBase, what: 'a task-list construct' },
  api: 'string',
  wait: WAIT_PROP_RULES,
  triggers: 'string-map',
  engine: 'known-string',
};

/**
 * Blocks `terraform apply` until a task list's condition holds: by default a `taskgate_gate` resource
 * of the taskgate provider, whose creation waits; on the `null_resource` and `terraform_data` engines
 * a local-exec running `taskgate wait` (argv, no shell; every value through its environment). Put the
 * gate in the `dependsOn` of whatever must wait.
 */
export class TaskGate extends Construct implements ITerraformDependable {
  /** The `taskgate_gate`, `null_resource` or `terraform_data` that waits. */
  public readonly resource: TerraformResource;

  constructor(scope: Construct, id: string, props: TaskGateProps) {
    super(scope, id);
    const owner = `TaskGate ${this.node.path}`;
    checkProps(owner, props, TASK_GATE_PROP_RULES);
    const {
      taskList,
      api: apiProp,
      wait,
      triggers,
      engine = TaskGateEngine.PROVIDER,
      ...filterProps
    } = props;
    if (taskList && apiProp !== undefined)
      throw new Error(`${owner}: give either taskList or api, not both.`);
    if (taskList && Object.values(filterProps).some((value) => value !== undefined)) {
      throw new Error(`${owner}: the filters come from taskList; set them there, not on the gate.`);
    }
    const given = taskList?.api ?? apiProp;
    if (!given) throw new Error(`${owner}: api is required when no taskList is given.`);
    if (!(Object.values(TaskGateEngine) as string[]).includes(engine)) {
      throw new Error(`${owner}: engine must be provider, null_resource or terraform_data, not "${engine}".`);
    }
    const queryProps = taskList?.queryProps ?? filterProps;
    validateTaskQuery(owner, given, { ...queryProps, wait });
    // validateTaskQuery refused any other value, naming the prop.
    const api = given as ApiName;
    if (engine === TaskGateEngine.PROVIDER) {
      // Any change of an argument or a trigger replaces the gate, which waits again.
      this.resource = new TaskgateGateResource(
        this,
        'gate',
        { ...providerArguments(api, queryProps, { wait, gate: true }), triggers },
        { provider: taskgateProvider(this, queryProps.endpoint).reference },
      );
      return;
    }

    const query = buildQuery(api, queryProps, { wait });
    // Under Terraform the gate shows its progress and, when it fails, the one reason line: no result JSON.
    const environment: Record<string, string> = { TASKGATE_OUTPUT: 'none' };
    for (const [key, value] of Object.entries(query) as [OptionKey, string][])
      environment[envNameFor(key)] = value;
    const provisioner: LocalExecProvisioner = {
      type: 'local-exec',
      // Terraform runs interpreter + command as argv: no shell ever sees a value.
      interpreter: ['node', cliAssetPath(this)],
      command: 'wait',
      environment,
    };
    // The filters are triggers too: gating another instance or task must run the gate again.
    const filterTriggers = prefixed(buildQuery(api, queryProps, {}));
    // A map that is a token cannot be spread: Terraform merges it at run time.
    const allTriggers =
      triggers !== undefined && Token.isUnresolved(triggers)
        ? Token.asStringMap(Fn.merge([filterTriggers, triggers]))
        : { ...filterTriggers, ...triggers };
    if (engine === TaskGateEngine.TERRAFORM_DATA) {
      this.resource = new DataResource(this, 'gate', {
        triggersReplace: allTriggers,
        provisioners: [provisioner],
      });
    } else {
      ensureProvider(this, 'null');
      this.resource = new NullResourceBinding(this, 'gate', {
        triggers: allTriggers,
        provisioners: [provisioner],
      });
    }
  }

  /** The gate resource's address, so that the gate itself can stand in `dependsOn`. */
  get fqn(): string {
    return this.resource.fqn;
  }
}

function prefixed(query: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).map(([key, value]) => [`taskgate_${key}`, value]));
}
