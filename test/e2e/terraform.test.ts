import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, DataResource, LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import {
  HuaweiRdsTaskList,
  TaskGate,
  TaskGateProps,
  TencentCdbTaskList,
  TencentRedisTaskList,
} from '../../src';
import { RunningEmulator } from '../../src/emulator';
import { childEnv, expectNoSecrets, testEmulator, trustEmulator } from '../support/emulator';
import {
  readStack,
  REAL_PROGRAMS_TEST_TIMEOUT_MS,
  runExternalDataSource,
  runProgram,
  terraformApply,
} from '../support/terraform';
import { needs } from '../support/tools';

jest.setTimeout(REAL_PROGRAMS_TEST_TIMEOUT_MS);

const withTerraform = needs('terraform', 'the real `terraform apply` tests of TaskGate').describe;

let emulator: RunningEmulator;
const dirs: string[] = [];
beforeAll(async () => {
  // Over HTTPS, as the real services: every engine's reads and waits open TLS connections.
  emulator = await testEmulator({ tls: true });
});
afterAll(async () => {
  await emulator.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => emulator.reset());

/**
 * What terraform and the programs it starts get: the child's environment, trusting the emulator's
 * authority through NODE_EXTRA_CA_CERTS as a user trusts their own.
 */
const stackEnv = (extra: Record<string, string> = {}) => childEnv({ ...trustEmulator(emulator), ...extra });

/** Synthesizes one stack into a fresh folder and returns the stack folder. */
function synthStack(build: (stack: TerraformStack) => void): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-e2e-'));
  dirs.push(outdir);
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'e2e');
  new LocalBackend(stack, { path: 'terraform.tfstate' });
  build(stack);
  app.synth();
  return path.join(outdir, 'stacks', 'e2e');
}

function gatedStack(props: Omit<TaskGateProps, 'engine' | 'endpoint'>): string {
  return synthStack((stack) => {
    const gate = new TaskGate(stack, 'gate', {
      ...props,
      endpoint: emulator.url,
      engine: 'terraform_data',
      wait: { pollInterval: '300ms', timeout: '2m', ...props.wait },
    });
    new DataResource(stack, 'after-gate', { input: { done: 'yes' }, dependsOn: [gate] });
  });
}

