import { RunningEmulator } from '../../src/emulator';
import { CtyValue, UNKNOWN, Unknown, ctyObject, fromMsgpack, toMsgpack } from '../../src/provider/plugin/cty';
import { Diagnostic } from '../../src/provider/plugin/diagnostics';
import { createLogger } from '../../src/provider/plugin/log';
import { TaskgateProvider } from '../../src/provider/provider';
import { impliedType } from '../../src/provider/plugin/schema';
import { GATE_RESOURCE_SCHEMA } from '../../src/provider/gate-resource';
import { TASKS_DATA_SOURCE_SCHEMA } from '../../src/provider/tasks-data-source';
import { FakeClock } from '../engine/fake-clock';
import { CHILD_LIMIT_MS } from '../support/children';
import { SECRET_VALUES, TEST_ENV, expectNoSecrets, testEmulator } from '../support/emulator';

const DATA_TYPE = impliedType(TASKS_DATA_SOURCE_SCHEMA.block);
const GATE_TYPE = impliedType(GATE_RESOURCE_SCHEMA.block);

/** A configuration object: unset attributes are null, as Terraform sends them. */
function value(attributes: Record<string, CtyValue>) {
  return ctyObject(Object.entries(attributes));
}
const data = (attributes: Record<string, CtyValue>) => ({ msgpack: toMsgpack(value(attributes), DATA_TYPE) });
const gate = (attributes: Record<string, CtyValue>) => ({ msgpack: toMsgpack(value(attributes), GATE_TYPE) });
const wait = (attributes: Record<string, CtyValue> = {}) => value(attributes);

let logLines: string[] = [];
function provider(env: NodeJS.ProcessEnv = TEST_ENV) {
  logLines = [];
  return new TaskgateProvider({ env, log: createLogger((line) => logLines.push(line)), version: '0.1.0' });
}

function paths(diagnostics: readonly Diagnostic[]) {
  return diagnostics.map((d) => (d.attribute?.steps ?? []).map((s) => s.attribute_name).join('.'));
}

