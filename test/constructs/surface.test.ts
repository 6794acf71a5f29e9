import 'cdktf/lib/testing/adapters/jest';
import { App, TerraformStack, Testing } from 'cdktf';
import { ExternalProvider } from '@cdktf/provider-external/lib/provider';
import { DataExternal } from '@cdktf/provider-external/lib/data-external';
import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { Resource as NullResource } from '@cdktf/provider-null/lib/resource';
import {
  AssertCondition,
  TaskApi,
  TaskGate,
  TaskGateEngine,
  TaskListEngine,
  TaskSelection,
  TencentRedisTaskList,
  WaitCondition,
} from '../../src';
import {
  ExternalDataBinding,
  HashicorpProviderBlock,
  NullResourceBinding,
} from '../../src/constructs/bindings';
import { API_NAMES, CONDITIONS, SELECTIONS, WAIT_CONDITIONS } from '../../src/core/model';

const synth = (build: (stack: TerraformStack) => void) => {
  const stack = new TerraformStack(Testing.app(), 's');
  build(stack);
  return JSON.parse(Testing.synth(stack));
};

describe('the core this project runs on', () => {
  // jest.config.js runs this folder once per core; `cdktf` is the fork under the cdktn project.
  it('is the one the project maps `cdktf` to', () => {
    const { name: core } = jest.requireActual<{ name: string }>('cdktf/package.json');
    expect(core).toBe((globalThis as { TASKGATE_CORE?: string }).TASKGATE_CORE);
    expect(App.name).toBe('App');
    expect(require.resolve('cdktf')).toContain(`/node_modules/${core}/`);
  });
});

describe('enums', () => {
  it('hold exactly the values the CLI and the provider accept', () => {
    expect(Object.values(TaskApi).sort()).toEqual([...API_NAMES].sort());
    expect(Object.values(AssertCondition).sort()).toEqual([...CONDITIONS].sort());
    expect(Object.values(WaitCondition).sort()).toEqual([...WAIT_CONDITIONS].sort());
    expect(Object.values(TaskSelection).sort()).toEqual([...SELECTIONS].sort());
    expect(Object.values(TaskListEngine).sort()).toEqual(['external', 'provider']);
    expect(Object.values(TaskGateEngine).sort()).toEqual(['null_resource', 'provider', 'terraform_data']);
  });

  it('synthesize the same stack as the strings they stand for', () => {
    const withEnums = synth((s) => {
      const list = new TencentRedisTaskList(s, 'l', {
        instanceId: 'crs-1',
        engine: TaskListEngine.EXTERNAL,
        wait: { until: WaitCondition.IDLE, select: TaskSelection.ALL },
        assert: { expect: AssertCondition.FINISHED, select: TaskSelection.ALL },
      });
      new TaskGate(s, 'g', { taskList: list, engine: TaskGateEngine.TERRAFORM_DATA });
      new TaskGate(s, 'h', { api: TaskApi.HUAWEI_RDS, instanceId: 'r' });
    });
    const withStrings = synth((s) => {
      const list = new TencentRedisTaskList(s, 'l', {
        instanceId: 'crs-1',
        engine: 'external',
        wait: { until: 'idle', select: 'all' },
        assert: { expect: 'finished', select: 'all' },
      });
      new TaskGate(s, 'g', { taskList: list, engine: 'terraform_data' });
      new TaskGate(s, 'h', { api: 'huawei-rds', instanceId: 'r' });
    });
    expect(withEnums).toEqual(withStrings);
    const [read] = Object.values(withEnums.data.external) as { query: Record<string, string> }[];
    expect(read.query).toMatchObject({ until: 'idle', select: 'all', expect: 'finished' });
  });

  it('an unknown engine from a language without the enum types is one line naming the prop', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    expect(() => new TencentRedisTaskList(stack, 'l', { engine: 'exec' as TaskListEngine })).toThrow(
      /^TencentRedisTaskList s\/l: engine must be provider or external, not "exec"\.$/,
    );
    expect(() => new TaskGate(stack, 'g', { api: 'mysql' as TaskApi, instanceId: 'x' })).toThrow(
      /^TaskGate s\/g: api must be one of tencent-redis, tencent-redis-v2, tencent-cdb, huawei-rds/,
    );
  });
});

describe('the hand-written null and external bindings', () => {
  it('synthesize what the generated @cdktf/provider-* bindings synthesize', () => {
    const provisioners = [
      {
        type: 'local-exec' as const,
        command: 'wait',
        interpreter: ['node', 'x.js'],
        environment: { A: 'b' },
      },
    ];
    const ours = synth((s) => {
      new HashicorpProviderBlock(s, 'null', 'null');
      new HashicorpProviderBlock(s, 'external', 'external');
      const read = new ExternalDataBinding(s, 'read', { program: ['node', 'x.js'], query: { api: 'x' } });
      new NullResourceBinding(s, 'gate', { triggers: { release: read.result('count') }, provisioners });
    });
    const generated = synth((s) => {
      new NullProvider(s, 'null');
      new ExternalProvider(s, 'external');
      const read = new DataExternal(s, 'read', { program: ['node', 'x.js'], query: { api: 'x' } });
      new NullResource(s, 'gate', { triggers: { release: read.result.lookup('count') }, provisioners });
    });
    expect(ours).toEqual(generated);
    expect(ours.resource.null_resource.gate.triggers.release).toBe('${data.external.read.result["count"]}');
  });
});
