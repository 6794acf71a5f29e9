import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RunningEmulator } from '../../src/emulator';
import { CtyValue, UNKNOWN, Unknown, ctyObject, fromMsgpack, toMsgpack } from '../../src/provider/plugin/cty';
import { Diagnostic } from '../../src/provider/plugin/diagnostics';
import { createLogger } from '../../src/provider/plugin/log';
import { TaskgateProvider } from '../../src/provider/provider';
import { serviceDefinition } from '../../src/provider/plugin/protocol/messages';
import { impliedType } from '../../src/provider/plugin/schema';
import { GATE_RESOURCE_SCHEMA } from '../../src/provider/gate-resource';
import { PROVIDER_SCHEMA } from '../../src/provider/query';
import { TASKS_DATA_SOURCE_SCHEMA } from '../../src/provider/tasks-data-source';
import { SECRET_VALUES, TEST_ENV, childEnv, expectNoSecrets, testEmulator } from '../support/emulator';
import { ProcessResult, REAL_PROGRAMS_TEST_TIMEOUT_MS, runProgram } from '../support/terraform';
import { needs } from '../support/tools';

jest.setTimeout(REAL_PROGRAMS_TEST_TIMEOUT_MS);

/**
 * Hostile configurations of the provider: empty values that would read as "no filter", and a
 * provider endpoint that is unknown at plan. Diagnostics through the provider's API in-process;
 * what Terraform does with them under real `terraform`, against emulators that count requests.
 */

const DATA_TYPE = impliedType(TASKS_DATA_SOURCE_SCHEMA.block);
const GATE_TYPE = impliedType(GATE_RESOURCE_SCHEMA.block);
const PROVIDER_TYPE = impliedType(PROVIDER_SCHEMA.block);

const value = (attributes: Record<string, CtyValue>) => ctyObject(Object.entries(attributes));
const data = (attributes: Record<string, CtyValue>) => ({ msgpack: toMsgpack(value(attributes), DATA_TYPE) });
const gate = (attributes: Record<string, CtyValue>) => ({ msgpack: toMsgpack(value(attributes), GATE_TYPE) });

function provider(env: NodeJS.ProcessEnv, endpoint: CtyValue): TaskgateProvider {
  const p = new TaskgateProvider({ env, log: createLogger(() => undefined), version: '0.1.0' });
  p.configureProvider({
    terraform_version: '1.11.4',
    config: { msgpack: toMsgpack(value({ endpoint }), PROVIDER_TYPE) },
  });
  return p;
}

/** A diagnostic's attribute path as Terraform shows it: `wait.until`, `task_types[0]`. */
function where(diagnostic: Diagnostic): string {
  return (diagnostic.attribute?.steps ?? [])
    .map((step) =>
      step.element_key_int !== undefined ? `[${step.element_key_int}]` : `.${step.attribute_name}`,
    )
    .join('')
    .replace(/^\./, '');
}

let emulator: RunningEmulator;
/** TASKGATE_ENDPOINT's emulator: the "elsewhere" no request may reach when the endpoint is unknown. */
let elsewhere: RunningEmulator;

beforeAll(async () => {
  emulator = await testEmulator();
  elsewhere = await testEmulator();
});
afterAll(async () => {
  await emulator?.close();
  await elsewhere?.close();
});
beforeEach(() => {
  emulator.reset();
  elsewhere.reset();
});

const redisTask = (extra: Record<string, unknown> = {}) => ({
  api: 'tencent-redis' as const,
  id: '501',
  type: 'FLOW_BACKUPINSTANCE',
  instanceId: 'crs-tf',
  start: '-60s',
  runningFor: '10s',
  ...extra,
});

