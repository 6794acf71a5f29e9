import { spawn } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { RunningEmulator } from '../../src/emulator';
import { ApiName } from '../../src/model';
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

const list = (api: ApiName) =>
  runProgram([process.execPath, CLI, 'list', '--api', api, '--request-timeout', '500ms'], {
    cwd: os.tmpdir(),
    env: childEnv({ TASKGATE_ENDPOINT: emulator.url }),
  });

const FAULTS: [string, Record<string, unknown>, number][] = [
  ['throttle', { kind: 'throttle', count: 3 }, 3],
  ['5xx', { kind: 'error5xx', count: 3, status: 503 }, 3],
  ['reset', { kind: 'reset', count: 3 }, 3],
  ['slow answer beyond the request timeout', { kind: 'delay', ms: '3s', count: 1 }, 1],
  ['malformed body', { kind: 'malformed', count: 2 }, 2],
  ['clock skew', { kind: 'skew', ms: '+30m' }, 1],
];

describe.each(APIS)('fault matrix through the CLI: %s', (api) => {
  it.each(FAULTS)(
    '%s: right outcome, bounded retries, back-off in the log',
    async (_name, fault, failures) => {
      const count = PAGE[api] + 10;
      seed(api, count);
      emulator.load({ faults: [{ ...fault, api }] });
      const result = await list(api);
      expect(result.code).toBe(0);
      const body = JSON.parse(result.stdout);
      expect(body.total).toBe(count);
      expect(new Set(body.tasks.map((t: { instance_id: string }) => t.instance_id)).size).toBe(count);
      const log = emulator.requests();
      const failed = log.filter((entry) => entry.outcome !== 'ok');
      expect(failed).toHaveLength(failures);
      expect(log.length).toBe(failures + 2);
      expect(log.length).toBeLessThanOrEqual(20);
      if (fault.kind !== 'skew') {
        // Exponential back-off: each retry waits longer than the one before (jitter keeps half of it fixed).
        const gaps = log.slice(1, failures + 1).map((entry, i) => entry.at - log[i].at);
        for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeGreaterThan(gaps[i - 1] * 0.9);
      }
      expectNoSecrets(result.stdout, result.stderr);
    },
  );

  it('head inserts between pages: nothing lost, nothing counted twice', async () => {
    const count = PAGE[api] * 2 + 5;
    seed(api, count);
    emulator.load({ faults: [{ kind: 'headInsert', tasks: 4, api, count: 2 }] });
    const result = await list(api);
    const body = JSON.parse(result.stdout);
    const instances = body.tasks.map(
      (t: { instance_id: string; started_at: string }) => `${t.instance_id}|${t.started_at}`,
    );
    expect(new Set(instances).size).toBe(instances.length);
    for (let i = 0; i < count; i++)
      expect(body.tasks.some((t: { instance_id: string }) => t.instance_id === `inst-${i}`)).toBe(true);
    expect(body.total).toBe(body.tasks.length);
  });

  it('a failure that persists ends in exit 4 after a bounded number of requests', async () => {
    seed(api, 3);
    emulator.load({ faults: [{ kind: 'error5xx', count: 100, api }] });
    const result = await list(api);
    expect(result.code).toBe(4);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(/^taskgate: gave up after 6 attempts: /);
    expect(emulator.requests()).toHaveLength(6);
  });
});

describe('interruption: exit 130 within 2 seconds', () => {
  async function interrupt(args: string[], after: (stderr: string) => boolean) {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: childEnv({ TASKGATE_ENDPOINT: emulator.url }),
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const deadline = Date.now() + 15_000;
    while (!after(stderr) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const sent = Date.now();
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, ms: Date.now() - sent, stderr };
  }

  it('during a retry back-off', async () => {
    seed('tencent-redis', 1);
    emulator.load({ faults: [{ kind: 'throttle', count: 10, retryAfter: 20 }] });
    const result = await interrupt(['wait', '--api', 'tencent-redis'], (stderr) =>
      stderr.includes('retrying in'),
    );
    expect(result.code).toBe(130);
    expect(result.ms).toBeLessThan(2000);
  });

  it('during a slow request', async () => {
    seed('tencent-cdb', 1);
    emulator.load({ faults: [{ kind: 'delay', ms: '30s' }] });
    const result = await interrupt(['check', '--api', 'tencent-cdb'], () => emulator.requests().length > 0);
    expect(result.code).toBe(130);
    expect(result.ms).toBeLessThan(2000);
    expect(result.stderr.trim()).toBe('taskgate: interrupted by SIGTERM; nothing was changed.');
  });
});
