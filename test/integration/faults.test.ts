import { spawn } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTaskListClient } from '../../src/engine/client';
import { Clock } from '../../src/engine/clock';
import { RetryEvent } from '../../src/engine/retry';
import { ApiError, TimeoutError } from '../../src/core/errors';
import { RunningEmulator } from '../../src/emulator';
import { ApiName } from '../../src/core/model';
import { CHILD_LIMIT_MS, formatLimit } from '../support/children';
import { testSource } from '../support/clients';
import { childEnv, expectNoSecrets, testEmulator } from '../support/emulator';
import { runProgram } from '../support/terraform';

const CLI = path.resolve(__dirname, '../../lib/taskgate.js');
let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await testEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const APIS: ApiName[] = ['tencent-redis', 'tencent-redis-v2', 'tencent-cdb', 'huawei-rds'];
const TYPE: Record<ApiName, string> = {
  'tencent-redis': 'FLOW_BACKUPINSTANCE',
  'tencent-redis-v2': 'backupInstance',
  'tencent-cdb': '1',
  'huawei-rds': 'CreateBackup',
};
const PAGE: Record<ApiName, number> = {
  'tencent-redis': 100,
  'tencent-redis-v2': 100,
  'tencent-cdb': 100,
  'huawei-rds': 50,
};

function seed(api: ApiName, count: number) {
  emulator.load({
    tasks: Array.from({ length: count }, (_, i) => ({
      api,
      type: TYPE[api],
      instanceId: `inst-${i}`,
      start: `-${i + 1}m`,
    })),
  });
}

/**
 * Virtual time for back-off: every sleep returns at once and moves this clock on, so the matrix runs
 * the real client over real HTTP without waiting out real delays (and without racing the machine).
 */
function instantClock(): Clock & { sleeps: number[] } {
  let slept = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => Date.now() + slept,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      slept += ms;
    },
  };
}

function client(api: ApiName, clock: Clock, onRetry: (event: RetryEvent) => void) {
  return createTaskListClient({
    source: testSource(api, emulator.url),
    requestTimeoutMs: 500,
    clock,
    onRetry,
  });
}

async function listAll(api: ApiName) {
  const clock = instantClock();
  const retries: RetryEvent[] = [];
  const result = await client(api, clock, (event) => retries.push(event)).read({}, { need: 'all' });
  return { result, retries, clock };
}

const FAULTS: [string, Record<string, unknown>, number][] = [
  ['throttle', { kind: 'throttle', count: 3 }, 3],
  ['5xx', { kind: 'error5xx', count: 3, status: 503 }, 3],
  ['reset', { kind: 'reset', count: 3 }, 3],
  ['slow answer beyond the request timeout', { kind: 'delay', ms: '3s', count: 1 }, 1],
  ['malformed body', { kind: 'malformed', count: 2 }, 2],
  ['clock skew', { kind: 'skew', ms: '+30m' }, 1],
];

