import 'cdktf/lib/testing/adapters/jest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalBackend, TerraformOutput, TerraformStack, TerraformVariable, Testing, Token } from 'cdktf';
import { ExternalProvider } from '@cdktf/provider-external/lib/provider';
import { Resource as NullResource } from '@cdktf/provider-null/lib/resource';
import {
  AssertCondition,
  HuaweiRdsTaskList,
  TaskApi,
  TaskGate,
  TaskSelection,
  TencentCdbTaskList,
  TencentRedisLegacyTaskList,
  TencentRedisTaskList,
  WaitCondition,
} from '../../src';
import { SECRET_VALUES, TEST_ENV } from '../support/emulator';
import { readStack } from '../support/terraform';
import { DataExternal } from '@cdktf/provider-external/lib/data-external';
import { NullProvider } from '@cdktf/provider-null/lib/provider';

Testing.setupJest();

/** Asset hashes change with every build of the CLI: snapshots keep the shape, not the hash. */
const stable = (json: string) =>
  json.replace(/assets\/taskgate-cli\/[0-9A-F]+\//g, 'assets/taskgate-cli/HASH/');

function stack(): TerraformStack {
  const app = Testing.app();
  const s = new TerraformStack(app, 'test');
  new LocalBackend(s, { path: 'terraform.tfstate' });
  return s;
}

function synth(build: (scope: TerraformStack) => void): Record<string, any> {
  const s = stack();
  build(s);
  return JSON.parse(Testing.synth(s));
}

const only = (record: Record<string, any>) => Object.values(record)[0] as Record<string, any>;

describe('task-list data sources', () => {
  it.each([
    [
      'TencentRedisTaskList',
      () =>
        new TencentRedisTaskList(stack(), 'l', {
          engine: 'external',
          instanceId: 'crs-1',
          instanceName: 'n',
          taskId: '7',
        }),
    ],
    [
      'TencentRedisLegacyTaskList',
      () =>
        new TencentRedisLegacyTaskList(stack(), 'l', {
          engine: 'external',
          instanceId: 'crs-1',
          instanceName: 'n',
        }),
    ],
    [
      'TencentCdbTaskList',
      () =>
        new TencentCdbTaskList(stack(), 'l', {
          engine: 'external',
          instanceId: 'cdb-1',
          asyncRequestId: 'a-1',
          taskTypes: ['1', '6'],
        }),
    ],
    [
      'HuaweiRdsTaskList',
      () =>
        new HuaweiRdsTaskList(stack(), 'l', {
          engine: 'external',
          instanceId: 'r-1',
          projectId: 'p',
          region: 'cn-north-4',
        }),
    ],
  ])('%s synthesizes one data "external" running the shipped CLI', (_name, build) => {
    const list = build();
    const json = JSON.parse(Testing.synth(list.node.scope as TerraformStack));
    expect(stable(JSON.stringify(json, null, 1))).toMatchSnapshot();
    const data = only(json.data.external);
    expect(data.program).toEqual([
      'node',
      expect.stringMatching(/^assets\/taskgate-cli\/[0-9A-F]+\/taskgate\.js$/),
      'external',
    ]);
    expect(data.query.api).toBe(list.api);
    expect(data.query.command).toBe('list');
    expect(json.provider.external).toHaveLength(1);
    expect(list.count).toMatch(/^\$\{TfToken/);
  });

  it('wait makes the read block: command wait with its options', () => {
    const json = synth((s) => {
      new TencentRedisTaskList(s, 'l', {
        engine: 'external',
        instanceId: 'crs-1',
        taskTypes: ['FLOW_BACKUPINSTANCE', 'FLOW_CLOSE'],
        statuses: ['running', 'succeeded'],
        startedAfter: '2026-01-01T00:00:00+08:00',
        wait: { until: 'finished', select: 'all', timeout: '5m', pollInterval: '5s', appearTimeout: '1m' },
      });
    });
    expect(only(json.data.external).query).toEqual({
      api: 'tencent-redis',
      command: 'wait',
      instance_id: 'crs-1',
      task_types: 'FLOW_BACKUPINSTANCE,FLOW_CLOSE',
      statuses: 'running,succeeded',
      started_after: '2026-01-01T00:00:00+08:00',
      until: 'finished',
      select: 'all',
      timeout: '5m',
      poll_interval: '5s',
      appear_timeout: '1m',
    });
  });

  it('assert adds a postcondition whose message names the task, its status and the expectation', () => {
    const json = synth((s) => {
      new TencentCdbTaskList(s, 'l', {
        engine: 'external',
        instanceId: 'cdb-1',
        assert: { expect: 'succeeded', maxAge: '24h' },
      });
    });
    const data = only(json.data.external);
    expect(data.query).toMatchObject({ command: 'check', expect: 'succeeded', max_age: '24h' });
    const [postcondition] = data.lifecycle.postcondition;
    expect(postcondition.condition).toBe('${self.result.condition_met == "true"}');
    for (const part of [
      'self.result.task_id',
      'self.result.instance_id',
      'self.result.status',
      'expected succeeded within 24h',
      'self.result.message',
    ]) {
      expect(postcondition.error_message).toContain(part);
    }
  });

  it('attributes read the external result', () => {
    const s = stack();
    const list = new TencentRedisTaskList(s, 'l', { engine: 'external', instanceId: 'crs-1' });
    const attributes: Record<string, string> = {
      count: list.count,
      condition_met: list.conditionMet,
      task_id: list.taskId,
      task_type: list.taskType,
      task_type_name: list.taskTypeName,
      status: list.status,
      status_raw: list.statusRaw,
      progress: list.progress,
      started_at: list.startedAt,
      ended_at: list.endedAt,
      instance_id: list.instanceId,
      instance_name: list.instanceName,
      message: list.message,
      tasks_json: list.tasksJson,
    };
    for (const [key, value] of Object.entries(attributes)) new TerraformOutput(s, key, { value });
    const json = JSON.parse(Testing.synth(s));
    const id = Object.keys(json.data.external)[0];
    for (const key of Object.keys(attributes)) {
      expect(json.output[key].value).toBe(`\${data.external.${id}.result["${key}"]}`);
    }
  });

  it('one CLI asset per stack, shared by every construct, inside the stack folder', () => {
    const s = stack();
    new TencentRedisTaskList(s, 'a', { engine: 'external', instanceId: 'crs-1' });
    new TencentCdbTaskList(s, 'b', { engine: 'external', instanceId: 'cdb-1' });
    new TaskGate(s, 'g', { api: 'huawei-rds', instanceId: 'r', engine: 'terraform_data' });
    const outdir = Testing.fullSynth(s);
    const stackDir = path.join(outdir, 'stacks', 'test');
    const assets = fs.readdirSync(path.join(stackDir, 'assets', 'taskgate-cli'));
    expect(assets).toHaveLength(1);
    const json = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
    const programs = Object.values(json.data.external).map((d: any) => d.program[1]);
    expect(new Set(programs).size).toBe(1);
    expect(fs.existsSync(path.join(stackDir, programs[0] as string))).toBe(true);
    const text = fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8');
    expect(text).not.toContain(path.resolve(__dirname, '../..'));
    expect(text).not.toContain(outdir);
  });

  it('declares the external provider once, and not at all when the user did', () => {
    const json = synth((s) => {
      new ExternalProvider(s, 'mine', {});
      new TencentRedisTaskList(s, 'a', { engine: 'external' });
      new TencentRedisTaskList(s, 'b', { engine: 'external' });
    });
    expect(json.provider.external).toHaveLength(1);
    // Synthesized alone, a task list is one data source.
    const alone = JSON.parse(
      Testing.synthScope((scope) => new TencentRedisTaskList(scope, 'x', { engine: 'external' })),
    );
    expect(Object.keys(alone.data.external)).toHaveLength(1);
  });

  it('no credential ever appears in the synthesized output', () => {
    const saved = { ...process.env };
    Object.assign(process.env, TEST_ENV, {
      TENCENTCLOUD_SECURITY_TOKEN: 'tg-token-SHOULD-NEVER-PRINT-77',
      HW_SECURITY_TOKEN: 'tg-hw-token-SHOULD-NEVER-PRINT-88',
    });
    try {
      const s = stack();
      new TencentRedisTaskList(s, 'a', { engine: 'external', instanceId: 'crs-1', wait: {}, assert: {} });
      new TencentRedisLegacyTaskList(s, 'b', { engine: 'external' });
      new TencentCdbTaskList(s, 'c', { engine: 'external' });
      new HuaweiRdsTaskList(s, 'd', { engine: 'external' });
      new TaskGate(s, 'e', { engine: 'null_resource', api: 'tencent-redis', instanceId: 'crs-1' });
      new TaskGate(s, 'f', { api: 'huawei-rds', engine: 'terraform_data' });
      const outdir = Testing.fullSynth(s);
      const files: string[] = [];
      const walk = (dir: string) =>
        fs
          .readdirSync(dir, { withFileTypes: true })
          .forEach((e) =>
            e.isDirectory() ? walk(path.join(dir, e.name)) : files.push(path.join(dir, e.name)),
          );
      walk(outdir);
      expect(files.length).toBeGreaterThan(1);
      const secrets = [
        ...SECRET_VALUES,
        TEST_ENV.TENCENTCLOUD_SECRET_ID,
        TEST_ENV.HW_ACCESS_KEY,
        'tg-token-SHOULD-NEVER-PRINT-77',
        'tg-hw-token-SHOULD-NEVER-PRINT-88',
      ];
      for (const file of files) {
        const text = fs.readFileSync(file, 'utf8');
        for (const secret of secrets) expect(text).not.toContain(secret);
      }
    } finally {
      process.env = saved;
    }
  });
});

describe('cdktf Testing matchers', () => {
  it('a task list is a data "external" with its query; a gate a null_resource with its provider', () => {
    const synthesized = Testing.synthScope((scope) => {
      const list = new TencentCdbTaskList(scope, 'restore', {
        engine: 'external',
        instanceId: 'cdb-1',
        assert: { expect: 'succeeded' },
      });
      new TaskGate(scope, 'gate', { engine: 'null_resource', taskList: list });
    });
    expect(synthesized).toHaveDataSourceWithProperties(DataExternal, {
      query: { api: 'tencent-cdb', command: 'check', instance_id: 'cdb-1', expect: 'succeeded' },
    });
    expect(synthesized).toHaveResourceWithProperties(NullResource, {
      triggers: { taskgate_api: 'tencent-cdb', taskgate_instance_id: 'cdb-1' },
    });
    expect(synthesized).toHaveProvider(NullProvider);
  });
});

describe('TaskGate', () => {
  it('runs `taskgate wait` through local-exec with argv and environment only (null_resource engine)', () => {
    const json = synth((s) => {
      new TaskGate(s, 'g', {
        engine: 'null_resource',
        api: 'tencent-redis',
        instanceId: 'crs-1',
        wait: { timeout: '20m' },
        triggers: { release: 'r1' },
      });
    });
    expect(stable(JSON.stringify(json, null, 1))).toMatchSnapshot();
    const gate = only(json.resource.null_resource);
    const exec = gate.provisioner[0]['local-exec'];
    expect(exec.command).toBe('wait');
    expect(exec.interpreter).toEqual([
      'node',
      expect.stringMatching(/^assets\/taskgate-cli\/[0-9A-F]+\/taskgate\.js$/),
    ]);
    expect(exec.environment).toEqual({
      TASKGATE_OUTPUT: 'none',
      TASKGATE_API: 'tencent-redis',
      TASKGATE_INSTANCE_ID: 'crs-1',
      TASKGATE_TIMEOUT: '20m',
    });
    expect(gate.triggers).toEqual({
      release: 'r1',
      taskgate_api: 'tencent-redis',
      taskgate_instance_id: 'crs-1',
    });
    expect(json.provider.null).toHaveLength(1);
    expect(json.provider.external).toBeUndefined();
  });

  it('terraform_data engine needs no provider', () => {
    const json = synth(
      (s) => new TaskGate(s, 'g', { api: 'tencent-cdb', instanceId: 'cdb-1', engine: 'terraform_data' }),
    );
    expect(json.provider).toBeUndefined();
    const gate = only(json.resource.terraform_data);
    expect(gate.triggers_replace).toEqual({ taskgate_api: 'tencent-cdb', taskgate_instance_id: 'cdb-1' });
  });

  it("reuses a task list's API and filters", () => {
    const json = synth((s) => {
      const list = new HuaweiRdsTaskList(s, 'l', {
        engine: 'external',
        instanceId: 'r-1',
        taskTypes: ['CreateBackup'],
        projectId: 'p',
      });
      new TaskGate(s, 'g', { engine: 'null_resource', taskList: list, wait: { until: 'finished' } });
    });
    expect(only(json.resource.null_resource).provisioner[0]['local-exec'].environment).toEqual({
      TASKGATE_OUTPUT: 'none',
      TASKGATE_API: 'huawei-rds',
      TASKGATE_INSTANCE_ID: 'r-1',
      TASKGATE_TASK_TYPE: 'CreateBackup',
      TASKGATE_PROJECT_ID: 'p',
      TASKGATE_UNTIL: 'finished',
    });
  });

  it('can stand in dependsOn', () => {
    const json = synth((s) => {
      const gate = new TaskGate(s, 'g', { api: 'tencent-redis', engine: 'terraform_data' });
      new NullResource(s, 'after', { dependsOn: [gate] });
    });
    expect(json.resource.null_resource.after.depends_on).toEqual([
      expect.stringMatching(/^terraform_data\.g_/),
    ]);
  });

  it('hostile values reach the environment verbatim and never the command', () => {
    const hostile = 'a"b\'c $(touch /tmp/pwned) `id`; rm -rf /\nnext';
    const json = synth(
      (s) =>
        new TaskGate(s, 'g', {
          engine: 'null_resource',
          // Task types of their own names (Huawei's) take any text.
          api: 'huawei-rds',
          instanceId: hostile,
          taskTypes: [hostile],
        }),
    );
    const exec = only(json.resource.null_resource).provisioner[0]['local-exec'];
    expect(exec.environment.TASKGATE_INSTANCE_ID).toBe(hostile);
    expect(exec.environment.TASKGATE_TASK_TYPE).toBe(hostile);
    expect(JSON.stringify([exec.command, exec.interpreter])).not.toMatch(/pwned|rm -rf|`/);
  });
});

describe('validation at construction', () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      'unknown status',
      () => new TencentRedisTaskList(stack(), 'x', { statuses: ['done'] }),
      /statuses must be one of pending, running/,
    ],
    [
      'wait until exists',
      () => new TencentRedisTaskList(stack(), 'x', { wait: { until: 'exists' as WaitCondition } }),
      /wait.until must be one of succeeded, finished, idle/,
    ],
    [
      'bad expect',
      () => new TencentRedisTaskList(stack(), 'x', { assert: { expect: 'ok' as AssertCondition } }),
      /assert.expect must be one of/,
    ],
    [
      'bad select',
      () => new TencentRedisTaskList(stack(), 'x', { wait: { select: 'first' as TaskSelection } }),
      /wait.select must be one of newest, all/,
    ],
    [
      'bad duration',
      () => new TencentRedisTaskList(stack(), 'x', { wait: { timeout: '10 minutes' } }),
      /wait.timeout: "10 minutes" is not a duration/,
    ],
    [
      'zero duration',
      () => new TencentRedisTaskList(stack(), 'x', { wait: { pollInterval: '0s' } }),
      /wait.pollInterval/,
    ],
    [
      'bad max age',
      () => new TencentCdbTaskList(stack(), 'x', { assert: { maxAge: '1 day' } }),
      /assert.maxAge/,
    ],
    [
      'bad time',
      () => new TencentRedisTaskList(stack(), 'x', { startedAfter: 'yesterday' }),
      /startedAfter: "yesterday" is not a time/,
    ],
    [
      'taskId on v2',
      () => new TencentRedisLegacyTaskList(stack(), 'x', { taskId: '1' } as never),
      /taskId is not supported by tencent-redis-v2/,
    ],
    [
      'asyncRequestId outside CDB',
      () => new TencentRedisTaskList(stack(), 'x', { asyncRequestId: 'a' } as never),
      /asyncRequestId is not supported by tencent-redis/,
    ],
    [
      'instanceName on CDB',
      () => new TencentCdbTaskList(stack(), 'x', { instanceName: 'n' } as never),
      /instanceName is not supported by tencent-cdb/,
    ],
    [
      'CDB type neither an integer nor a name',
      () => new TencentCdbTaskList(stack(), 'x', { taskTypes: ['RESIZE'] }),
      /taskTypes "RESIZE" is not a tencent-cdb task type: give an integer such as 1 or the name/,
    ],
    [
      'empty string',
      () => new TencentRedisTaskList(stack(), 'x', { instanceId: '' }),
      /instanceId must not be empty/,
    ],
    [
      'http endpoint off loopback',
      () => new HuaweiRdsTaskList(stack(), 'x', { endpoint: 'http://10.0.0.1' }),
      /endpoint http:\/\/10.0.0.1 uses plain http/,
    ],
    [
      'select disagreement',
      () => new TencentRedisTaskList(stack(), 'x', { wait: { select: 'all' }, assert: { select: 'newest' } }),
      /must agree/,
    ],
    ['gate without api', () => new TaskGate(stack(), 'x', {}), /api is required/],
    [
      'gate with both',
      () =>
        new TaskGate(stack(), 'x', {
          api: 'tencent-redis',
          taskList: new TencentRedisTaskList(stack(), 'l'),
        }),
      /either taskList or api/,
    ],
    ['gate unknown api', () => new TaskGate(stack(), 'x', { api: 'aws-rds' as never }), /api must be one of/],
    [
      'gate bad engine',
      () => new TaskGate(stack(), 'x', { api: 'tencent-redis', engine: 'docker' as never }),
      /engine must be provider, null_resource or terraform_data/,
    ],
  ];
  it.each(cases)('%s is one sentence naming the prop', (_name, build, message) => {
    expect(build).toThrow(message);
  });

  it('unresolved tokens are left to the CLI at run time', () => {
    const s = stack();
    expect(
      () =>
        new TencentRedisTaskList(s, 'x', {
          statuses: [Token.asString({ Ref: 'var' })],
          startedAfter: Token.asString({ Ref: 'var' }),
          wait: { timeout: Token.asString({ Ref: 'var' }) },
        }),
    ).not.toThrow();
  });
});

describe('props from JavaScript and tokens', () => {
  /** Synthesizes an app as `cdktf synth` does, and reads the stack's Terraform JSON. */
  function synthApp(build: (scope: TerraformStack) => void): Record<string, any> {
    const app = Testing.app();
    const s = new TerraformStack(app, 'test');
    new LocalBackend(s, { path: 'terraform.tfstate' });
    build(s);
    app.synth();
    return readStack(path.join(app.outdir, 'stacks', 'test'));
  }
  // What a JavaScript caller can pass that TypeScript would refuse.
  const js = (props: unknown) => props as never;

  const cases: [string, () => unknown, string][] = [
    [
      'gate props null',
      () => new TaskGate(stack(), 'x', js(null)),
      'TaskGate test/x: props must be an object, not null.',
    ],
    [
      'gate props missing',
      () => new TaskGate(stack(), 'x', js(undefined)),
      'TaskGate test/x: props must be an object, not undefined.',
    ],
    [
      'task list props null',
      () => new TencentCdbTaskList(stack(), 'x', js(null)),
      'TencentCdbTaskList test/x: props must be an object, not null.',
    ],
    [
      'task list props a string',
      () => new HuaweiRdsTaskList(stack(), 'x', js('instanceId=r-1')),
      'HuaweiRdsTaskList test/x: props must be an object, not a string.',
    ],
    [
      'a trigger that is a number',
      () => new TaskGate(stack(), 'x', { api: 'tencent-redis', triggers: js({ a: 1 }) }),
      'TaskGate test/x: triggers.a must be a string, not a number.',
    ],
    [
      'triggers a list',
      () => new TaskGate(stack(), 'x', { api: 'tencent-redis', triggers: js(['a']) }),
      'TaskGate test/x: triggers must be a map of strings, not a list.',
    ],
    [
      'taskTypes a string',
      () => new TencentRedisTaskList(stack(), 'x', { taskTypes: js('X') }),
      'TencentRedisTaskList test/x: taskTypes must be a list of strings, not a string.',
    ],
    [
      'a status that is null',
      () => new TaskGate(stack(), 'x', { api: 'tencent-redis', statuses: js(['failed', null]) }),
      'TaskGate test/x: statuses[1] must be a string, not null; leave it out instead.',
    ],
    [
      'instanceId a number',
      () => new TencentRedisTaskList(stack(), 'x', { instanceId: js(42) }),
      'TencentRedisTaskList test/x: instanceId must be a string, not a number.',
    ],
    [
      'region null',
      () => new TencentCdbTaskList(stack(), 'x', { region: js(null) }),
      'TencentCdbTaskList test/x: region must be a string, not null; leave it out instead.',
    ],
    [
      'wait a string',
      () => new TencentRedisTaskList(stack(), 'x', { wait: js('succeeded') }),
      'TencentRedisTaskList test/x: wait must be an object, not a string.',
    ],
    [
      'wait.timeout a number',
      () => new TaskGate(stack(), 'x', { api: 'tencent-redis', wait: { timeout: js(600) } }),
      'TaskGate test/x: wait.timeout must be a string, not a number.',
    ],
    [
      'assert.expect a boolean',
      () => new TencentRedisTaskList(stack(), 'x', { assert: { expect: js(true) } }),
      'TencentRedisTaskList test/x: assert.expect must be a string, not a boolean.',
    ],
    [
      'dependsOn a construct, not a list',
      () => {
        const s = stack();
        return new TencentRedisTaskList(s, 'x', { dependsOn: js(new TencentRedisTaskList(s, 'y')) });
      },
      'TencentRedisTaskList test/x: dependsOn must be a list of resources or constructs, not an object.',
    ],
    [
      'taskList not a task list',
      () => new TaskGate(stack(), 'x', { taskList: js({ api: 'tencent-redis' }) }),
      'TaskGate test/x: taskList must be a task-list construct, not an object.',
    ],
    [
      'a prop with a wrong name',
      () => new TaskGate(stack(), 'x', js({ api: 'tencent-redis', instanceID: 'crs-1' })),
      'TaskGate test/x: instanceID is not a prop here; the props are',
    ],
    [
      'a wait option with a wrong name',
      () => new TencentRedisTaskList(stack(), 'x', { wait: js({ timeOut: '5m' }) }),
      'TencentRedisTaskList test/x: wait.timeOut is not a prop here; the props are wait.until,',
    ],
    [
      'an engine that is a token',
      () => new TaskGate(stack(), 'x', { api: 'tencent-redis', engine: js(Token.asString({ Ref: 'v' })) }),
      'TaskGate test/x: engine must be known at synth, not a token: it decides what is synthesized.',
    ],
    [
      'blanks',
      () => new TencentRedisTaskList(stack(), 'x', { instanceId: '  ' }),
      'TencentRedisTaskList test/x: instanceId must not be empty; leave it out instead.',
    ],
    [
      'an empty list',
      () => new TaskGate(stack(), 'x', { api: 'tencent-redis', taskTypes: [] }),
      'TaskGate test/x: taskTypes must not be empty; leave it out instead.',
    ],
  ];
  it.each(cases)('%s is one sentence naming the prop', (_name, build, message) => {
    expect(build).toThrow(message);
    try {
      build();
    } catch (error) {
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(TypeError);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('a token api (from a TerraformVariable) is checked at run time, on every engine', () => {
    const json = synthApp((s) => {
      const api = new TerraformVariable(s, 'api', { type: 'string' }).stringValue;
      new TaskGate(s, 'provider', { api: api as TaskApi, instanceId: 'crs-1', statuses: ['failed'] });
      new TaskGate(s, 'null', { api: api as TaskApi, instanceId: 'crs-1', engine: 'null_resource' });
    });
    expect(only(json.resource.taskgate_gate)).toMatchObject({
      api: '${var.api}',
      instance_id: 'crs-1',
      statuses: ['failed'],
    });
    expect(only(json.resource.null_resource).provisioner[0]['local-exec'].environment).toMatchObject({
      TASKGATE_API: '${var.api}',
      TASKGATE_INSTANCE_ID: 'crs-1',
    });
  });

  it('with a token api, props that suit no API are still refused', () => {
    const api = () => Token.asString({ Ref: 'api' }) as TaskApi;
    expect(() => new TaskGate(stack(), 'x', { api: api(), statuses: ['done'] })).toThrow(
      /^TaskGate test\/x: statuses must be one of pending, running/,
    );
    expect(() => new TaskGate(stack(), 'x', { api: api(), asyncRequestId: 'a-1', projectId: 'p' })).toThrow(
      /^TaskGate test\/x: .* is not supported by /,
    );
  });

  it('tokens are accepted wherever a prop may be one: lists, maps, their items, wait and assert options', () => {
    const json = synthApp((s) => {
      const variable = (name: string, type: string) => new TerraformVariable(s, name, { type });
      const types = variable('types', 'list(string)').listValue;
      const triggers = Token.asStringMap(variable('triggers', 'map(string)').value);
      const release = variable('release', 'string').stringValue;
      const timeout = variable('timeout', 'string').stringValue;
      new TencentRedisTaskList(s, 'list', {
        taskTypes: types,
        statuses: [variable('status', 'string').stringValue],
        wait: { timeout },
        assert: { maxAge: variable('age', 'string').stringValue },
      });
      new TaskGate(s, 'all', { api: 'tencent-redis', triggers });
      new TaskGate(s, 'one', { api: 'tencent-redis', triggers: { release } });
      new TaskGate(s, 'exec', { api: 'tencent-redis', triggers, engine: 'null_resource' });
      new TaskGate(s, 'data', { api: 'tencent-redis', triggers, engine: 'terraform_data' });
    });
    // The filters' own triggers and a map that is a token are merged by Terraform.
    const merged = '${merge({"taskgate_api" = "tencent-redis"}, var.triggers)}';
    expect(only(json.resource.null_resource).triggers).toBe(merged);
    expect(only(json.resource.terraform_data).triggers_replace).toBe(merged);
    expect(only(json.data.taskgate_tasks)).toMatchObject({
      task_types: '${var.types}',
      statuses: ['${var.status}'],
      wait: { timeout: '${var.timeout}' },
      max_age: '${var.age}',
    });
    const gates = Object.values(json.resource.taskgate_gate) as any[];
    expect(gates.map((gate) => gate.triggers)).toEqual(['${var.triggers}', { release: '${var.release}' }]);
  });
});