describe('validation (ValidateDataResourceConfig, ValidateResourceConfig)', () => {
  const validateData = (attributes: Record<string, CtyValue>, env?: NodeJS.ProcessEnv) =>
    provider(env).validateDataResourceConfig({ type_name: 'taskgate_tasks', config: data(attributes) })
      .diagnostics;
  const validateGate = (attributes: Record<string, CtyValue>, env?: NodeJS.ProcessEnv) =>
    provider(env).validateResourceConfig({ type_name: 'taskgate_gate', config: gate(attributes) })
      .diagnostics;

  it('accepts a valid configuration, without credentials or regions in the environment', () => {
    expect(
      validateData({ api: 'tencent-cdb', instance_id: 'cdb-1', expect: 'succeeded', max_age: '24h' }, {}),
    ).toEqual([]);
    expect(
      validateGate({ api: 'huawei-rds', instance_id: 'x', timeouts: value({ create: '1h' }) }, {}),
    ).toEqual([]);
  });

  it('points at the attribute, in the words of the configuration', () => {
    const cases: [Record<string, CtyValue>, string, RegExp][] = [
      [
        { api: 'tencent-redis', max_age: '5q', expect: 'succeeded' },
        'max_age',
        /^max_age: "5q" is not a duration/,
      ],
      [
        { api: 'tencent-redis', wait: wait({ timeout: '800h' }) },
        'wait.timeout',
        /^wait\.timeout must be at most 720h/,
      ],
      [
        { api: 'tencent-redis', wait: wait({ until: 'done' }) },
        'wait.until',
        /^wait\.until must be one of succeeded/,
      ],
      [{ api: 'tencent-redis', select: 'oldest' }, 'select', /^select must be one of newest, all/],
      [{ api: 'tencent-redis', statuses: ['done'] }, 'statuses', /^statuses must be one of pending/],
      [
        { api: 'tencent-redis', started_after: 'yesterday' },
        'started_after',
        /^started_after: "yesterday" is not a time/,
      ],
      [
        { api: 'tencent-cdb', instance_name: 'orders' },
        'instance_name',
        /^instance_name is not supported by tencent-cdb: its requests and answers carry no instance name\.$/,
      ],
      [{ api: 'tencent-redis-v2', task_id: '1' }, 'task_id', /^task_id is not supported by tencent-redis-v2/],
      [
        { api: 'tencent-redis', project_id: 'p' },
        'project_id',
        /^project_id is not supported by tencent-redis/,
      ],
      [{ api: 'tencent-redis', region: 'Mars' }, 'region', /^region "Mars" is not a region name/],
      [
        { api: 'aws-rds' },
        'api',
        /^api must be one of tencent-redis, tencent-redis-v2, tencent-cdb, huawei-rds, not "aws-rds"\.$/,
      ],
    ];
    for (const [attributes, path, message] of cases) {
      const diagnostics = validateData(attributes);
      expect([path, paths(diagnostics)]).toEqual([path, [path]]);
      expect(diagnostics[0].detail).toMatch(message);
      expect(diagnostics[0].summary).toBe('Invalid argument');
    }
  });

  it("names the gate's own attributes: until, timeouts.create", () => {
    expect(paths(validateGate({ api: 'tencent-redis', until: 'exists' }))).toEqual(['until']);
    const timeout = validateGate({ api: 'tencent-redis', timeouts: value({ create: '-5m' }) });
    expect(paths(timeout)).toEqual(['timeouts.create']);
    expect(timeout[0].detail).toMatch(/^timeouts\.create must be a positive duration/);
  });

  it('max_age needs expect', () => {
    const diagnostics = validateData({ api: 'tencent-redis', max_age: '1h' });
    expect(paths(diagnostics)).toEqual(['max_age']);
    expect(diagnostics[0].detail).toMatch(/^max_age needs expect/);
  });

  it('skips unknown values at validate, and defers everything when the api is unknown', () => {
    expect(
      validateData({ api: 'tencent-redis', instance_id: UNKNOWN, max_age: UNKNOWN, expect: 'exists' }),
    ).toEqual([]);
    expect(validateData({ api: UNKNOWN, max_age: '5q', expect: 'exists' })).toEqual([]);
    // An unknown region or project stands in for one, so a Huawei API needing them is not refused...
    expect(validateData({ api: 'huawei-rds', region: UNKNOWN, project_id: UNKNOWN }, {})).toEqual([]);
    // ...while a project on an API without projects is refused whatever it will be.
    expect(paths(validateData({ api: 'tencent-redis', project_id: UNKNOWN }))).toEqual(['project_id']);
    // Known values are still checked beside unknown ones.
    expect(paths(validateData({ api: 'tencent-redis', instance_id: UNKNOWN, select: 'x' }))).toEqual([
      'select',
    ]);
  });

  it('reports every problem of a configuration, each on its attribute', () => {
    const data = validateData({
      api: 'tencent-redis',
      select: 'x',
      expect: 'exists',
      max_age: '5q',
      wait: wait({ timeout: '800h' }),
    });
    expect(paths(data)).toEqual(['select', 'max_age', 'wait.timeout']);
    expect(data.map((d) => d.summary)).toEqual(['Invalid argument', 'Invalid argument', 'Invalid argument']);
    expect(data[2].detail).toBe('wait.timeout must be at most 720h, not "800h".');
    const gate = validateGate({
      api: 'tencent-cdb',
      instance_name: 'n',
      until: 'exists',
      timeouts: value({ create: '-5m' }),
    });
    expect(paths(gate)).toEqual(['instance_name', 'until', 'timeouts.create']);
  });

  it('validates the provider block endpoint', () => {
    const provide = (endpoint: string) =>
      provider().validateProviderConfig({
        config: { msgpack: toMsgpack(value({ endpoint }), ['object', { endpoint: 'string' }]) },
      }).diagnostics;
    expect(provide('https://redis.example.com')).toEqual([]);
    const plain = provide('http://10.0.0.1:8080');
    expect(paths(plain)).toEqual(['endpoint']);
    expect(plain[0].detail).toMatch(
      /^endpoint http:\/\/10\.0\.0\.1:8080 uses plain http to a non-loopback host/,
    );
  });
});