describe('empty values never unfilter (the provider API in-process)', () => {
  // Every string and list argument of both types where "" would read as unset, with the API that takes it.
  const DATA_CASES: [Record<string, CtyValue>, string][] = [
    [{ api: '' }, 'api'],
    [{ api: 'tencent-redis', instance_id: '' }, 'instance_id'],
    [{ api: 'tencent-redis', instance_id: '   ' }, 'instance_id'],
    [{ api: 'tencent-redis', instance_name: '' }, 'instance_name'],
    [{ api: 'tencent-redis', task_id: '' }, 'task_id'],
    [{ api: 'tencent-cdb', async_request_id: '' }, 'async_request_id'],
    [{ api: 'tencent-redis', started_after: '' }, 'started_after'],
    [{ api: 'tencent-redis', started_before: '' }, 'started_before'],
    [{ api: 'tencent-redis', select: '' }, 'select'],
    [{ api: 'tencent-redis', expect: '' }, 'expect'],
    [{ api: 'tencent-redis', expect: 'succeeded', max_age: '' }, 'max_age'],
    [{ api: 'tencent-redis', task_types: [''] }, 'task_types[0]'],
    [{ api: 'tencent-redis', task_types: ['FLOW_BACKUPINSTANCE', null] }, 'task_types[1]'],
    [{ api: 'tencent-redis', task_types: [] }, 'task_types'],
    [{ api: 'tencent-redis', statuses: [''] }, 'statuses[0]'],
    [{ api: 'tencent-redis', statuses: [] }, 'statuses'],
    [{ api: 'tencent-redis', wait: value({ until: '' }) }, 'wait.until'],
    [{ api: 'tencent-redis', wait: value({ timeout: '' }) }, 'wait.timeout'],
    [{ api: 'tencent-redis', wait: value({ poll_interval: '' }) }, 'wait.poll_interval'],
    [{ api: 'tencent-redis', wait: value({ appear_timeout: '' }) }, 'wait.appear_timeout'],
  ];
  const GATE_CASES: [Record<string, CtyValue>, string][] = [
    [{ api: 'tencent-redis', instance_id: '' }, 'instance_id'],
    [{ api: 'tencent-redis', task_types: [''] }, 'task_types[0]'],
    [{ api: 'tencent-redis', statuses: [' '] }, 'statuses[0]'],
    [{ api: 'tencent-redis', until: '' }, 'until'],
    [{ api: 'tencent-redis', poll_interval: '' }, 'poll_interval'],
    [{ api: 'tencent-redis', appear_timeout: '' }, 'appear_timeout'],
    [{ api: 'tencent-redis', timeouts: value({ create: '' }) }, 'timeouts.create'],
    // Known empties are refused even while the api is not known yet.
    [{ api: UNKNOWN, instance_id: '' }, 'instance_id'],
  ];

  it('a data source argument that is empty is an error on that attribute at validate, and the read sends nothing', async () => {
    emulator.load({ tasks: [redisTask()] });
    const p = provider(TEST_ENV, emulator.url);
    for (const [attributes, at] of DATA_CASES) {
      const validated = p.validateDataResourceConfig({
        type_name: 'taskgate_tasks',
        config: data(attributes),
      });
      expect([at, validated.diagnostics.map(where)]).toEqual([at, [at]]);
      expect(validated.diagnostics[0]).toMatchObject({ severity: 1, summary: 'Invalid argument' });
      expect(validated.diagnostics[0].detail).toMatch(/^[a-z_.]+(\[\d\])? is (empty|null|an empty list);/);
      // Terraform validates again before it reads; the read itself refuses as well.
      const read = (await p.readDataSource({ type_name: 'taskgate_tasks', config: data(attributes) })) as any;
      expect(read.state).toBeUndefined();
      expect(read.diagnostics.map(where)).toEqual([at]);
    }
    expect(emulator.requests()).toHaveLength(0);
  });

  it('a gate argument that is empty is an error on that attribute at validate and plan; apply sends nothing', async () => {
    const p = provider(TEST_ENV, emulator.url);
    for (const [attributes, at] of GATE_CASES) {
      const validated = p.validateResourceConfig({ type_name: 'taskgate_gate', config: gate(attributes) });
      expect([at, validated.diagnostics.map(where)]).toEqual([at, [at]]);
      if (attributes.api === UNKNOWN) continue;
      const planned = p.planResourceChange({
        type_name: 'taskgate_gate',
        proposed_new_state: gate(attributes),
        config: gate(attributes),
      });
      expect([at, planned.diagnostics.map(where)]).toEqual([at, [at]]);
      const applied = await p.applyResourceChange({
        type_name: 'taskgate_gate',
        planned_state: gate(attributes),
        config: gate(attributes),
      });
      expect([at, applied.diagnostics.map(where)]).toEqual([at, [at]]);
    }
    expect(emulator.requests()).toHaveLength(0);
  });

  it('region = "", project_id = "" and the provider\'s endpoint = "" are unset: the environment supplies them, or the error says one is needed', async () => {
    emulator.load({
      tasks: [
        { api: 'tencent-cdb', id: '9', type: '1', instanceId: 'cdb-1', start: '-1h', runningFor: '1m' },
        {
          api: 'huawei-rds',
          id: 'h-1',
          type: 'CreateBackup',
          instanceId: 'rds-1',
          start: '-1h',
          runningFor: '1m',
        },
      ],
    });
    const read = async (env: NodeJS.ProcessEnv, attributes: Record<string, CtyValue>) =>
      (await provider(env, emulator.url).readDataSource({
        type_name: 'taskgate_tasks',
        config: data(attributes),
      })) as any;
    const cdb = await read(TEST_ENV, { api: 'tencent-cdb', instance_id: 'cdb-1', region: '' });
    expect(cdb.diagnostics).toEqual([]);
    expect((fromMsgpack(cdb.state.msgpack, DATA_TYPE) as any).tasks.map((t: any) => t.id)).toEqual(['9']);
    const huawei = await read(TEST_ENV, {
      api: 'huawei-rds',
      instance_id: 'rds-1',
      region: '',
      project_id: '',
    });
    expect(huawei.diagnostics).toEqual([]);
    expect(emulator.requests().map((entry) => entry.action)).toEqual(['DescribeTasks', 'tasklist']);
    // The provider block's endpoint = "" is unset too: TASKGATE_ENDPOINT, as documented, is where it reads.
    const unsetEndpoint = (await provider(
      { ...TEST_ENV, TASKGATE_ENDPOINT: elsewhere.url },
      '',
    ).readDataSource({
      type_name: 'taskgate_tasks',
      config: data({ api: 'tencent-redis', instance_id: 'crs-tf' }),
    })) as any;
    expect(unsetEndpoint.diagnostics).toEqual([]);
    expect(elsewhere.requests().map((entry) => entry.action)).toEqual(['DescribeTaskList']);
    // Without the environment's region, "" is not a region either.
    const { TENCENTCLOUD_REGION: _region, ...noRegion } = TEST_ENV;
    const refused = await read(noRegion, { api: 'tencent-cdb', instance_id: 'cdb-1', region: '' });
    expect(refused.diagnostics.map((d: Diagnostic) => [where(d), d.detail])).toEqual([
      ['region', 'tencent-cdb needs a region: set region or TENCENTCLOUD_REGION.'],
    ]);
    // Blanks are not "": they are refused as a region name.
    const blanks = provider(TEST_ENV, emulator.url).validateDataResourceConfig({
      type_name: 'taskgate_tasks',
      config: data({ api: 'tencent-cdb', region: ' ' }),
    });
    expect(blanks.diagnostics.map(where)).toEqual(['region']);
    expect(emulator.requests()).toHaveLength(2);
  });
});

