import { DataResource, ITerraformDependable, LocalExecProvisioner, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { Resource as NullResource } from '@cdktf/provider-null/lib/resource';
import { envNameFor, OptionKey } from '../options';
import { ApiName } from '../model';
import { cliAssetPath } from './cli-asset';
import { ensureProvider } from './providers';
import {
  AnyTaskQueryProps,
  TaskListWaitOptions,
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
  readonly api?: ApiName;
  /** What to wait for, how long, how often. @default - until succeeded, newest, 30m, 10s, appear 2m */
  readonly wait?: TaskListWaitOptions;
  /** Values that, when they change, make the gate run again on the next apply. @default - the filters only */
  readonly triggers?: Record<string, string>;
  /**
   * `provider`: a `taskgate_gate` resource of the taskgate provider, which the stack carries with it;
   * `null_resource` (from the null provider) or `terraform_data` (built into Terraform): a local-exec
   * running the shipped CLI. @default 'provider'
   */
  readonly engine?: 'provider' | 'null_resource' | 'terraform_data';
}

/**
 * Blocks `terraform apply` until a task list's condition holds: a resource whose local-exec runs
 * `taskgate wait` (argv, no shell; every value through its environment). Put the gate in the
 * `dependsOn` of whatever must wait.
 */
export class TaskGate extends Construct implements ITerraformDependable {
  /** The `taskgate_gate`, `null_resource` or `terraform_data` that waits. */
  public readonly resource: TerraformResource;

  constructor(scope: Construct, id: string, props: TaskGateProps) {
    super(scope, id);
    const owner = `TaskGate ${this.node.path}`;
    const { taskList, api: apiProp, wait, triggers, engine = 'provider', ...filterProps } = props;
    if (taskList && apiProp !== undefined)
      throw new Error(`${owner}: give either taskList or api, not both.`);
    if (taskList && Object.values(filterProps).some((value) => value !== undefined)) {
      throw new Error(`${owner}: the filters come from taskList; set them there, not on the gate.`);
    }
    const api = taskList?.api ?? apiProp;
    if (!api) throw new Error(`${owner}: api is required when no taskList is given.`);
    if (engine !== 'provider' && engine !== 'null_resource' && engine !== 'terraform_data') {
      throw new Error(`${owner}: engine must be provider, null_resource or terraform_data, not "${engine}".`);
    }
    const queryProps = taskList?.queryProps ?? filterProps;
    validateTaskQuery(owner, api, { ...queryProps, wait });
    if (engine === 'provider') {
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
    const allTriggers = { ...prefixed(buildQuery(api, queryProps, {})), ...triggers };
    if (engine === 'terraform_data') {
      this.resource = new DataResource(this, 'gate', {
        triggersReplace: allTriggers,
        provisioners: [provisioner],
      });
    } else {
      ensureProvider(this, 'null');
      this.resource = new NullResource(this, 'gate', { triggers: allTriggers, provisioners: [provisioner] });
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