describe("the gate's plan (PlanResourceChange)", () => {
  const base = { api: 'tencent-redis', instance_id: 'crs-1', triggers: value({ release: 'v1' }) };
  const prior = value({
    ...base,
    select: 'newest',
    until: 'succeeded',
    poll_interval: '10s',
    appear_timeout: '2m',
    condition_met: true,
    total: 1,
    tasks: [],
  });
  const plan = (priorState: CtyValue, config: Record<string, CtyValue>) => {
    // Terraform proposes the config, with prior values for unset computed attributes.
    const proposed = value({ ...Object.fromEntries(Object.entries(priorState ?? {})), ...config });
    const response = provider().planResourceChange({
      type_name: 'taskgate_gate',
      prior_state: { msgpack: toMsgpack(priorState, GATE_TYPE) },
      proposed_new_state: gate(Object.fromEntries(Object.entries(proposed))),
      config: gate(config),
    });
    return {
      ...response,
      planned: fromMsgpack((response as any).planned_state.msgpack, GATE_TYPE) as any,
      replace: ((response as any).requires_replace ?? []).map((p: any) => p.steps[0].attribute_name),
    };
  };

  it('a new gate shows the defaults in effect and its results as unknown', () => {
    const { planned, diagnostics } = plan(null, base);
    expect(diagnostics).toEqual([]);
    expect(planned).toMatchObject({
      select: 'newest',
      until: 'succeeded',
      poll_interval: '10s',
      appear_timeout: '2m',
    });
    for (const name of ['condition_met', 'total', 'tasks']) expect(planned[name]).toBeInstanceOf(Unknown);
  });

  it('a changed trigger replaces the gate', () => {
    const { replace, planned } = plan(prior, { ...base, triggers: value({ release: 'v2' }) });
    expect(replace).toEqual(['triggers']);
    expect(planned.total).toBeInstanceOf(Unknown);
  });

  it('an argument removed from the configuration goes back to its default, which replaces the gate', () => {
    const { replace, planned } = plan({ ...prior, select: 'all' } as any, base);
    expect(planned.select).toBe('newest');
    expect(replace).toEqual(['select']);
  });

  it('a change of timeouts alone is made in place, keeping what the gate found', () => {
    const { replace, planned } = plan(prior, { ...base, timeouts: value({ create: '1h' }) });
    expect(replace).toEqual([]);
    expect(planned.timeouts.create).toBe('1h');
    expect(planned.condition_met).toBe(true);
    expect(planned.total).toBe(1);
  });

  it('refuses invalid arguments at plan, with credentials and regions read for real', () => {
    const { diagnostics } = plan(null, { ...base, api: 'tencent-cdb' });
    expect(diagnostics).toEqual([]);
    const missing = provider({}).planResourceChange({
      type_name: 'taskgate_gate',
      prior_state: { msgpack: toMsgpack(null, GATE_TYPE) },
      proposed_new_state: gate(base),
      config: gate(base),
    }) as any;
    expect(missing.diagnostics[0].detail).toMatch(/^Tencent Cloud credentials are missing/);
    expect(missing.diagnostics[0].attribute).toBeUndefined();
  });

  it('refuses every invalid argument at plan, each on its attribute', () => {
    const { diagnostics } = plan(null, { ...base, until: 'exists', poll_interval: '25h' });
    expect(paths(diagnostics)).toEqual(['until', 'poll_interval']);
    expect(diagnostics.map((d: Diagnostic) => d.detail)).toEqual([
      'until must be one of succeeded, finished, idle, not "exists".',
      'poll_interval must be at most 24h, not "25h".',
    ]);
  });

  it('read, refresh and import call nothing; destroy plans a null state', () => {
    const p = provider();
    const state = { msgpack: toMsgpack(prior, GATE_TYPE) };
    expect((p.readResource({ type_name: 'taskgate_gate', current_state: state }) as any).new_state).toBe(
      state,
    );
    const destroy = p.planResourceChange({
      type_name: 'taskgate_gate',
      prior_state: state,
      proposed_new_state: { msgpack: toMsgpack(null, GATE_TYPE) },
      config: { msgpack: toMsgpack(null, GATE_TYPE) },
    }) as any;
    expect(fromMsgpack(destroy.planned_state.msgpack, GATE_TYPE)).toBeNull();
    expect(p.importResourceState({ type_name: 'taskgate_gate', id: 'x' }).diagnostics[0].summary).toMatch(
      /cannot be imported/,
    );
  });

  it('upgrades stored JSON state to the current schema', () => {
    const response = provider().upgradeResourceState({
      type_name: 'taskgate_gate',
      version: 0,
      raw_state: {
        json: Buffer.from(JSON.stringify({ api: 'tencent-redis', triggers: { a: 'b' }, total: 2 })),
      },
    }) as any;
    const state = fromMsgpack(response.upgraded_state.msgpack, GATE_TYPE) as any;
    expect(state.api).toBe('tencent-redis');
    expect(state.triggers.a).toBe('b');
    expect(state.tasks).toBeNull();
  });
});