describe('an endpoint unknown at plan is never "unset" (the provider API in-process)', () => {
  it('the read is refused with the reason and what to do, or deferred where Terraform allows; no request reaches TASKGATE_ENDPOINT', async () => {
    elsewhere.load({ tasks: [redisTask()] });
    const p = provider({ ...TEST_ENV, TASKGATE_ENDPOINT: elsewhere.url }, UNKNOWN);
    const read = (await p.readDataSource({
      type_name: 'taskgate_tasks',
      config: data({ api: 'tencent-redis', instance_id: 'crs-tf' }),
    })) as any;
    expect(read.state).toBeUndefined();
    expect(read.diagnostics).toHaveLength(1);
    expect(read.diagnostics[0]).toMatchObject({ severity: 1, summary: 'Provider endpoint not known yet' });
    expect(read.diagnostics[0].detail).toMatch(/add the resource it comes from to depends_on/);

    // The gate plans (its arguments are checked, nothing is sent), but never applies elsewhere.
    const attributes = { api: 'tencent-redis', instance_id: 'crs-tf' };
    const planned = p.planResourceChange({
      type_name: 'taskgate_gate',
      proposed_new_state: gate(attributes),
      config: gate(attributes),
    });
    expect(planned.diagnostics).toEqual([]);
    const badPlan = p.planResourceChange({
      type_name: 'taskgate_gate',
      proposed_new_state: gate({ ...attributes, until: 'exists' }),
      config: gate({ ...attributes, until: 'exists' }),
    });
    expect(badPlan.diagnostics.map(where)).toEqual(['until']);
    const applied = (await p.applyResourceChange({
      type_name: 'taskgate_gate',
      planned_state: gate(attributes),
      config: gate(attributes),
    })) as any;
    expect(applied.new_state).toEqual({ msgpack: toMsgpack(null, GATE_TYPE) });
    expect(applied.diagnostics[0]).toMatchObject({ severity: 1, summary: 'Provider endpoint not known yet' });
    expect(elsewhere.requests()).toHaveLength(0);

    // A Terraform that takes deferred answers gets one, with a wholly unknown value, and nothing is sent.
    const method = serviceDefinition('tfplugin6.Provider').ReadDataSource;
    const request = method.requestDeserialize(
      method.requestSerialize({
        type_name: 'taskgate_tasks',
        config: data({ api: 'tencent-redis', instance_id: 'crs-tf' }),
        client_capabilities: { deferral_allowed: true },
      }),
    ) as any;
    const deferred = method.responseDeserialize(
      method.responseSerialize(await p.readDataSource(request)),
    ) as any;
    expect(deferred.deferred).toEqual({ reason: 2 });
    expect(deferred.diagnostics ?? []).toEqual([]);
    expect(fromMsgpack(deferred.state.msgpack, DATA_TYPE)).toBeInstanceOf(Unknown);
    // A mistake in the arguments is still an error now, not deferred.
    const refusedNow = (await p.readDataSource({
      type_name: 'taskgate_tasks',
      config: data({ api: 'tencent-redis', instance_id: '' }),
      client_capabilities: { deferral_allowed: true },
    })) as any;
    expect(refusedNow.deferred).toBeUndefined();
    expect(refusedNow.diagnostics.map(where)).toEqual(['instance_id']);
    expect(elsewhere.requests()).toHaveLength(0);

    // Configured again with the value, it reads there.
    const known = provider({ ...TEST_ENV, TASKGATE_ENDPOINT: elsewhere.url }, emulator.url);
    emulator.load({ tasks: [redisTask()] });
    const reread = (await known.readDataSource({
      type_name: 'taskgate_tasks',
      config: data({ api: 'tencent-redis', instance_id: 'crs-tf' }),
    })) as any;
    expect(reread.diagnostics).toEqual([]);
    expect(emulator.requests()).toHaveLength(1);
    expect(elsewhere.requests()).toHaveLength(0);
  });
});