withTerraform('TaskGate under real terraform apply (terraform_data engine)', () => {
  it('apply waits for the task, streams progress, then creates what depends on the gate', async () => {
    emulator.load({
      // Each poll moves the task 1s on, whatever the machine's speed: running 33%, 66%, succeeded.
      clock: { freeze: true, step: '1s' },
      tasks: [
        {
          api: 'tencent-redis',
          id: '501',
          type: 'FLOW_BACKUPINSTANCE',
          instanceId: 'crs-e2e',
          start: '-1s',
          runningFor: '3s',
        },
      ],
    });
    const dir = gatedStack({ api: 'tencent-redis', instanceId: 'crs-e2e' });
    const program = readStack(dir).resource.terraform_data;
    const gate = Object.values(program).find((resource: any) => resource.provisioner) as any;
    const interpreter = gate.provisioner[0]['local-exec'].interpreter;
    expect(fs.existsSync(path.join(dir, interpreter[1]))).toBe(true);
    expect(path.isAbsolute(interpreter[1])).toBe(false);

    const result = await terraformApply(dir, stackEnv());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /\(local-exec\): taskgate \[[^\]]+\] task 501 \(FLOW_BACKUPINSTANCE on crs-e2e\): running 33%/,
    );
    expect(result.stdout).toMatch(/task 501 \(FLOW_BACKUPINSTANCE on crs-e2e\): succeeded/);
    expect(result.stdout.indexOf('terraform_data.after-gate: Creating')).toBeGreaterThan(
      result.stdout.indexOf('succeeded'),
    );
    expect(result.stdout).toContain('Apply complete! Resources: 2 added');
    expectNoSecrets(
      result.stdout,
      result.stderr,
      fs.readFileSync(path.join(dir, 'terraform.tfstate'), 'utf8'),
    );
  });

  it('a failed task fails the apply with the one-line reason, and nothing after the gate is created', async () => {
    emulator.load({
      tasks: [
        {
          api: 'tencent-cdb',
          id: '15970',
          type: '1',
          instanceId: 'cdb-e2e',
          start: '-1s',
          runningFor: '1s',
          outcome: 'failed',
          message: 'restore failed: binlog missing',
        },
      ],
    });
    const dir = gatedStack({ api: 'tencent-cdb', instanceId: 'cdb-e2e', region: 'ap-guangzhou' });
    const result = await terraformApply(dir, stackEnv());
    expect(result.code).not.toBe(0);
    const output = `${result.stdout}\n${result.stderr}`;
    expect(output).toContain(
      'taskgate: task 15970 (ROLLBACK on cdb-e2e): failed, expected succeeded: restore failed: binlog missing',
    );
    expect(output).not.toContain('terraform_data.after-gate: Creating');
    // Under Terraform the gate prints progress and the reason, never the result JSON.
    expect(output).not.toContain('condition_met');
    expectNoSecrets(output);
  });

  it('hostile values pass through unchanged and unexecuted', async () => {
    const marker = path.join(os.tmpdir(), `taskgate-pwned-${process.pid}`);
    const hostile = `q"u'o $(touch ${marker}) \`touch ${marker}\`; touch ${marker}\nline2`;
    emulator.load({
      tasks: [
        {
          api: 'tencent-redis',
          type: 'FLOW_BACKUPINSTANCE',
          instanceId: 'crs-h',
          instanceName: hostile,
          start: '-1h',
        },
      ],
    });
    const dir = gatedStack({ api: 'tencent-redis', instanceName: hostile });
    const result = await terraformApply(dir, stackEnv());
    expect(result.code).toBe(0);
    expect(fs.existsSync(marker)).toBe(false);
    const sent = emulator.requests().map((entry) => entry.params?.InstanceName);
    expect(sent).toContain(hostile);
  });

  it('runs again on the next apply when triggers change, and only then', async () => {
    emulator.load({
      tasks: [{ api: 'huawei-rds', type: 'CreateBackup', instanceId: 'r-e2e', start: '-1h' }],
    });
    const build = (release: string) =>
      gatedStack({ api: 'huawei-rds', instanceId: 'r-e2e', projectId: 'proj-0a1b2c', triggers: { release } });
    const first = build('r1');
    expect((await terraformApply(first, stackEnv())).code).toBe(0);
    const reads = emulator.requests().length;
    expect(reads).toBeGreaterThan(0);
    // Same triggers: nothing to do. Changed triggers: the gate is replaced and waits again.
    const second = build('r1');
    fs.copyFileSync(path.join(first, 'terraform.tfstate'), path.join(second, 'terraform.tfstate'));
    expect((await terraformApply(second, stackEnv())).code).toBe(0);
    expect(emulator.requests().length).toBe(reads);
    const third = build('r2');
    fs.copyFileSync(path.join(second, 'terraform.tfstate'), path.join(third, 'terraform.tfstate'));
    const rerun = await terraformApply(third, stackEnv());
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(/terraform_data.gate_\w+: Destroying|must be replaced/);
    expect(emulator.requests().length).toBeGreaterThan(reads);
  });
});