describe('reads and applies against the emulator', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await testEmulator();
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const configured = () => {
    const p = provider(TEST_ENV);
    p.configureProvider({
      terraform_version: '1.11.4',
      config: { msgpack: toMsgpack(value({ endpoint: emulator.url }), ['object', { endpoint: 'string' }]) },
    });
    return p;
  };
  const read = async (p: TaskgateProvider, attributes: Record<string, CtyValue>) => {
    const response = (await p.readDataSource({
      type_name: 'taskgate_tasks',
      config: data(attributes),
    })) as any;
    return {
      diagnostics: response.diagnostics as Diagnostic[],
      state: response.state ? (fromMsgpack(response.state.msgpack, DATA_TYPE) as any) : undefined,
    };
  };
  const task = (outcome: 'succeeded' | 'failed', extra: Record<string, unknown> = {}) => ({
    api: 'tencent-redis' as const,
    id: '501',
    type: 'FLOW_BACKUPINSTANCE',
    instanceId: 'crs-1',
    start: '-1s',
    runningFor: '3s',
    outcome,
    ...extra,
  });

  it('lists every match when neither expect nor wait is given', async () => {
    emulator.load({
      tasks: [task('succeeded', { start: '-10s' }), task('succeeded', { id: '502', start: '-5s' })],
    });
    const { state, diagnostics } = await read(configured(), { api: 'tencent-redis', instance_id: 'crs-1' });
    expect(diagnostics).toEqual([]);
    expect(state.total).toBe(2);
    expect(state.tasks.map((t: any) => t.id)).toEqual(['502', '501']);
    expect(state.tasks[0]).toMatchObject({ status: 'succeeded', progress: 100, instance_name: null });
    expect(state.condition_met).toBeNull();
    expect(state.reason).toBe('');
    expect(state.select).toBe('newest');
  });

  it('a false expect is a result, not an error: condition_met false and the reason', async () => {
    // Redis 3.0 tasks carry no message: the reason names the task and its status.
    emulator.load({ tasks: [task('failed', { start: '-10s' })] });
    const { state, diagnostics } = await read(configured(), { api: 'tencent-redis', expect: 'succeeded' });
    expect(diagnostics).toEqual([]);
    expect(state.condition_met).toBe(false);
    expect(state.reason).toBe('task 501 (FLOW_BACKUPINSTANCE on crs-1): failed, expected succeeded');
  });

  it('max_age in the reason names the attribute', async () => {
    emulator.load({ tasks: [task('succeeded', { start: '-2h' })] });
    const { state } = await read(configured(), { api: 'tencent-redis', expect: 'succeeded', max_age: '1h' });
    expect(state.condition_met).toBe(false);
    expect(state.reason).toMatch(/more than max_age 1h0m0s$/);
  });

  it('runs its waits on the clock it is given: an hour of polls ends at once on a fake clock', async () => {
    emulator.load({ tasks: [task('succeeded', { outcome: 'running', runningFor: '24h' })] });
    const clock = new FakeClock(Date.now());
    const p = new TaskgateProvider({
      env: TEST_ENV,
      log: createLogger((line) => logLines.push(line)),
      version: '0.1.0',
      clock,
    });
    p.configureProvider({
      terraform_version: '1.11.4',
      config: { msgpack: toMsgpack(value({ endpoint: emulator.url }), ['object', { endpoint: 'string' }]) },
    });
    const { diagnostics } = await read(p, {
      api: 'tencent-redis',
      wait: wait({ poll_interval: '10m', timeout: '1h' }),
    });
    expect(diagnostics.map((d) => d.detail)).toEqual([
      expect.stringMatching(/^timed out after 1h0m0s waiting for succeeded/),
    ]);
    // Every poll's sleep was the clock's: an hour in all, none of it real.
    expect(clock.sleeps.reduce((sum, ms) => sum + ms, 0)).toBe(3_600_000);
    // Signed at the fake clock's time, a poll is refused as stale first, then corrected from the
    // answer's Date: the answered ones are the polls.
    const polls = emulator
      .requests()
      .filter((entry) => entry.api === 'tencent-redis' && entry.outcome === 'ok').length;
    expect(polls).toBeGreaterThanOrEqual(4);
    // Each poll is one log entry with its numbers as fields.
    const entries = logLines.map((line) => JSON.parse(line)).filter((entry) => entry.polls !== undefined);
    expect(entries.map((entry) => entry.polls)).toEqual(Array.from({ length: polls }, (_, i) => i + 1));
    expect(entries[0]).toMatchObject({ '@level': 'info', elapsed_ms: 0, next_poll_in_ms: 600_000 });
  });

  it('wait blocks until the task succeeded, logging progress at INFO', async () => {
    emulator.load({ clock: { freeze: true, step: '1s' }, tasks: [task('succeeded')] });
    const p = configured();
    const { state, diagnostics } = await read(p, {
      api: 'tencent-redis',
      wait: wait({ poll_interval: '10ms' }),
    });
    expect(diagnostics).toEqual([]);
    expect(state.condition_met).toBe(true);
    expect(state.wait).toMatchObject({ until: 'succeeded', timeout: '30m', poll_interval: '10ms' });
    const info = logLines.map((line) => JSON.parse(line)).filter((entry) => entry['@level'] === 'info');
    expect(info.map((entry) => entry['@message'])).toContainEqual(
      expect.stringMatching(/task 501 \(FLOW_BACKUPINSTANCE on crs-1\): running \d+%/),
    );
    expect(info[0]).toMatchObject({ '@module': 'taskgate', tf_data_source_type: 'taskgate_tasks' });
    expect(info[0]['@timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it('wait, then expect reports on what the wait found', async () => {
    emulator.load({ clock: { freeze: true, step: '1s' }, tasks: [task('succeeded')] });
    const { state } = await read(configured(), {
      api: 'tencent-redis',
      expect: 'exists',
      wait: wait({ poll_interval: '10ms', until: 'finished' }),
    });
    expect(state.condition_met).toBe(true);
    expect(state.reason).toBe('');
  });

  it('a wait that cannot succeed is an error diagnostic naming the task', async () => {
    emulator.load({
      clock: { freeze: true, step: '1s' },
      tasks: [task('failed', { message: 'binlog missing' })],
    });
    const { state, diagnostics } = await read(configured(), {
      api: 'tencent-redis',
      wait: wait({ poll_interval: '10ms' }),
    });
    expect(state).toBeUndefined();
    expect(diagnostics).toEqual([
      {
        severity: 1,
        summary: 'Task condition not met',
        detail: 'task 501 (FLOW_BACKUPINSTANCE on crs-1): failed, expected succeeded',
      },
    ]);
  });

  it('the gate waits at create and keeps no state when the task fails', async () => {
    emulator.load({ clock: { freeze: true, step: '1s' }, tasks: [task('succeeded')] });
    const config = { api: 'tencent-redis', instance_id: 'crs-1', poll_interval: '10ms' };
    const p = configured();
    const planned = p.planResourceChange({
      type_name: 'taskgate_gate',
      prior_state: { msgpack: toMsgpack(null, GATE_TYPE) },
      proposed_new_state: gate(config),
      config: gate(config),
    }) as any;
    const applied = (await p.applyResourceChange({
      type_name: 'taskgate_gate',
      prior_state: { msgpack: toMsgpack(null, GATE_TYPE) },
      planned_state: planned.planned_state,
      config: gate(config),
    })) as any;
    expect(applied.diagnostics).toEqual([]);
    const state = fromMsgpack(applied.new_state.msgpack, GATE_TYPE) as any;
    expect(state).toMatchObject({ condition_met: true, total: 1, select: 'newest' });
    expect(state.tasks[0].status).toBe('succeeded');

    emulator.reset();
    emulator.load({ clock: { freeze: true, step: '1s' }, tasks: [task('failed')] });
    const failed = (await p.applyResourceChange({
      type_name: 'taskgate_gate',
      prior_state: { msgpack: toMsgpack(null, GATE_TYPE) },
      planned_state: planned.planned_state,
      config: gate(config),
    })) as any;
    expect(fromMsgpack(failed.new_state.msgpack, GATE_TYPE)).toBeNull();
    expect(failed.diagnostics[0].detail).toBe(
      'task 501 (FLOW_BACKUPINSTANCE on crs-1): failed, expected succeeded',
    );
  });

  it('a timeout names timeouts.create', async () => {
    emulator.load({ clock: { freeze: true, step: '1s' }, tasks: [task('succeeded', { runningFor: '1h' })] });
    const config = { api: 'tencent-redis', poll_interval: '10ms', timeouts: value({ create: '300ms' }) };
    const applied = (await configured().applyResourceChange({
      type_name: 'taskgate_gate',
      prior_state: { msgpack: toMsgpack(null, GATE_TYPE) },
      planned_state: gate(config),
      config: gate(config),
    })) as any;
    expect(applied.diagnostics[0].summary).toBe('Timed out waiting for tasks');
    expect(applied.diagnostics[0].detail).toMatch(
      /^timed out after 300ms waiting for succeeded: task 501 .*; raise timeouts\.create if the task needs longer\.$/,
    );
  });

  it('StopProvider ends a wait at once, not at its next poll', async () => {
    emulator.load({ tasks: [task('succeeded', { runningFor: '1h' })] });
    const p = configured();
    // Ten minutes between polls: only the stop can end this wait within the test.
    const reading = read(p, { api: 'tencent-redis', wait: wait({ poll_interval: '10m' }) });
    // Bounded by the hang backstop: the wait is sleeping once its first poll has reached the API.
    for (
      const deadline = Date.now() + CHILD_LIMIT_MS;
      emulator.requests().length === 0 && Date.now() < deadline;
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(emulator.requests().length).toBe(1);
    const stoppedAt = Date.now();
    expect(p.stopProvider()).toEqual({});
    const { diagnostics } = await reading;
    // A minute, room for any busy machine; the poll it would otherwise wait for is 10 minutes away.
    expect(Date.now() - stoppedAt).toBeLessThan(60_000);
    expect(diagnostics[0]).toMatchObject({ summary: 'Interrupted' });
    expect(emulator.requests().length).toBe(1);
  });

  it('never puts a credential in a diagnostic or a log line', async () => {
    emulator.load({ tasks: [task('failed', { message: 'disk full' })] });
    const p = configured();
    const bad = provider({ ...TEST_ENV, TENCENTCLOUD_SECRET_KEY: 'wrong-secret-SHOULD-NOT-PRINT' });
    bad.configureProvider({
      config: { msgpack: toMsgpack(value({ endpoint: emulator.url }), ['object', { endpoint: 'string' }]) },
    });
    const refused = await read(bad, { api: 'tencent-redis' });
    expect(refused.diagnostics[0].summary).toBe('Task-list API failed');
    expect(refused.diagnostics[0].detail).toMatch(/refused the credentials/);
    const texts = [JSON.stringify(refused), logLines.join('')];
    expect(texts.join('')).not.toContain('wrong-secret-SHOULD-NOT-PRINT');
    await read(p, { api: 'tencent-redis', wait: wait({ poll_interval: '10ms' }) });
    expectNoSecrets(...texts, logLines.join(''));
    expect(SECRET_VALUES.length).toBeGreaterThan(0);
  });
});