// Under real terraform.

const withTerraform = needs('terraform', 'the hostile provider tests under real terraform').describe;

const VERSION: string = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8'),
).version;
const BUNDLE = path.join(__dirname, '../../lib/terraform-provider-taskgate.js');
const PLATFORM = `${os.platform()}_${os.arch() === 'x64' ? 'amd64' : os.arch()}`;
const dirs: string[] = [];
const outputs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A working directory holding the provider in its implied local mirror, and this main.tf. */
function workdir(configuration: string): string {
  if (!fs.existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run build first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-hostile-'));
  dirs.push(dir);
  const mirror = path.join(dir, 'terraform.d/plugins/terraform.local/taskgate/taskgate', VERSION, PLATFORM);
  fs.mkdirSync(mirror, { recursive: true });
  const plugin = path.join(mirror, `terraform-provider-taskgate_v${VERSION}`);
  fs.copyFileSync(BUNDLE, plugin);
  fs.chmodSync(plugin, 0o755);
  fs.writeFileSync(path.join(dir, 'cli.tfrc'), '');
  write(dir, configuration);
  return dir;
}

function write(dir: string, configuration: string): void {
  const header = `
terraform {
  required_providers {
    taskgate = {
      source  = "terraform.local/taskgate/taskgate"
      version = "${VERSION}"
    }
  }
}
`;
  fs.writeFileSync(path.join(dir, 'main.tf'), `${header}\n${configuration}\n`);
}

/** Runs terraform without a shell, bounded; TASKGATE_ENDPOINT names the emulator no request may reach. */
async function terraform(dir: string, args: string[]): Promise<ProcessResult> {
  const result = await runProgram(['terraform', ...args, '-no-color'], {
    cwd: dir,
    env: childEnv({
      TF_CLI_CONFIG_FILE: path.join(dir, 'cli.tfrc'),
      TF_IN_AUTOMATION: '1',
      CHECKPOINT_DISABLE: '1',
      TF_INPUT: '0',
      TASKGATE_ENDPOINT: elsewhere.url,
    }),
  });
  outputs.push(result.stdout, result.stderr);
  return result;
}

async function init(dir: string): Promise<void> {
  const result = await terraform(dir, ['init', '-input=false']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
}

/** Terraform wraps diagnostics at 78 columns: compare messages on one line. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

function stateOutputs(dir: string): Record<string, any> {
  const text = fs.readFileSync(path.join(dir, 'terraform.tfstate'), 'utf8');
  outputs.push(text);
  return JSON.parse(text).outputs ?? {};
}

withTerraform('under real terraform', () => {
  it('instance_id = "" from a variable fails the plan on the attribute instead of reading every instance; a literal "" fails validate', async () => {
    // Another instance's task succeeded: read unfiltered, the postcondition would pass on it.
    emulator.load({ tasks: [redisTask({ instanceId: 'crs-other' })] });
    const configuration = `
provider "taskgate" {
  endpoint = "${emulator.url}"
}

variable "instance" {
  type    = string
  default = ""
}

data "taskgate_tasks" "restore" {
  api         = "tencent-redis"
  instance_id = var.instance
  expect      = "succeeded"

  lifecycle {
    postcondition {
      condition     = self.condition_met
      error_message = self.reason
    }
  }
}
`;
    const dir = workdir(configuration);
    await init(dir);
    // Variables are unknown at validate: the check waits for plan.
    expect((await terraform(dir, ['validate'])).code).toBe(0);
    const planned = await terraform(dir, ['plan', '-input=false']);
    expect(planned.code).toBe(1);
    expect(planned.stderr).toContain('Error: Invalid argument');
    expect(planned.stderr).toContain('instance_id = var.instance');
    expect(flat(planned.stderr)).toContain('instance_id is empty; give it a value or leave it out (null).');

    write(
      dir,
      configuration
        .replace(
          'instance_id = var.instance',
          'instance_id = "crs-tf"\n  task_types  = ["FLOW_BACKUPINSTANCE", ""]',
        )
        .replace('default = ""', 'default = "unused"'),
    );
    const validated = await terraform(dir, ['validate']);
    expect(validated.code).toBe(1);
    expect(validated.stderr).toContain('Error: Invalid argument');
    expect(validated.stderr).toMatch(/task_types\s+= \["FLOW_BACKUPINSTANCE", ""\]/);
    expect(flat(validated.stderr)).toContain(
      'task_types[1] is empty; remove it, or leave task_types out (null).',
    );
    expect(emulator.requests()).toHaveLength(0);
    expect(elsewhere.requests()).toHaveLength(0);
  });

  it('an endpoint from another resource: a read is refused at plan or deferred by depends_on to apply, and the gate waits there; TASKGATE_ENDPOINT gets nothing', async () => {
    emulator.load({
      clock: { freeze: true, step: '1s' },
      tasks: [redisTask({ start: '-1s', runningFor: '2s' })],
    });
    elsewhere.load({ tasks: [redisTask({ start: '-1h' })] });
    const provider = `
resource "terraform_data" "endpoint" {
  input = "${emulator.url}"
}

provider "taskgate" {
  endpoint = terraform_data.endpoint.output
}
`;
    const read = `
data "taskgate_tasks" "backup" {
  api         = "tencent-redis"
  instance_id = "crs-tf"
}
`;
    const dir = workdir(`${provider}${read}`);
    await init(dir);
    const refused = await terraform(dir, ['plan', '-input=false']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Error: Provider endpoint not known yet');
    expect(refused.stderr).toContain('with data.taskgate_tasks.backup');
    expect(flat(refused.stderr)).toContain('add the resource it comes from to depends_on');
    expect(emulator.requests()).toHaveLength(0);

    write(
      dir,
      `${provider}${read.replace('instance_id = "crs-tf"', 'instance_id = "crs-tf"\n  depends_on  = [terraform_data.endpoint]')}
resource "taskgate_gate" "backup" {
  api           = "tencent-redis"
  instance_id   = "crs-tf"
  poll_interval = "100ms"
}

output "read_total" {
  value = data.taskgate_tasks.backup.total
}

output "gate_task" {
  value = taskgate_gate.backup.tasks[0].id
}
`,
    );
    const planned = await terraform(dir, ['plan', '-input=false']);
    expect(planned.stderr).toBe('');
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain('data.taskgate_tasks.backup will be read during apply');
    expect(emulator.requests()).toHaveLength(0);

    const applied = await terraform(dir, ['apply', '-auto-approve', '-input=false']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(stateOutputs(dir)).toEqual({
      read_total: { value: 1, type: 'number' },
      gate_task: { value: '501', type: 'string' },
    });
    expect(emulator.requests().length).toBeGreaterThanOrEqual(2);
    expect(elsewhere.requests()).toHaveLength(0);
  });

  afterAll(() => {
    expect(outputs.length).toBeGreaterThan(0);
    expectNoSecrets(...outputs);
    for (const secret of SECRET_VALUES) expect(outputs.join('\n')).not.toContain(secret);
  });
});