withTerraform('the provider engine (the default) under real terraform, nothing downloaded', () => {
  it('a gate waits for the task and a task list asserts, from the provider the stack carries', async () => {
    emulator.load({
      clock: { freeze: true, step: '1s' },
      tasks: [
        {
          api: 'tencent-redis',
          id: '601',
          type: 'FLOW_BACKUPINSTANCE',
          instanceId: 'crs-p',
          start: '-1s',
          runningFor: '3s',
        },
        { api: 'huawei-rds', type: 'CreateBackup', instanceId: 'rds-p', start: '-10m', runningFor: '1m' },
      ],
    });
    const dir = synthStack((stack) => {
      const gate = new TaskGate(stack, 'gate', {
        api: 'tencent-redis',
        instanceId: 'crs-p',
        endpoint: emulator.url,
        wait: { pollInterval: '300ms', timeout: '2m' },
        triggers: { release: 'r1' },
      });
      new DataResource(stack, 'after-gate', { input: { done: 'yes' }, dependsOn: [gate] });
      const rds = new HuaweiRdsTaskList(stack, 'rds', {
        instanceId: 'rds-p',
        projectId: 'proj-0a1b2c',
        endpoint: emulator.url,
        assert: { expect: 'succeeded', maxAge: '1h' },
      });
      new TerraformOutput(stack, 'rds-status', { value: rds.status });
      new TerraformOutput(stack, 'rds-count', { value: rds.count });
      new TerraformOutput(stack, 'rds-total', { value: rds.total });
    });
    const result = await terraformApply(dir, stackEnv());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/taskgate_gate\.gate_\w+: Creation complete/);
    expect(result.stdout.indexOf('terraform_data.after-gate: Creating')).toBeGreaterThan(
      result.stdout.indexOf('taskgate_gate.gate'),
    );
    expect(result.stdout).toMatch(/rds-count = "1"/);
    expect(result.stdout).toMatch(/rds-status = "succeeded"/);
    expect(result.stdout).toMatch(/rds-total = 1/);
    const state = fs.readFileSync(path.join(dir, 'terraform.tfstate'), 'utf8');
    expect(
      JSON.parse(state).resources.find((r: any) => r.type === 'taskgate_gate').instances[0].attributes,
    ).toMatchObject({
      condition_met: true,
      tasks: [{ id: '601', status: 'succeeded' }],
    });
    expectNoSecrets(result.stdout, result.stderr, state);
  });

  it("a false assertion fails with the provider's reason, naming the task", async () => {
    emulator.load({
      tasks: [
        {
          api: 'tencent-cdb',
          id: '15980',
          type: '1',
          instanceId: 'cdb-p',
          start: '-1h',
          runningFor: '5s',
          outcome: 'failed',
          message: 'binlog missing',
        },
      ],
    });
    const dir = synthStack((stack) => {
      new TencentCdbTaskList(stack, 'restore', {
        instanceId: 'cdb-p',
        region: 'ap-guangzhou',
        endpoint: emulator.url,
        assert: { expect: 'succeeded' },
      });
    });
    const result = await terraformApply(dir, stackEnv());
    expect(result.code).not.toBe(0);
    // Terraform wraps and frames long messages: compare the words.
    const output = `${result.stdout}\n${result.stderr}`.replace(/[\s│]+/g, ' ');
    expect(output).toContain('task 15980 (ROLLBACK on cdb-p): failed, expected succeeded: binlog missing');
    expectNoSecrets(output);
  });
});

