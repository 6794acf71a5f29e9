import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { ApiName } from '../../src/core/model';
import { CLI, cliProcess, inProcess } from '../support/cli';
import { childEnv, expectNoSecrets, testEmulator } from '../support/emulator';
import { ProcessResult, runProgram } from '../support/terraform';

let emulator: RunningEmulator;

beforeAll(async () => {
  if (!fs.existsSync(CLI)) throw new Error('lib/taskgate.js is missing: run "npm run build" (npm test does)');
  emulator = await testEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

function cli(
  args: string[],
  options: { env?: Record<string, string | undefined>; input?: string } = {},
): Promise<ProcessResult> {
  return cliProcess(args, { ...options, env: { TASKGATE_ENDPOINT: emulator.url, ...options.env } });
}

function task(spec: Record<string, unknown>) {
  emulator.load({
    tasks: [{ api: 'tencent-redis', type: 'FLOW_BACKUPINSTANCE', instanceId: 'crs-1', ...spec }],
  });
}

/**
 * Every failure ends with exactly one line that says what happened; any line before it is progress
 * (`taskgate [elapsed] ...`) or an announced retry (`taskgate: ... retrying in ...`).
 */
function oneLine(result: ProcessResult): string {
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  expect(lines.length).toBeGreaterThan(0);
  const reason = lines[lines.length - 1];
  for (const line of lines.slice(0, -1)) expect(line).toMatch(/^taskgate \[[^\]]+\] |; retrying in /);
  expect(reason).toMatch(/^taskgate: /);
  expect(reason).not.toMatch(/retrying in/);
  return reason;
}

describe('taskgate basics', () => {
  it('prints its version and help', async () => {
    const version = await cli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(
      JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')).version,
    );
    const help = await cli(['--help']);
    expect(help.stdout).toContain('taskgate wait');
    for (const command of ['list', 'wait', 'check', 'external', 'emulator']) {
      const result = await cli([command, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`taskgate ${command}`);
    }
  });

  it('the bundle runs with no node_modules anywhere near it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-bundle-'));
    try {
      fs.copyFileSync(CLI, path.join(dir, 'taskgate.js'));
      const result = await runProgram([process.execPath, 'taskgate.js', '--version'], {
        cwd: dir,
        env: childEnv(),
      });
      expect(result.code).toBe(0);
      expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('list', () => {
  it('prints the section 4 object as JSON when stdout is not a TTY', async () => {
    task({ id: '42372', start: '-1h', runningFor: '10s', instanceName: '测试API专用' });
    task({ id: '42371', start: '-2h', runningFor: '10s', outcome: 'failed', message: 'oops' });
    const result = await cli(['list', '--api', 'tencent-redis', '--instance-id', 'crs-1']);
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout);
    expect(body).toMatchObject({ api: 'tencent-redis', total: 2 });
    expect(body).not.toHaveProperty('condition_met');
    expect(body.tasks[0]).toEqual({
      id: '42372',
      type: expect.stringMatching(/^(FLOW_BACKUPINSTANCE|012)$/),
      type_name: 'FLOW_BACKUPINSTANCE',
      instance_id: 'crs-1',
      instance_name: '测试API专用',
      status: 'succeeded',
      status_raw: '2',
      progress: 100,
      started_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/),
      ended_at: expect.stringMatching(/\+08:00$/),
      message: null,
    });
    expect(body.tasks[1]).toMatchObject({ id: '42371', status: 'failed', status_raw: '4' });
  });

  it('prints a listing of 10,000 tasks whole, through a pipe', async () => {
    emulator.load({
      tasks: Array.from({ length: 10_000 }, (_, i) => ({
        api: 'tencent-redis',
        type: 'FLOW_BACKUPINSTANCE',
        instanceId: `crs-${i % 50}`,
        start: `-${i + 1}m`,
      })),
    });
    const result = await cli(['list', '--api', 'tencent-redis']);
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout);
    expect(body.total).toBe(10_000);
    expect(body.tasks).toHaveLength(10_000);
    expect(emulator.requests()).toHaveLength(100);
  });

  it('prints a table on request', async () => {
    task({ id: '7', start: '-1m', runningFor: '10m' });
    const result = await cli(['list', '--api', 'tencent-redis', '--output', 'table']);
    expect(result.stdout).toMatch(/^ID\s+TYPE\s+INSTANCE\s+STATUS/);
    expect(result.stdout).toContain('1 task matching on tencent-redis');
  });
});

describe('check', () => {
  it.each([
    ['succeeded', { outcome: 'succeeded' }, [], 0],
    ['succeeded', { outcome: 'failed', message: 'disk full' }, [], 1],
    ['finished', { outcome: 'failed' }, [], 0],
    ['exists', { outcome: 'failed' }, [], 0],
    ['idle', { outcome: 'succeeded' }, [], 0],
    ['idle', { outcome: 'running', runningFor: '1h' }, [], 1],
    ['succeeded', { outcome: 'succeeded', start: '-3h' }, ['--max-age', '1h'], 1],
    ['succeeded', { outcome: 'succeeded', start: '-30m' }, ['--max-age', '1h'], 0],
  ] as const)('--expect %s with %j %j exits %i', async (expectation, spec, extra, code) => {
    task({ start: '-1h', runningFor: '10s', ...spec });
    const result = await cli(['check', '--api', 'tencent-redis', '--expect', expectation, ...extra]);
    expect(result.code).toBe(code);
    const body = JSON.parse(result.stdout);
    expect(body.condition_met).toBe(code === 0);
    if (code === 1) expect(oneLine(result)).toMatch(/^taskgate: /);
  });

  it('--select all looks at every match', async () => {
    task({ start: '-1h', runningFor: '10s' });
    task({ start: '-2h', runningFor: '10s', outcome: 'failed' });
    expect((await cli(['check', '--api', 'tencent-redis'])).code).toBe(0);
    const all = await cli(['check', '--api', 'tencent-redis', '--select', 'all']);
    expect(all.code).toBe(1);
    expect(JSON.parse(all.stdout).tasks).toHaveLength(2);
    expect(oneLine(all)).toMatch(/: failed, expected succeeded$/);
  });

  it('exists is false when nothing matches', async () => {
    const result = await cli(['check', '--api', 'huawei-rds', '--expect', 'exists', '--instance-id', 'nope']);
    expect(result.code).toBe(1);
    expect(oneLine(result)).toBe('taskgate: no task matches the filters');
  });
});

describe('wait', () => {
  const fast = ['--poll-interval', '200ms'];

  it('polls until the task succeeds, with progress on stderr', async () => {
    // A frozen clock that steps 1s per request: the polls see 33%, 66%, then success, however slow the machine.
    emulator.load({ clock: { freeze: true, step: '1s' } });
    task({ id: '1', start: '-1s', runningFor: '3s' });
    const result = await cli(['wait', '--api', 'tencent-redis', ...fast]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      condition_met: true,
      total: 1,
      tasks: [{ status: 'succeeded' }],
    });
    const phases = result.stderr.match(/task 1 \(FLOW_BACKUPINSTANCE on crs-1\): [a-z]+(?: \d+%)?/g);
    expect(phases).toEqual([
      'task 1 (FLOW_BACKUPINSTANCE on crs-1): running 33%',
      'task 1 (FLOW_BACKUPINSTANCE on crs-1): running 66%',
      'task 1 (FLOW_BACKUPINSTANCE on crs-1): succeeded',
    ]);
  });

  it('stops at once when the task fails', async () => {
    // CDB reports a message with its tasks; the Redis APIs do not.
    task({
      api: 'tencent-cdb',
      type: '1',
      instanceId: 'cdb-1',
      id: '2',
      start: '-1s',
      runningFor: '1s',
      outcome: 'failed',
      message: 'backup file corrupt',
    });
    const result = await cli(['wait', '--api', 'tencent-cdb', ...fast, '--timeout', '1m']);
    expect(result.code).toBe(1);
    // At once: the first answer settles it, whatever the machine's speed.
    expect(emulator.requests()).toHaveLength(1);
    expect(JSON.parse(result.stdout).condition_met).toBe(false);
    expect(oneLine(result)).toBe(
      'taskgate: task 2 (ROLLBACK on cdb-1): failed, expected succeeded: backup file corrupt',
    );
  });

  it('keeps polling until a task appears, within --appear-timeout', async () => {
    // The task appears two requests from now on a clock that only the requests move.
    emulator.load({ clock: { freeze: true, step: '1s' } });
    task({ id: '3', start: '+2s', runningFor: '0s' });
    const result = await cli(['wait', '--api', 'tencent-redis', ...fast, '--appear-timeout', '10s']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('waiting for a matching task to appear');
  });

  it('gives up with exit 3 when no task appears', async () => {
    const result = await cli(['wait', '--api', 'tencent-cdb', ...fast, '--appear-timeout', '1s']);
    expect(result.code).toBe(3);
    expect(oneLine(result)).toMatch(
      /^taskgate: no task matched the filters within --appear-timeout 1s; check the filters/,
    );
  });

  it('gives up with exit 3 at --timeout', async () => {
    task({ start: '-1s', runningFor: '1h' });
    const result = await cli(['wait', '--api', 'tencent-redis', ...fast, '--timeout', '1s']);
    expect(result.code).toBe(3);
    // On a busy machine the second can end during a request rather than between polls: the line says so.
    expect(oneLine(result)).toMatch(
      /^taskgate: timed out after 1s waiting for succeeded: task \d+ \(FLOW_BACKUPINSTANCE on crs-1\): running \d+%, expected succeeded( \(the deadline passed while a request was still unanswered\))?; raise --timeout/,
    );
  });

  it('--until finished holds for a failed task; --until idle holds with nothing running', async () => {
    task({ start: '-1h', runningFor: '1s', outcome: 'failed' });
    expect((await cli(['wait', '--api', 'tencent-redis', '--until', 'finished'])).code).toBe(0);
    expect((await cli(['wait', '--api', 'tencent-redis', '--until', 'idle'])).code).toBe(0);
    expect((await cli(['wait', '--api', 'huawei-rds', '--until', 'idle'])).code).toBe(0);
  });

  it('survives throttling and 5xx', async () => {
    task({ start: '-1h', runningFor: '1s' });
    emulator.load({
      faults: [
        { kind: 'throttle', count: 3 },
        { kind: 'error5xx', count: 2 },
      ],
    });
    const result = await cli(['wait', '--api', 'tencent-redis']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/throttling requests \(RequestLimitExceeded\); retrying in/);
    expect(emulator.requests().filter((entry) => entry.outcome.startsWith('fault'))).toHaveLength(5);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('exits 130 promptly on %s', async (signal) => {
    task({ start: '-1s', runningFor: '1h' });
    const child = spawn(process.execPath, [CLI, 'wait', '--api', 'tencent-redis', '--poll-interval', '24h'], {
      env: childEnv({ TASKGATE_ENDPOINT: emulator.url }),
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve) => child.stderr.once('data', () => resolve()));
    const sent = Date.now();
    child.kill(signal);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    // A minute, room for any busy machine, is far under the 24 h poll interval it would otherwise sleep.
    expect(Date.now() - sent).toBeLessThan(60_000);
    expect(stderr.trim().split('\n').at(-1)).toBe(`taskgate: interrupted by ${signal}; nothing was changed.`);
  });
});

describe('flags and variables of the contract', () => {
  it('--quiet silences progress but not the result', async () => {
    task({ start: '-2s', runningFor: '1s' });
    const result = await cli(['wait', '--api', 'tencent-redis', '--quiet']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).condition_met).toBe(true);
  });

  it('--region and --project-id stand in for their variables', async () => {
    emulator.load({ tasks: [{ api: 'tencent-cdb', type: '1', instanceId: 'cdb-1', start: '-1h' }] });
    const cdb = await cli(['list', '--api', 'tencent-cdb', '--region', 'ap-shanghai'], {
      env: { TENCENTCLOUD_REGION: undefined },
    });
    expect(JSON.parse(cdb.stdout).total).toBe(1);
    emulator.load({ tasks: [{ api: 'huawei-rds', type: 'CreateBackup', instanceId: 'r-1', start: '-1h' }] });
    const hw = await cli(['list', '--api', 'huawei-rds', '--project-id', 'p-9'], {
      env: { HW_PROJECT_ID: undefined },
    });
    expect(JSON.parse(hw.stdout).total).toBe(1);
    expect(emulator.requests().at(-1)?.params?.project_id).toBe('p-9');
  });

  it('reads HUAWEICLOUD_SDK_AK/SK when HW_ACCESS_KEY/HW_SECRET_KEY are unset', async () => {
    emulator.load({ tasks: [{ api: 'huawei-rds', type: 'CreateBackup', instanceId: 'r-1', start: '-1h' }] });
    const result = await cli(['list', '--api', 'huawei-rds'], {
      env: {
        HW_ACCESS_KEY: undefined,
        HW_SECRET_KEY: undefined,
        HUAWEICLOUD_SDK_AK: 'tg-test-hw-ak-3391',
        HUAWEICLOUD_SDK_SK: 'tg-test-hw-sk-SHOULD-NEVER-PRINT-1209',
      },
    });
    expect(result.code).toBe(0);
  });

  it('sends TENCENTCLOUD_SESSION_TOKEN as the token, which the emulator checks', async () => {
    const own = await startEmulator({
      credentials: { tencent: [{ secretId: 'tok-id', secretKey: 'tok-key', token: 'tok-123' }] },
    });
    try {
      own.load({
        tasks: [{ api: 'tencent-redis', type: 'FLOW_BACKUPINSTANCE', instanceId: 'crs-1', start: '-1h' }],
      });
      const env = {
        TASKGATE_ENDPOINT: own.url,
        TENCENTCLOUD_SECRET_ID: 'tok-id',
        TENCENTCLOUD_SECRET_KEY: 'tok-key',
      };
      expect(
        (
          await cli(['check', '--api', 'tencent-redis'], {
            env: { ...env, TENCENTCLOUD_SESSION_TOKEN: 'tok-123' },
          })
        ).code,
      ).toBe(0);
      const wrong = await cli(['check', '--api', 'tencent-redis'], {
        env: { ...env, TENCENTCLOUD_SESSION_TOKEN: 'other' },
      });
      expect(wrong.code).toBe(4);
      expect(wrong.stderr).toContain('AuthFailure.TokenFailure');
    } finally {
      await own.close();
    }
  });
});

describe('errors', () => {
  it('wrong credentials: exit 4 at once, one line, no secret', async () => {
    task({ start: '-1h' });
    const result = await cli(['check', '--api', 'tencent-redis'], {
      env: { TENCENTCLOUD_SECRET_KEY: 'not-the-key-9917' },
    });
    expect(result.code).toBe(4);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/refused the credentials \(AuthFailure.SignatureFailure\)/);
    expect(result.stderr).not.toContain('not-the-key-9917');
    expect(emulator.requests()).toHaveLength(1);
    expectNoSecrets(result.stdout, result.stderr);
  });

  const INVALID: [string, string[], Record<string, string | undefined>?][] = [
    ['no command', []],
    ['unknown command', ['watch']],
    ['unknown flag', ['list', '--api', 'tencent-redis', '--colour']],
    ['stray argument', ['list', 'tencent-redis']],
    ['missing --api', ['list']],
    ['unknown api', ['list', '--api', 'aws-rds']],
    ['bad status', ['list', '--api', 'tencent-redis', '--status', 'done']],
    ['bad until', ['wait', '--api', 'tencent-redis', '--until', 'exists']],
    ['bad expect', ['check', '--api', 'tencent-redis', '--expect', 'ok']],
    ['bad select', ['check', '--api', 'tencent-redis', '--select', 'first']],
    ['bad timeout', ['wait', '--api', 'tencent-redis', '--timeout', '10 minutes']],
    ['zero poll interval', ['wait', '--api', 'tencent-redis', '--poll-interval', '0s']],
    ['bad max age', ['check', '--api', 'tencent-redis', '--max-age', 'yesterday']],
    ['bad time', ['list', '--api', 'tencent-redis', '--started-after', '2017-02-30 10:00:00']],
    ['time without offset', ['list', '--api', 'tencent-redis', '--started-after', '2017-02-08T16:46:34']],
    [
      'inverted window',
      [
        'list',
        '--api',
        'tencent-redis',
        '--started-after',
        '2020-01-02 00:00:00',
        '--started-before',
        '2020-01-01 00:00:00',
      ],
    ],
    ['instance name on cdb', ['list', '--api', 'tencent-cdb', '--instance-name', 'x']],
    ['task id on v2', ['list', '--api', 'tencent-redis-v2', '--task-id', '1']],
    ['async request id on redis', ['list', '--api', 'tencent-redis', '--async-request-id', 'a']],
    ['cdb task type neither integer nor name', ['list', '--api', 'tencent-cdb', '--task-type', 'RESIZE']],
    ['redis task type neither name nor code', ['list', '--api', 'tencent-redis', '--task-type', 'BACKUP']],
    ['project on tencent', ['list', '--api', 'tencent-redis', '--project-id', 'p']],
    ['until on check', ['check', '--api', 'tencent-redis', '--until', 'idle']],
    ['expect on wait', ['wait', '--api', 'tencent-redis', '--expect', 'exists']],
    ['output on wait', ['wait', '--api', 'tencent-redis', '--output', 'table']],
    ['bad output', ['list', '--api', 'tencent-redis', '--output', 'xml']],
    ['http to a non-loopback host', ['list', '--api', 'tencent-redis', '--endpoint', 'http://10.0.0.8:8080']],
    ['not a url', ['list', '--api', 'tencent-redis', '--endpoint', 'redis']],
    [
      'missing tencent credentials',
      ['list', '--api', 'tencent-redis'],
      { TENCENTCLOUD_SECRET_ID: undefined },
    ],
    ['missing huawei credentials', ['list', '--api', 'huawei-rds'], { HW_SECRET_KEY: undefined }],
    ['missing huawei project', ['list', '--api', 'huawei-rds'], { HW_PROJECT_ID: undefined }],
    ['missing cdb region', ['list', '--api', 'tencent-cdb'], { TENCENTCLOUD_REGION: undefined }],
    ['bad emulator port', ['emulator', '--port', '70000']],
    ['missing scenario file', ['emulator', '--scenario', '/nonexistent/scenario.json']],
  ];

  // A few go through a real process (exit code and stderr as a shell sees them); the rest run in process.
  const VIA_PROCESS = new Set(['no command', 'unknown api', 'missing tencent credentials']);
  for (const [name, args, env] of INVALID) {
    it(`${name}: exit 2, one clear line, no connection`, async () => {
      const result = VIA_PROCESS.has(name)
        ? await cli(args, { env })
        : await inProcess(args, { TASKGATE_ENDPOINT: emulator.url, ...env });
      expect(result.code).toBe(2);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^taskgate: .{10,}/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(emulator.requests()).toHaveLength(0);
    });
  }

  it('TASKGATE_DEBUG=1 adds the stack trace', async () => {
    const result = await cli(['list', '--api', 'aws-rds'], { env: { TASKGATE_DEBUG: '1' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\n\s+at /);
  });
});

describe('external (Terraform external program protocol)', () => {
  const run = (query: Record<string, unknown>, env?: Record<string, string | undefined>) =>
    cli(['external'], { input: JSON.stringify(query), env });
  const allStrings = (body: Record<string, unknown>) =>
    Object.values(body).every((value) => typeof value === 'string');

  it('prints a flat object of strings for a check that holds', async () => {
    task({ id: '42', start: '-1h', runningFor: '10s', instanceName: 'db' });
    const result = await run({
      api: 'tencent-redis',
      instance_id: 'crs-1',
      expect: 'succeeded',
      task_types: '',
      max_age: '',
    });
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout);
    expect(allStrings(body)).toBe(true);
    expect(body).toMatchObject({
      count: '1',
      condition_met: 'true',
      task_id: '42',
      // The type as the service answers it: Redis 3.0 answers carry codes.
      task_type: '012',
      task_type_name: 'FLOW_BACKUPINSTANCE',
      status: 'succeeded',
      status_raw: '2',
      progress: '100',
      instance_id: 'crs-1',
      instance_name: 'db',
      message: '',
    });
    expect(JSON.parse(body.tasks_json)).toHaveLength(1);
  });

  it('a false check still exits 0, with condition_met "false"', async () => {
    task({
      api: 'tencent-cdb',
      type: '1',
      instanceId: 'cdb-1',
      start: '-1h',
      runningFor: '10s',
      outcome: 'failed',
      message: 'boom',
    });
    const result = await run({ api: 'tencent-cdb' });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      condition_met: 'false',
      status: 'failed',
      message: 'boom',
    });
  });

  it('list reports every match with condition_met ""', async () => {
    task({ start: '-1h' });
    task({ start: '-2h' });
    const result = await run({ api: 'tencent-redis', command: 'list' });
    const body = JSON.parse(result.stdout);
    expect(body).toMatchObject({ count: '2', condition_met: '' });
    expect(JSON.parse(body.tasks_json)).toHaveLength(2);
  });

  it('a wait that ends failed exits 1 with one line', async () => {
    task({
      api: 'tencent-cdb',
      type: '1',
      instanceId: 'cdb-1',
      id: '9',
      start: '-1s',
      runningFor: '500ms',
      outcome: 'failed',
      message: 'no space',
    });
    const result = await run({ api: 'tencent-cdb', command: 'wait', poll_interval: '200ms' });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim()).toBe(
      'taskgate: task 9 (ROLLBACK on cdb-1): failed, expected succeeded: no space',
    );
  });

  it('a wait with an assertion reports the assertion', async () => {
    task({ start: '-3h', runningFor: '1s' });
    const result = await run({ api: 'tencent-redis', command: 'wait', max_age: '1h' });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).condition_met).toBe('false');
  });

  it.each([
    ['unknown key', { api: 'tencent-redis', instanceId: 'x' }, /unknown query key "instanceId"/],
    ['non-string value', { api: 'tencent-redis', timeout: 30 }, /query key "timeout" must be a string/],
    [
      'bad command',
      { api: 'tencent-redis', command: 'watch' },
      /query key "command" must be one of list, wait, check/,
    ],
    [
      'key of another command',
      { api: 'tencent-redis', command: 'list', until: 'idle' },
      /query key "until" is not an option of "list"/,
    ],
    [
      'bad duration',
      { api: 'tencent-redis', max_age: '1 day' },
      /query key "max_age": "1 day" is not a duration/,
    ],
  ] as const)('%s: exit 2 naming the key', async (_name, query, message) => {
    const result = await run(query);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('not JSON on stdin: exit 2', async () => {
    const result = await cli(['external'], { input: 'api=tencent-redis' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not JSON/);
  });
});

describe('emulator command', () => {
  it('prints its address first, accepts the keys in its environment, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [CLI, 'emulator', '--port', '0'], { env: childEnv() });
    const first = await new Promise<string>((resolve) =>
      child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())),
    );
    expect(first).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n/);
    const url = first.trim().replace('listening on ', '');
    const health = (await fetch(`${url}/_taskgate/health`).then((r) => r.json())) as { ok: boolean };
    expect(health.ok).toBe(true);
    const listed = await cli(['list', '--api', 'tencent-redis' as ApiName], {
      env: { TASKGATE_ENDPOINT: url },
    });
    expect(listed.code).toBe(0);
    child.kill('SIGTERM');
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(130);
  });
});
