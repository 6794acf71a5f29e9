import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunningEmulator } from '../../src/emulator';
import { SECRET_VALUES, expectNoSecrets, testEmulator, trustEmulator } from '../support/emulator';
import {
  PACKAGE_VERSION,
  ProcessResult,
  providerTerraformEnv,
  providerWorkdir,
  runProgram,
  writeProviderConfiguration,
  REAL_PROGRAMS_TEST_TIMEOUT_MS,
} from '../support/terraform';
import { CHILD_LIMIT_MS } from '../support/children';
import { needs } from '../support/tools';

jest.setTimeout(REAL_PROGRAMS_TEST_TIMEOUT_MS);

/**
 * The provider under real `terraform` (init, validate, plan, apply), found with no download in the
 * working directory's implied local mirror, against the in-process emulator over HTTPS.
 */

const withTerraform = needs('terraform', 'the real terraform tests of the provider').describe;

let emulator: RunningEmulator;
const dirs: string[] = [];
/** Every output of every terraform run, scanned for credentials at the end. */
const outputs: string[] = [];

beforeAll(async () => {
  // Over HTTPS, as the real services: the provider's every read and gate opens a TLS connection.
  emulator = await testEmulator({ tls: true });
});
afterAll(async () => {
  await emulator?.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => emulator.reset());

/** A working directory with the provider in its implied local mirror and this configuration. */
function workdir(configuration: string): string {
  const dir = providerWorkdir(emulator.url, configuration);
  dirs.push(dir);
  return dir;
}

const write = (dir: string, configuration: string) =>
  writeProviderConfiguration(dir, emulator.url, configuration);

/** Terraform's environment, trusting the HTTPS emulator's authority as a user trusts their own. */
const terraformEnv = (dir: string, extra: Record<string, string> = {}) =>
  providerTerraformEnv(dir, { ...trustEmulator(emulator), ...extra });

/** Runs terraform (no shell, bounded); runProgram fails the test when a credential appears in its output. */
async function terraform(
  dir: string,
  args: string[],
  extra: Record<string, string> = {},
): Promise<ProcessResult> {
  const result = await runProgram(['terraform', ...args, '-no-color'], {
    cwd: dir,
    env: terraformEnv(dir, extra),
  });
  outputs.push(result.stdout, result.stderr);
  return result;
}

async function init(dir: string): Promise<void> {
  const result = await terraform(dir, ['init', '-input=false']);
  expect(result.stderr).toBe('');
  expect(result.stdout).toContain('Installing terraform.local/taskgate/taskgate');
  expect(result.code).toBe(0);
}

const apply = (dir: string, extra?: Record<string, string>) =>
  terraform(dir, ['apply', '-auto-approve', '-input=false'], extra);

function state(dir: string): { text: string; gates: any[]; outputs: Record<string, any> } {
  const file = path.join(dir, 'terraform.tfstate');
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '{}';
  outputs.push(text);
  const parsed = JSON.parse(text);
  const gates = (parsed.resources ?? []).filter((resource: any) => resource.type === 'taskgate_gate');
  return { text, gates, outputs: parsed.outputs ?? {} };
}

const apiRequests = () => emulator.requests().length;

/** Terraform wraps diagnostics at 78 columns: compare messages on one line. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

const redisTask = (extra: Record<string, unknown> = {}) => ({
  api: 'tencent-redis' as const,
  id: '501',
  type: 'FLOW_BACKUPINSTANCE',
  instanceId: 'crs-tf',
  start: '-1s',
  runningFor: '3s',
  ...extra,
});

withTerraform('the provider under real terraform', () => {
  it('validate points at a bad attribute; a value unknown at validate is checked at plan; no request is sent', async () => {
    const dir = workdir(`
variable "age" {
  type    = string
  default = "5q"
}

data "taskgate_tasks" "bad" {
  api       = "tencent-cdb"
  instance_name = "orders"
}

data "taskgate_tasks" "later" {
  api     = "tencent-redis"
  expect  = "succeeded"
  max_age = var.age
}
`);
    await init(dir);
    const validated = await terraform(dir, ['validate']);
    expect(validated.code).toBe(1);
    expect(validated.stderr).toContain('Error: Invalid argument');
    expect(validated.stderr).toMatch(/on main\.tf line \d+, in data "taskgate_tasks" "bad":/);
    expect(validated.stderr).toContain('instance_name = "orders"');
    expect(flat(validated.stderr)).toMatch(/instance_name is not supported by tencent-cdb/);
    // var.age is unknown at validate: only the first data source is refused.
    expect(validated.stderr.match(/Error:/g)).toHaveLength(1);

    write(
      dir,
      `
variable "age" {
  type    = string
  default = "5q"
}

data "taskgate_tasks" "later" {
  api     = "tencent-redis"
  expect  = "succeeded"
  max_age = var.age
}
`,
    );
    expect((await terraform(dir, ['validate'])).code).toBe(0);
    const planned = await terraform(dir, ['plan', '-input=false']);
    expect(planned.code).toBe(1);
    expect(planned.stderr).toContain('Error: Invalid argument');
    expect(planned.stderr).toContain('max_age = var.age');
    expect(flat(planned.stderr)).toContain('max_age: "5q" is not a duration');
    expect(apiRequests()).toBe(0);
  });

  it('a data source reads at plan; a postcondition on condition_met holds, or fails with the reason', async () => {
    emulator.load({
      tasks: [
        redisTask({ start: '-60s', runningFor: '10s' }),
        redisTask({
          id: '502',
          instanceId: 'crs-other',
          start: '-30s',
          runningFor: '10s',
          outcome: 'failed',
        }),
      ],
    });
    const configuration = `
data "taskgate_tasks" "backup" {
  api         = "tencent-redis"
  instance_id = "crs-tf"
  expect      = "succeeded"

  lifecycle {
    postcondition {
      condition     = self.condition_met
      error_message = self.reason
    }
  }
}

data "taskgate_tasks" "all" {
  api = "tencent-redis"
}

output "backup_total" {
  value = data.taskgate_tasks.backup.total
}

output "newest_status" {
  value = data.taskgate_tasks.all.tasks[0].status
}
`;
    const dir = workdir(configuration);
    await init(dir);
    const applied = await apply(dir);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(state(dir).outputs).toEqual({
      backup_total: { value: 1, type: 'number' },
      newest_status: { value: 'failed', type: 'string' },
    });

    write(dir, configuration.replace('instance_id = "crs-tf"', 'instance_id = "crs-other"'));
    const failed = await terraform(dir, ['plan', '-input=false']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('Error: Resource postcondition failed');
    expect(failed.stderr).toContain(
      'task 502 (FLOW_BACKUPINSTANCE on crs-other): failed, expected succeeded',
    );
  });

  it('a gate waits at apply, logs progress at INFO, and what depends on it comes after', async () => {
    // Each API request moves the task 1s on, whatever the machine's speed: running, then succeeded.
    emulator.load({ clock: { freeze: true, step: '1s' }, tasks: [redisTask()] });
    const configuration = `
resource "taskgate_gate" "backup" {
  api           = "tencent-redis"
  instance_id   = "crs-tf"
  poll_interval = "100ms"
  triggers      = { release = "v1" }
}

resource "terraform_data" "migration" {
  input      = "v1"
  depends_on = [taskgate_gate.backup]
}
`;
    const dir = workdir(configuration);
    await init(dir);
    const logFile = path.join(dir, 'trace.log');
    const applied = await apply(dir, { TF_LOG_PROVIDER: 'INFO', TF_LOG: 'trace', TF_LOG_PATH: logFile });
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Apply complete! Resources: 2 added');
    expect(applied.stdout.indexOf('terraform_data.migration: Creating')).toBeGreaterThan(
      applied.stdout.indexOf('taskgate_gate.backup: Creation complete'),
    );
    const log = fs.readFileSync(logFile, 'utf8');
    outputs.push(log);
    expect(log).toMatch(
      /\[INFO\] +provider\.terraform-provider-taskgate_v[\d.]+: taskgate \[[^\]]+\] task 501 \(FLOW_BACKUPINSTANCE on crs-tf\): running \d+%/,
    );
    expect(log).toMatch(
      /\[INFO\] +provider\.terraform-provider-taskgate_v[\d.]+: taskgate \[[^\]]+\] task 501 \(FLOW_BACKUPINSTANCE on crs-tf\): succeeded/,
    );
    const [gate] = state(dir).gates;
    expect(gate.instances[0].attributes).toMatchObject({
      condition_met: true,
      total: 1,
      select: 'newest',
      until: 'succeeded',
      triggers: { release: 'v1' },
    });
    expect(gate.instances[0].attributes.tasks[0]).toMatchObject({
      id: '501',
      status: 'succeeded',
      progress: 100,
    });

    // Refresh and a plan without changes call no API; a change of timeouts alone is made in place.
    const before = apiRequests();
    const unchanged = await terraform(dir, ['plan', '-input=false', '-detailed-exitcode']);
    expect(unchanged.code).toBe(0);
    const withTimeouts = configuration.replace(
      'triggers      = { release = "v1" }',
      'triggers      = { release = "v1" }\n\n  timeouts {\n    create = "45m"\n  }',
    );
    write(dir, withTimeouts);
    const inPlace = await apply(dir);
    expect(inPlace.code).toBe(0);
    expect(inPlace.stdout).toContain('taskgate_gate.backup: Modifying...');
    expect(inPlace.stdout).toContain('Apply complete! Resources: 0 added, 1 changed, 0 destroyed.');
    expect(apiRequests()).toBe(before);

    // A new trigger replaces the gate: it waits again.
    emulator.reset();
    emulator.load({ clock: { freeze: true, step: '1s' }, tasks: [redisTask({ id: '601' })] });
    write(dir, withTimeouts.replace('release = "v1"', 'release = "v2"'));
    const replaced = await apply(dir);
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toContain('taskgate_gate.backup must be replaced');
    expect(replaced.stdout).toMatch(/triggers\s+= \{ # forces replacement/);
    expect(replaced.stdout).toContain('Apply complete! Resources: 1 added, 0 changed, 1 destroyed.');
    expect(state(dir).gates[0].instances[0].attributes.tasks[0].id).toBe('601');
    expect(apiRequests()).toBeGreaterThan(1);

    const destroyed = await terraform(dir, ['destroy', '-auto-approve', '-input=false']);
    expect(destroyed.code).toBe(0);
    expect(state(dir).gates).toEqual([]);
  });

  it('a gate whose credentials come from an assumed role (TENCENTCLOUD_ASSUME_ROLE_ARN), refreshed as they expire', async () => {
    const role = 'qcs::cam::uin/100000000001:roleName/taskgate-terraform';
    // Each request moves the timeline 1s; the role's credentials live 3s: the wait outlives several.
    emulator.load({
      clock: { freeze: true, step: '1s' },
      identity: { tencent: { roles: [role] }, lifetime: '3s' },
      tasks: [redisTask({ runningFor: '8s' })],
    });
    const dir = workdir(`
resource "taskgate_gate" "backup" {
  api           = "tencent-redis"
  instance_id   = "crs-tf"
  poll_interval = "50ms"
}
`);
    await init(dir);
    const logFile = path.join(dir, 'trace.log');
    const applied = await apply(dir, {
      TENCENTCLOUD_ASSUME_ROLE_ARN: role,
      TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: 'terraform-apply',
      TF_LOG: 'trace',
      TF_LOG_PATH: logFile,
    });
    outputs.push(fs.readFileSync(logFile, 'utf8'));
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Apply complete! Resources: 1 added');
    expect(state(dir).gates[0].instances[0].attributes).toMatchObject({ condition_met: true, total: 1 });
    const log = emulator.requests().map((entry) => `${entry.action} ${entry.outcome}`);
    expect(log[0]).toBe('tencent-sts AssumeRole ok');
    expect(log.filter((line) => line === 'tencent-sts AssumeRole ok').length).toBeGreaterThanOrEqual(2);
    // Expired credentials are refused once each and replaced: the listing goes on to the end.
    expect(log.filter((line) => line.startsWith('DescribeTaskList')).length).toBeGreaterThan(2);
  });

  it('the reads of one plan share one assumed role: STS is called once, not once per data source', async () => {
    const role = 'qcs::cam::uin/100000000001:roleName/taskgate-plan';
    emulator.load({ identity: { tencent: { roles: [role] } }, tasks: [redisTask({ start: '-1h' })] });
    const dir = workdir(
      ['a', 'b', 'c']
        .map(
          (name) => `
data "taskgate_tasks" "${name}" {
  api         = "tencent-redis"
  instance_id = "crs-tf"
}
`,
        )
        .join(''),
    );
    await init(dir);
    const planned = await terraform(dir, ['plan', '-input=false'], {
      TENCENTCLOUD_ASSUME_ROLE_ARN: role,
      TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: 'terraform-plan',
    });
    expect(planned.stderr).toBe('');
    expect(planned.code).toBe(0);
    const log = emulator.requests().map((entry) => `${entry.action} ${entry.outcome}`);
    expect(log.filter((line) => line.startsWith('tencent-sts'))).toEqual(['tencent-sts AssumeRole ok']);
    expect(log.filter((line) => line === 'DescribeTaskList ok')).toHaveLength(3);
  });

  it('a failed task fails the apply naming the task; no gate is kept, and the next apply waits again', async () => {
    emulator.load({
      clock: { freeze: true, step: '1s' },
      tasks: [
        {
          api: 'tencent-cdb',
          id: '15970',
          type: '1',
          instanceId: 'cdb-tf',
          start: '-1s',
          runningFor: '2s',
          outcome: 'failed',
          message: 'restore failed: binlog missing',
        },
      ],
    });
    const dir = workdir(`
resource "taskgate_gate" "restore" {
  api           = "tencent-cdb"
  instance_id   = "cdb-tf"
  region        = "ap-guangzhou"
  poll_interval = "100ms"
}

resource "terraform_data" "after" {
  input      = "x"
  depends_on = [taskgate_gate.restore]
}
`);
    await init(dir);
    const failed = await apply(dir);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('Error: Task condition not met');
    expect(flat(failed.stderr)).toContain(
      'task 15970 (ROLLBACK on cdb-tf): failed, expected succeeded: restore failed: binlog missing',
    );
    expect(failed.stdout).not.toContain('terraform_data.after: Creating');
    expect(state(dir).gates).toEqual([]);

    emulator.reset();
    emulator.load({
      clock: { freeze: true, step: '1s' },
      tasks: [
        { api: 'tencent-cdb', id: '15971', type: '1', instanceId: 'cdb-tf', start: '-1s', runningFor: '2s' },
      ],
    });
    const again = await apply(dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('taskgate_gate.restore: Creating...');
    expect(state(dir).gates[0].instances[0].attributes.tasks[0].id).toBe('15971');
  });

  it('timeouts.create bounds the wait: the apply fails naming the task and what to raise', async () => {
    emulator.load({ tasks: [redisTask({ runningFor: '1h' })] });
    const dir = workdir(`
resource "taskgate_gate" "slow" {
  api           = "tencent-redis"
  instance_id   = "crs-tf"
  poll_interval = "200ms"

  timeouts {
    create = "2s"
  }
}
`);
    await init(dir);
    const started = Date.now();
    const timedOut = await apply(dir);
    expect(timedOut.code).toBe(1);
    expect(timedOut.stderr).toContain('Error: Timed out waiting for tasks');
    expect(flat(timedOut.stderr)).toMatch(
      /timed out after 2(\.0)?s waiting for succeeded: task 501 \(FLOW_BACKUPINSTANCE on crs-tf\): running \d+%.*; raise timeouts\.create if the task needs longer\./,
    );
    // Minutes of room for a busy machine, far under the hour the task runs.
    expect(Date.now() - started).toBeLessThan(5 * 60_000);
    expect(state(dir).gates).toEqual([]);
  });

  it('Ctrl-C during a wait (SIGINT to the process group) reaches the provider as StopProvider and ends the apply promptly', async () => {
    emulator.load({ tasks: [redisTask({ runningFor: '1h' })] });
    const dir = workdir(`
resource "taskgate_gate" "long" {
  api           = "tencent-redis"
  instance_id   = "crs-tf"
  poll_interval = "200ms"
}
`);
    await init(dir);
    // Its own process group, as a terminal's foreground job: Ctrl-C reaches terraform and the provider.
    const child = spawn('terraform', ['apply', '-auto-approve', '-input=false', '-no-color'], {
      cwd: dir,
      env: terraformEnv(dir),
      detached: true,
    });
    const group = child.pid as number;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const killer = setTimeout(() => process.kill(-group, 'SIGKILL'), CHILD_LIMIT_MS);
    try {
      // Bounded: the gate is creating once the API has been asked at least twice.
      for (let i = 0; i < CHILD_LIMIT_MS / 100 && apiRequests() < 2; i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(apiRequests()).toBeGreaterThanOrEqual(2);
      const interrupted = Date.now();
      process.kill(-group, 'SIGINT');
      const code = await exited;
      outputs.push(stdout, stderr);
      expect(code).not.toBe(0);
      // A minute, room for any busy machine, far under the hour the task runs.
      expect(Date.now() - interrupted).toBeLessThan(60_000);
      expect(stderr).toContain('Interrupted');
      expect(flat(stderr)).toContain('Terraform asked the provider to stop');
      expect(state(dir).gates).toEqual([]);
    } finally {
      clearTimeout(killer);
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // The group is gone: terraform and the provider have exited.
      }
    }
  });

  describe('the examples under examples/terraform, which the docs show', () => {
    const EXAMPLES = path.join(__dirname, '../../examples/terraform');
    /** A working directory holding these example files as written, but for this build's version and the emulator's address. */
    function examples(...files: string[]): string {
      const dir = workdir('');
      fs.rmSync(path.join(dir, 'main.tf'));
      for (const file of ['provider.tf', ...files])
        fs.writeFileSync(
          path.join(dir, file),
          fs
            .readFileSync(path.join(EXAMPLES, file), 'utf8')
            .replace(/version = "[\d.]+"/, `version = "${PACKAGE_VERSION}"`)
            .replace('http://127.0.0.1:8080', emulator.url),
        );
      return dir;
    }
    const backups = (newest: Record<string, unknown>) => [
      redisTask({ instanceId: 'crs-abc12345', start: '-2h', runningFor: '10m' }),
      redisTask({ id: '502', instanceId: 'crs-abc12345', ...newest }),
    ];

    it('validate together, every file of the folder', async () => {
      const files = fs.readdirSync(EXAMPLES).filter((file) => file.endsWith('.tf') && file !== 'provider.tf');
      expect(files.length).toBeGreaterThanOrEqual(3);
      const dir = examples(...files);
      await init(dir);
      const validated = await terraform(dir, ['validate']);
      expect(validated.stderr).toBe('');
      expect(validated.code).toBe(0);
    });

    it('the check plans, reporting the newest backup', async () => {
      emulator.load({ tasks: backups({ start: '-1h', runningFor: '10m' }) });
      const dir = examples('tasks-recent-backup.tf');
      await init(dir);
      const planned = await terraform(dir, ['plan', '-input=false']);
      expect(planned.stderr).toBe('');
      expect(planned.code).toBe(0);
      expect(planned.stdout).toMatch(/last_backup_ended\s+= "\d{4}-\d\d-\d\dT[\d:]+\+08:00"/);
    });

    it('the gate plans to wait before the migration', async () => {
      emulator.load({ tasks: backups({ start: '-1h', runningFor: '10m' }) });
      const dir = examples('gate-before-migration.tf');
      await init(dir);
      const planned = await terraform(dir, ['plan', '-input=false', '-var', 'release=v42']);
      expect(planned.stderr).toBe('');
      expect(planned.code).toBe(0);
      expect(planned.stdout).toContain('taskgate_gate.backup_done will be created');
      expect(planned.stdout).toContain('terraform_data.migration will be created');
    });

    it("the check beside the gate fails the plan while the gate's backup runs, as the docs say", async () => {
      emulator.load({ tasks: backups({ start: '-1m', runningFor: '1h' }) });
      const dir = examples('tasks-recent-backup.tf', 'gate-before-migration.tf');
      await init(dir);
      const planned = await terraform(dir, ['plan', '-input=false', '-var', 'release=v42']);
      expect(planned.code).not.toBe(0);
      expect(flat(planned.stderr)).toContain('task 502 (FLOW_BACKUPINSTANCE on crs-abc12345): running');
      expect(flat(planned.stderr)).toContain('expected succeeded');
    });

    it('the check that depends on the gate is read at apply, after it, so the plan goes through', async () => {
      emulator.load({ tasks: backups({ start: '-1m', runningFor: '1h' }) });
      const dir = examples('gate-before-migration.tf', 'gate-then-check.tf');
      await init(dir);
      const planned = await terraform(dir, ['plan', '-input=false', '-var', 'release=v42']);
      expect(planned.stderr).toBe('');
      expect(planned.code).toBe(0);
      expect(planned.stdout).toContain('data.taskgate_tasks.backup_after_gate will be read during apply');
      expect(planned.stdout).toContain('taskgate_gate.backup_done will be created');
    });
  });

  afterAll(() => {
    // Every terraform output, state and the trace log: no credential anywhere.
    expect(outputs.length).toBeGreaterThan(0);
    expectNoSecrets(...outputs);
    for (const secret of SECRET_VALUES) expect(outputs.join('\n')).not.toContain(secret);
  });
});