describe('data "external" run exactly as Terraform runs it', () => {
  function externalStack(): string {
    return synthStack((stack) => {
      new TencentRedisTaskList(stack, 'backup', {
        engine: 'external',
        instanceId: 'crs-x',
        endpoint: emulator.url,
        wait: { until: 'succeeded', pollInterval: '300ms', timeout: '1m' },
      });
      new TencentCdbTaskList(stack, 'restore', {
        engine: 'external',
        instanceId: 'cdb-x',
        region: 'ap-guangzhou',
        endpoint: emulator.url,
        assert: { expect: 'succeeded' },
      });
      new HuaweiRdsTaskList(stack, 'rds', {
        engine: 'external',
        instanceId: 'rds-x',
        endpoint: emulator.url,
        assert: { expect: 'exists', maxAge: '1h' },
      });
    });
  }

  it('each program prints a flat object of strings that its postcondition can judge', async () => {
    emulator.load({
      tasks: [
        {
          api: 'tencent-redis',
          id: '77',
          type: 'FLOW_BACKUPINSTANCE',
          instanceId: 'crs-x',
          start: '-1s',
          runningFor: '1s',
        },
        {
          api: 'tencent-cdb',
          id: '88',
          type: '1',
          instanceId: 'cdb-x',
          start: '-1h',
          runningFor: '5s',
          outcome: 'failed',
          message: 'restore failed',
        },
        { api: 'huawei-rds', type: 'CreateBackup', instanceId: 'rds-x', start: '-10m', runningFor: '1h' },
      ],
    });
    const dir = externalStack();
    const sources = readStack(dir).data.external as Record<string, any>;
    const results: Record<string, Record<string, string>> = {};
    for (const [name, source] of Object.entries(sources)) {
      const run = await runExternalDataSource(dir, source, stackEnv());
      expect(run.error).toBeUndefined();
      results[name.split('_')[0]] = run.result as Record<string, string>;
      expectNoSecrets(run.raw.stdout, run.raw.stderr);
    }
    expect(results.backup).toMatchObject({
      condition_met: 'true',
      task_id: '77',
      status: 'succeeded',
      count: '1',
    });
    expect(results.restore).toMatchObject({
      condition_met: 'false',
      task_id: '88',
      status: 'failed',
      message: 'restore failed',
    });
    expect(results.rds).toMatchObject({ condition_met: 'true', status: 'running' });
    expect(
      sources[Object.keys(sources).find((n) => n.startsWith('restore')) as string].lifecycle.postcondition,
    ).toHaveLength(1);
  });

  it('a failing read exits non-zero with one line, as Terraform shows it', async () => {
    emulator.load({
      tasks: [
        {
          api: 'tencent-redis',
          id: '78',
          type: 'FLOW_BACKUPINSTANCE',
          instanceId: 'crs-x',
          start: '-1s',
          runningFor: '500ms',
          outcome: 'failed',
        },
      ],
    });
    const dir = externalStack();
    const source = Object.entries(readStack(dir).data.external as Record<string, any>).find(([n]) =>
      n.startsWith('backup'),
    )?.[1];
    const run = await runExternalDataSource(dir, source, stackEnv());
    expect(run.raw.code).toBe(1);
    expect(run.error).toBe('taskgate: task 78 (FLOW_BACKUPINSTANCE on crs-x): failed, expected succeeded');
  });

  it('works from a copy of the stack folder on a machine without this repository', async () => {
    emulator.load({
      tasks: [{ api: 'tencent-redis', type: 'FLOW_BACKUPINSTANCE', instanceId: 'crs-x', start: '-1h' }],
    });
    const dir = externalStack();
    const moved = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-moved-'));
    dirs.push(moved);
    fs.cpSync(dir, moved, { recursive: true });
    const source = Object.entries(readStack(moved).data.external as Record<string, any>).find(([n]) =>
      n.startsWith('backup'),
    )?.[1];
    const run = await runExternalDataSource(moved, source, stackEnv({ NODE_PATH: '' }));
    expect(run.result?.condition_met).toBe('true');
  });
});

describe('the example app', () => {
  it('synthesizes both stacks as `cdktf synth` runs it', async () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-example-'));
    dirs.push(outdir);
    const result = await runProgram(
      [process.execPath, path.resolve(__dirname, '../../examples/dist/main.js')],
      {
        cwd: path.resolve(__dirname, '../..'),
        env: childEnv({ CDKTF_OUTDIR: outdir }),
      },
    );
    expect(result.code).toBe(0);
    const gates = readStack(path.join(outdir, 'stacks', 'gates'));
    const checks = readStack(path.join(outdir, 'stacks', 'checks'));
    expect(Object.keys(gates.resource.taskgate_gate)).toHaveLength(2);
    expect(Object.keys(gates.resource.terraform_data)).toHaveLength(2);
    expect(Object.keys(checks.data.taskgate_tasks)).toHaveLength(2);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'checks', 'terraform.d', 'plugins'))).toBe(true);
    expect(JSON.stringify(gates)).not.toContain(path.resolve(__dirname, '../..'));
  });
});
