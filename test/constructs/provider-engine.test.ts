import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  Aspects,
  IAspect,
  LocalBackend,
  TerraformOutput,
  TerraformProvider,
  TerraformStack,
  Testing,
} from 'cdktf';
import { Construct } from 'constructs';
import { ExternalProvider } from '@cdktf/provider-external/lib/provider';
import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { HuaweiRdsTaskList, TaskGate, TencentCdbTaskList, TencentRedisTaskList } from '../../src';
import { HashicorpProviderBlock } from '../../src/constructs/bindings';
import { SECRET_VALUES } from '../support/emulator';

const root = path.resolve(__dirname, '../..');
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  version: string;
};

function synth(build: (scope: TerraformStack) => void): Record<string, any> {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new LocalBackend(stack, { path: 'terraform.tfstate' });
  build(stack);
  return JSON.parse(Testing.synth(stack));
}
const only = (record: Record<string, any>) => Object.values(record)[0] as Record<string, any>;

describe('the provider engine (the default)', () => {
  it('a task list is a data "taskgate_tasks" of the provider the stack requires at its own version', () => {
    const json = synth((s) => {
      new TencentRedisTaskList(s, 'backup', {
        instanceId: 'crs-1',
        taskTypes: ['FLOW_BACKUPINSTANCE'],
        wait: { until: 'succeeded', timeout: '20m', pollInterval: '5s' },
        assert: { expect: 'succeeded', maxAge: '24h' },
      });
    });
    expect(json.terraform.required_providers.taskgate).toEqual({
      source: 'terraform.local/taskgate/taskgate',
      version,
    });
    expect(json.provider.taskgate).toEqual([{}]);
    expect(json.data.external).toBeUndefined();
    const read = only(json.data.taskgate_tasks);
    expect(read).toMatchObject({
      api: 'tencent-redis',
      instance_id: 'crs-1',
      task_types: ['FLOW_BACKUPINSTANCE'],
      expect: 'succeeded',
      max_age: '24h',
      wait: { until: 'succeeded', timeout: '20m', poll_interval: '5s' },
    });
    // The provider's reason is the message: it names the task, its status and why.
    expect(read.lifecycle.postcondition).toEqual([
      { condition: '${self.condition_met}', error_message: '${self.reason}' },
    ]);
    expect(JSON.stringify(json)).not.toMatch(/taskgate-cli|local-exec/);
  });

  it('attributes keep their names and string types; total is the typed companion', () => {
    const json = synth((s) => {
      const list = new TencentCdbTaskList(s, 'restore', { instanceId: 'cdb-1', region: 'ap-guangzhou' });
      new TerraformOutput(s, 'count', { value: list.count });
      new TerraformOutput(s, 'total', { value: list.total });
      new TerraformOutput(s, 'status', { value: list.status });
      new TerraformOutput(s, 'task_id', { value: list.taskId });
      new TerraformOutput(s, 'type_name', { value: list.taskTypeName });
      new TerraformOutput(s, 'met', { value: list.conditionMet });
      new TerraformOutput(s, 'tasks', { value: list.tasksJson });
    });
    const address = `data.taskgate_tasks.${Object.keys(json.data.taskgate_tasks)[0]}`;
    expect(json.output.count.value).toBe(`\${tostring(${address}.total)}`);
    expect(json.output.total.value).toBe(`\${${address}.total}`);
    expect(json.output.status.value).toBe(
      `\${try(${address}.tasks[0].status == null ? "" : tostring(${address}.tasks[0].status), "")}`,
    );
    expect(json.output.task_id.value).toContain(`${address}.tasks[0].id`);
    expect(json.output.type_name.value).toContain(`${address}.tasks[0].type_name`);
    expect(json.output.met.value).toBe(
      `\${${address}.condition_met == null ? "" : tostring(${address}.condition_met)}`,
    );
    expect(json.output.tasks.value).toBe(`\${jsonencode(${address}.tasks)}`);
  });

  it('each endpoint gets one aliased provider block; the lists and gates on it use it', () => {
    const json = synth((s) => {
      new TencentRedisTaskList(s, 'a', { endpoint: 'http://127.0.0.1:9000' });
      new HuaweiRdsTaskList(s, 'b', { endpoint: 'http://127.0.0.1:9000' });
      new TencentRedisTaskList(s, 'c', {});
      new TaskGate(s, 'g', { api: 'tencent-redis', endpoint: 'http://127.0.0.1:9001' });
    });
    expect(json.provider.taskgate).toEqual([
      { alias: 'endpoint_0', endpoint: 'http://127.0.0.1:9000' },
      {},
      { alias: 'endpoint_2', endpoint: 'http://127.0.0.1:9001' },
    ]);
    const reads = Object.values(json.data.taskgate_tasks) as Record<string, any>[];
    expect(reads.map((read) => read.provider)).toEqual([
      'taskgate.endpoint_0',
      'taskgate.endpoint_0',
      undefined,
    ]);
    expect(reads.every((read) => read.endpoint === undefined)).toBe(true);
    expect(only(json.resource.taskgate_gate).provider).toBe('taskgate.endpoint_2');
  });

  it('a gate is a taskgate_gate: its filters, wait options, triggers and create timeout', () => {
    const json = synth((s) => {
      const list = new HuaweiRdsTaskList(s, 'l', {
        instanceId: 'r-1',
        projectId: 'p1',
        taskTypes: ['CreateBackup'],
      });
      new TaskGate(s, 'g', {
        taskList: list,
        wait: { until: 'finished', timeout: '45m', pollInterval: '15s', appearTimeout: '5m' },
        triggers: { release: 'r7' },
      });
    });
    expect(only(json.resource.taskgate_gate)).toEqual({
      api: 'huawei-rds',
      instance_id: 'r-1',
      project_id: 'p1',
      task_types: ['CreateBackup'],
      until: 'finished',
      poll_interval: '15s',
      appear_timeout: '5m',
      triggers: { release: 'r7' },
      timeouts: { create: '45m' },
    });
    expect(json.resource.null_resource).toBeUndefined();
  });

  it('the synthesized stack carries the provider for four platforms, executable, byte for byte the bundle', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'mirror');
    new TaskGate(stack, 'g', { api: 'tencent-redis' });
    app.synth();
    const bundle = fs.readFileSync(path.join(root, 'lib/terraform-provider-taskgate.js'));
    for (const platform of ['linux_amd64', 'linux_arm64', 'darwin_amd64', 'darwin_arm64']) {
      const file = path.join(
        app.outdir,
        'stacks/mirror/terraform.d/plugins/terraform.local/taskgate/taskgate',
        version,
        platform,
        `terraform-provider-taskgate_v${version}`,
      );
      expect(fs.readFileSync(file).equals(bundle)).toBe(true);
      expect(fs.statSync(file).mode & 0o111).toBe(0o111);
    }
  });

  it('no credential ever reaches the synthesized configuration', () => {
    const json = synth((s) => {
      new TencentRedisTaskList(s, 'a', { assert: {} });
      new TaskGate(s, 'g', { api: 'huawei-rds', projectId: 'p1' });
    });
    for (const secret of SECRET_VALUES) expect(JSON.stringify(json)).not.toContain(secret);
  });
});