describe.each(APIS)('fault matrix through the client over HTTP: %s', (api) => {
  it.each(FAULTS)('%s: right outcome, bounded retries, growing back-off', async (_name, fault, failures) => {
    const count = PAGE[api] + 10;
    seed(api, count);
    emulator.load({ faults: [{ ...fault, api }] });
    const { result, retries } = await listAll(api);
    expect(result.total).toBe(count);
    expect(new Set(result.tasks.map((task) => task.instanceId)).size).toBe(count);
    const log = emulator.requests();
    const failed = log.filter((entry) => entry.outcome !== 'ok');
    expect(failed).toHaveLength(failures);
    expect(log.length).toBe(failures + 2);
    expect(log.length).toBeLessThanOrEqual(20);
    if (fault.kind === 'skew') {
      // A stale signature is corrected from the server's Date and sent again at once, not backed off.
      expect(retries).toHaveLength(0);
    } else {
      // Exponential back-off with equal jitter: each delay is at least the one before.
      expect(retries.map((event) => event.attempt)).toEqual(
        Array.from({ length: failures }, (_, i) => i + 1),
      );
      const delays = retries.map((event) => event.delayMs);
      for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]);
    }
  });

  it('head inserts between pages: nothing lost, nothing counted twice', async () => {
    const count = PAGE[api] * 2 + 5;
    seed(api, count);
    emulator.load({ faults: [{ kind: 'headInsert', tasks: 4, api, count: 2 }] });
    const { result } = await listAll(api);
    const keys = result.tasks.map((task) => `${task.instanceId}|${task.startedAt?.toISOString()}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (let i = 0; i < count; i++)
      expect(result.tasks.some((task) => task.instanceId === `inst-${i}`)).toBe(true);
    expect(result.total).toBe(result.tasks.length);
  });

  it('a failure that persists ends after a bounded number of requests', async () => {
    seed(api, 3);
    emulator.load({ faults: [{ kind: 'error5xx', count: 100, api }] });
    const error = await listAll(api).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toMatch(/^gave up after 6 attempts: /);
    expect(emulator.requests()).toHaveLength(6);
  });
});

describe('a deadline that has passed before a read', () => {
  it('sends nothing and says the read was cut off before its first request', async () => {
    seed('tencent-redis', 1);
    const clock = instantClock();
    const error = await client('tencent-redis', clock, () => undefined)
      .read({}, { need: 'all', deadline: clock.now() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({
      message: 'the deadline passed before the next request',
      beforeRequest: true,
    });
    expect(emulator.requests()).toHaveLength(0);
  });
});

describe('faults through the CLI', () => {
  const list = (api: ApiName) =>
    runProgram([process.execPath, CLI, 'list', '--api', api, '--request-timeout', '500ms'], {
      cwd: os.tmpdir(),
      env: childEnv({ TASKGATE_ENDPOINT: emulator.url }),
    });

  it('transient failures are retried with growing, announced back-off', async () => {
    seed('tencent-cdb', 3);
    emulator.load({
      faults: [
        { kind: 'throttle', count: 1, api: 'tencent-cdb' },
        { kind: 'reset', count: 1, api: 'tencent-cdb' },
        { kind: 'malformed', count: 1, api: 'tencent-cdb' },
      ],
    });
    const result = await list('tencent-cdb');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).total).toBe(3);
    const announced = [...result.stderr.matchAll(/retrying in ([\d.]+)(ms|s) \(attempt (\d)\)/g)];
    expect(announced.map((match) => match[3])).toEqual(['2', '3', '4']);
    const delays = announced.map((match) => Number(match[1]) * (match[2] === 's' ? 1000 : 1));
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]);
    expectNoSecrets(result.stdout, result.stderr);
  });

  it('a failure that persists ends in exit 4 with one line', async () => {
    seed('huawei-rds', 3);
    emulator.load({ faults: [{ kind: 'error5xx', count: 100, api: 'huawei-rds' }] });
    const result = await list('huawei-rds');
    expect(result.code).toBe(4);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(/^taskgate: gave up after 6 attempts: /);
    expect(emulator.requests()).toHaveLength(6);
  });
});

/**
 * "Promptly": under what the process would otherwise wait (a Retry-After, honoured up to 30 s; a
 * 10 minute answer), with room for a machine busy with other work.
 */
const PROMPT_MS = 20_000;

describe('interruption: exit 130 promptly', () => {
  async function interrupt(args: string[], after: (stderr: string) => boolean) {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: childEnv({ TASKGATE_ENDPOINT: emulator.url }),
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Bounded by the hang backstop: the phase to interrupt is observed first, whatever the machine's speed.
    const deadline = Date.now() + CHILD_LIMIT_MS;
    while (!after(stderr) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    if (!after(stderr)) {
      child.kill('SIGKILL');
      throw new Error(
        `the CLI did not reach the phase to interrupt within ${formatLimit(CHILD_LIMIT_MS)}: ${stderr}`,
      );
    }
    const sent = Date.now();
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, ms: Date.now() - sent, stderr };
  }

  it('during a retry back-off', async () => {
    seed('tencent-redis', 1);
    emulator.load({ faults: [{ kind: 'throttle', count: 10, retryAfter: 3600 }] });
    const result = await interrupt(['wait', '--api', 'tencent-redis'], (stderr) =>
      stderr.includes('retrying in'),
    );
    expect(result.code).toBe(130);
    expect(result.ms).toBeLessThan(PROMPT_MS);
  });

  it('during a slow request', async () => {
    seed('tencent-cdb', 1);
    emulator.load({ faults: [{ kind: 'delay', ms: '10m' }] });
    const result = await interrupt(
      ['check', '--api', 'tencent-cdb', '--request-timeout', '10m'],
      () => emulator.requests().length > 0,
    );
    expect(result.code).toBe(130);
    expect(result.ms).toBeLessThan(PROMPT_MS);
    expect(result.stderr.trim()).toBe('taskgate: interrupted by SIGTERM; nothing was changed.');
  });
});