describe('each provider is declared once, whatever the order', () => {
  it("the user's own block created after ours replaces ours", () => {
    const json = synth((s) => {
      new TencentRedisTaskList(s, 'a', { engine: 'external' });
      new TaskGate(s, 'g', { api: 'tencent-redis', engine: 'null_resource' });
      new ExternalProvider(s, 'mine');
      new NullProvider(s, 'my-null');
    });
    expect(json.provider.external).toHaveLength(1);
    expect(json.provider.null).toHaveLength(1);
  });

  it("the user's own block created before ours is kept alone", () => {
    const json = synth((s) => {
      new ExternalProvider(s, 'mine');
      new TencentRedisTaskList(s, 'a', { engine: 'external' });
      new TencentRedisTaskList(s, 'b', { engine: 'external' });
    });
    expect(json.provider.external).toHaveLength(1);
  });

  it('an aliased block of the user does not stand in for the default one', () => {
    const json = synth((s) => {
      new TencentRedisTaskList(s, 'a', { engine: 'external' });
      new ExternalProvider(s, 'aliased', { alias: 'other' });
    });
    expect(json.provider.external).toHaveLength(2);
  });

  /** The user's own `provider "taskgate"`, as a binding generated for the provider would declare it. */
  class UserTaskgateProvider extends TerraformProvider {
    constructor(scope: Construct, id: string) {
      super(scope, id, {
        terraformResourceType: 'taskgate',
        terraformProviderSource: 'terraform.local/taskgate/taskgate',
      });
    }
    protected synthesizeAttributes() {
      return { endpoint: 'https://tasks.example.com' };
    }
  }
  /** An Aspect that adds provider blocks while the stack is synthesized, after ours were declared. */
  const addingDuringSynth = (add: (stack: TerraformStack) => void): IAspect => {
    let added = false;
    return {
      visit(node) {
        if (added || !TerraformStack.isStack(node)) return;
        added = true;
        add(node);
      },
    };
  };

  it("the user's own blocks added by an Aspect during synthesis replace ours", () => {
    const json = synth((s) => {
      new TencentRedisTaskList(s, 'a');
      new TencentRedisTaskList(s, 'b', { engine: 'external' });
      new TaskGate(s, 'g', { api: 'tencent-redis', engine: 'null_resource' });
      Aspects.of(s).add(
        addingDuringSynth((stack) => {
          new UserTaskgateProvider(stack, 'my-taskgate');
          new ExternalProvider(stack, 'my-external');
          new NullProvider(stack, 'my-null');
        }),
      );
    });
    expect(json.provider.taskgate).toEqual([{ endpoint: 'https://tasks.example.com' }]);
    expect(json.provider.external).toHaveLength(1);
    expect(json.provider.null).toHaveLength(1);
  });

  it("the user's own taskgate block, created before or after the constructs, is the only one", () => {
    for (const userFirst of [true, false]) {
      const json = synth((s) => {
        if (userFirst) new UserTaskgateProvider(s, 'mine');
        new TencentRedisTaskList(s, 'a');
        new TaskGate(s, 'g', { api: 'tencent-redis' });
        if (!userFirst) new UserTaskgateProvider(s, 'mine');
      });
      expect(json.provider.taskgate).toEqual([{ endpoint: 'https://tasks.example.com' }]);
    }
  });

  it('two copies of this package in one app write one default block between them', () => {
    const json = synth((s) => {
      new TencentRedisTaskList(s, 'a', { engine: 'external' });
      // What the other copy declares: its own block, of its own class, with the shared marker.
      new HashicorpProviderBlock(s, 'other-copy', 'external');
    });
    expect(json.provider.external).toEqual([{}]);
  });

  it('a provider from another copy of the core is recognised by its marker, not by instanceof', () => {
    const json = synth((s) => {
      new TencentRedisTaskList(s, 'a', { engine: 'external' });
      // What another copy of cdktf's TerraformProvider looks like to this one: the shared marker.
      const foreign = new Construct(s, 'foreign') as Construct & { terraformResourceType: string };
      Object.defineProperty(foreign, Symbol.for('cdktf/TerraformProvider'), { value: true });
      foreign.terraformResourceType = 'external';
    });
    expect(json.provider?.external).toBeUndefined();
  });
});
