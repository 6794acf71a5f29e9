import { createTaskListClient, TaskListClient } from '../../src/engine/client';
import { ApiError, InvalidInputError, TimeoutError } from '../../src/core/errors';
import { RunningEmulator } from '../../src/emulator';
import { planCredentials } from '../../src/credentials';
import { API_MODULES } from '../../src/apis';
import { ApiName, Task, TaskFilter, describeApi } from '../../src/core/model';
import { validEndpoint } from '../../src/validation';
import { testSource } from '../support/clients';
import { TEST_ENV, expectNoSecrets, testEmulator } from '../support/emulator';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await testEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

function client(
  api: ApiName,
  options: { env?: Record<string, string>; requestTimeoutMs?: number } = {},
): TaskListClient {
  return createTaskListClient({
    source: testSource(api, emulator.url, { ...TEST_ENV, ...options.env }),
    requestTimeoutMs: options.requestTimeoutMs,
    retry: { baseDelayMs: 20, maxDelayMs: 100 },
    rateLimitPerSecond: 1000,
  });
}

const TYPES: Record<ApiName, [string, string]> = {
  'tencent-redis': ['FLOW_BACKUPINSTANCE', 'FLOW_CLOSE'],
  'tencent-redis-v2': ['backupInstance', 'restoreBackup'],
  'tencent-cdb': ['6', '1'],
  'huawei-rds': ['RestoreSqlserverInInstance', 'CreateBackup'],
};
const INSTANCE: Record<ApiName, string> = {
  'tencent-redis': 'crs-izbob1wh',
  'tencent-redis-v2': 'crs-izbob1wh',
  'tencent-cdb': 'cdb-eb2w7dto',
  'huawei-rds': '4d00c7e9d22145deb889937a72b59c8ein01',
};
const NAME = '测试API专用';
const APIS = Object.keys(TYPES) as ApiName[];

function seed(api: ApiName) {
  const [backup, other] = TYPES[api];
  const add = (spec: Record<string, unknown>) =>
    emulator.store.add({
      api,
      type: backup,
      instanceId: INSTANCE[api],
      instanceName: api === 'tencent-cdb' ? undefined : NAME,
      pendingMs: 0,
      runningMs: 600_000,
      outcome: 'succeeded',
      startAt: Date.now() - 3_600_000,
      ...spec,
    } as never);
  return {
    done: add({ startAt: Date.now() - 7_200_000, message: 'ok' }),
    failed: add({ type: other, startAt: Date.now() - 3_600_000, outcome: 'failed', message: 'disk full' }),
    running: add({
      startAt: Date.now() - 30_000,
      asyncRequestId: api === 'tencent-cdb' ? 'req-0001' : undefined,
    }),
    otherInstance: add({
      instanceId: 'other-1',
      instanceName: api === 'tencent-cdb' ? undefined : 'other',
      startAt: Date.now() - 60_000,
    }),
  };
}

describe.each(APIS)('%s over HTTP against the emulator', (api) => {
  it('lists every task newest first with normalized fields', async () => {
    const tasks = seed(api);
    const result = await client(api).read({}, { need: 'all' });
    expect(result.total).toBe(4);
    expect(result.tasks.map((task) => task.status)).toEqual(['running', 'running', 'failed', 'succeeded']);
    const running = result.tasks[0];
    expect(running.instanceId).toBe(INSTANCE[api]);
    expect(running.instanceName).toBe(api === 'tencent-cdb' ? null : NAME);
    // v2 reports progress 0 (unfinished) or 1 (finished) only.
    if (api === 'tencent-redis-v2') expect(running.progress).toBe(0);
    else expect(running.progress).toBeGreaterThan(0);
    expect(running.progress).toBeLessThan(100);
    expect(running.endedAt).toBeNull();
    expect(Math.abs((running.startedAt as Date).getTime() - tasks.running.startAt)).toBeLessThan(1000);
    const failed = result.tasks[2];
    // The answer carries the type in its own form (Redis 3.0 a code, CDB a name); either names it.
    expect(API_MODULES[api].canonicalTaskType(failed.type)).toBe(
      API_MODULES[api].canonicalTaskType(TYPES[api][1]),
    );
    // v2 tasks carry a submission time only.
    if (api === 'tencent-redis-v2') expect(failed.endedAt).toBeNull();
    else expect(failed.endedAt).not.toBeNull();
    if (api !== 'tencent-redis-v2') expect(failed.id).toBe(tasks.failed.id);
    if (api === 'tencent-cdb' || api === 'huawei-rds') expect(failed.message).toBe('disk full');
    expect(result.tasks[3].progress).toBe(100);
  });

  it('applies every filter the API can express, server or client side', async () => {
    const tasks = seed(api);
    const read = (filter: TaskFilter) => client(api).read(filter, { need: 'all' });
    expect((await read({ instanceId: 'other-1' })).total).toBe(1);
    expect((await read({ taskTypes: [TYPES[api][1]] })).tasks.map((t) => t.status)).toEqual(['failed']);
    expect((await read({ statuses: ['failed'] })).total).toBe(1);
    expect((await read({ statuses: ['running', 'succeeded'] })).total).toBe(3);
    expect((await read({ startedAfter: new Date(Date.now() - 120_000) })).total).toBe(2);
    expect((await read({ startedBefore: new Date(Date.now() - 3_000_000) })).total).toBe(2);
    if (api !== 'tencent-cdb') expect((await read({ instanceName: NAME })).total).toBe(3);
    if (api !== 'tencent-redis-v2')
      expect((await read({ taskId: tasks.failed.id })).tasks[0].status).toBe('failed');
    if (api === 'tencent-redis-v2') {
      expect((await read({ taskTypes: [`task_${TYPES[api][1]}`] })).total).toBe(1);
    }
    if (api === 'tencent-cdb') {
      expect((await read({ asyncRequestId: 'req-0001' })).tasks.map((t) => t.id)).toEqual([tasks.running.id]);
    }
  });

  it('fails at once, without retries, on wrong credentials, and prints no secret', async () => {
    seed(api);
    const wrong = { TENCENTCLOUD_SECRET_KEY: 'wrong-key-value-1', HW_SECRET_KEY: 'wrong-key-value-2' };
    const error = await client(api, { env: wrong })
      .read({}, { need: 'all' })
      .catch((e: unknown) => e as ApiError);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).retryable).toBe(false);
    expect(emulator.requests()).toHaveLength(1);
    expect(emulator.requests()[0].outcome).toMatch(/^refused/);
    expectNoSecrets((error as Error).message, JSON.stringify(emulator.requests()));
    expect((error as Error).message).not.toContain('wrong-key-value');
  });

  it.each([
    ['throttle', { kind: 'throttle', count: 3 }],
    ['5xx', { kind: 'error5xx', count: 3, status: 502 }],
    ['reset', { kind: 'reset', count: 3 }],
    ['malformed', { kind: 'malformed', count: 1 }],
  ])('survives %s and retries a bounded number of times', async (_name, fault) => {
    seed(api);
    emulator.load({ faults: [{ ...fault, api }] });
    const result = await client(api).read({}, { need: 'all' });
    expect(result.total).toBe(4);
    const log = emulator.requests();
    expect(log.filter((entry) => entry.outcome.startsWith('fault')).length).toBe(fault.count);
    expect(log.at(-1)?.outcome).toBe('ok');
  });

  it('retries an answer slower than the request timeout', async () => {
    seed(api);
    emulator.load({ faults: [{ kind: 'delay', ms: '1500ms', api }] });
    const result = await client(api, { requestTimeoutMs: 300 }).read({}, { need: 'all' });
    expect(result.total).toBe(4);
    expect(emulator.requests().length).toBeGreaterThanOrEqual(2);
  });

  it('gives up on a persistent failure after a bounded number of attempts', async () => {
    seed(api);
    emulator.load({ faults: [{ kind: 'error5xx', count: 50, api }] });
    const error = await client(api)
      .read({}, { need: 'all' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as Error).message).toMatch(/gave up after 6 attempts/);
    expect(emulator.requests().length).toBeLessThanOrEqual(20);
  });

  it('corrects clock skew from the Date header and retries once', async () => {
    seed(api);
    emulator.load({ faults: [{ kind: 'skew', ms: '+20m' }] });
    const result = await client(api).read({}, { need: 'all' });
    expect(result.total).toBe(4);
    const outcomes = emulator.requests().map((entry) => entry.outcome);
    expect(outcomes[0]).toMatch(/^refused/);
    expect(outcomes.slice(1).every((outcome) => outcome === 'ok')).toBe(true);
  });
});

describe('paging', () => {
  function many(api: ApiName, count: number) {
    for (let i = 0; i < count; i++) {
      emulator.store.add({
        api,
        type: TYPES[api][0],
        instanceId: `inst-${i % 7}`,
        startAt: Date.now() - (i + 1) * 60_000,
        pendingMs: 0,
        runningMs: 1000,
        outcome: 'succeeded',
      });
    }
  }

  it('reads 250 Tencent 3.0 tasks in 3 requests of 100', async () => {
    many('tencent-redis', 250);
    const result = await client('tencent-redis').read({}, { need: 'all' });
    expect(result).toMatchObject({ total: 250, requests: 3 });
    expect(new Set(result.tasks.map((task) => task.id)).size).toBe(250);
    expect(emulator.requests().map((entry) => entry.params?.Limit)).toEqual([100, 100, 100]);
  });

  it('reads 120 Huawei tasks in 3 requests of 50', async () => {
    many('huawei-rds', 120);
    const result = await client('huawei-rds').read({}, { need: 'all' });
    expect(result).toMatchObject({ total: 120, requests: 3 });
    expect(emulator.requests().map((entry) => entry.params?.limit)).toEqual(['50', '50', '50']);
  });

  it('stops after the first page when the newest task is all that is asked', async () => {
    many('tencent-cdb', 250);
    const result = await client('tencent-cdb').read({ instanceId: 'inst-3' }, { need: 'newest' });
    expect(result.requests).toBe(1);
    expect(result.total).toBe(36);
  });

  it.each(['tencent-redis', 'tencent-redis-v2', 'tencent-cdb', 'huawei-rds'] as ApiName[])(
    '%s loses and duplicates nothing when tasks arrive or leave at the head between pages',
    async (api) => {
      many(api, 230);
      // Every task there the whole time: all but the 3 newest, which the fault removes.
      const survivors = emulator.store
        .visible(api)
        .slice(3)
        .map((entry) => entry.task);
      emulator.load({
        faults: [
          { kind: 'headInsert', tasks: 7, api },
          { kind: 'headRemove', tasks: 3, api },
        ],
      });
      const result = await client(api).read({}, { need: 'all' });
      // The seeded tasks differ in id, or (v2, without ids) in instance, type or start.
      const taskIdentity = (task: Task) =>
        task.id ?? `${task.instanceId ?? ''}|${task.type}|${task.startedAt?.toISOString() ?? ''}`;
      const keys = result.tasks.map((task) => taskIdentity(task));
      expect(new Set(keys).size).toBe(keys.length);
      if (api === 'tencent-redis-v2') {
        // v2 tasks have no id: identified by instance, type and start second.
        const starts = new Set(result.tasks.map((task) => `${task.instanceId}|${task.startedAt?.getTime()}`));
        for (const task of survivors)
          expect(starts).toContain(`${task.instanceId}|${Math.floor(task.startAt / 1000) * 1000}`);
      } else {
        for (const task of survivors) expect(keys).toContain(task.id);
      }
      expect(result.requests).toBeGreaterThanOrEqual(3);
    },
  );
});

describe('input checks before any connection', () => {
  it('refuses plain http to a non-loopback host', () => {
    const redis = describeApi('tencent-redis');
    expect(() => validEndpoint(redis, 'http://10.1.2.3:8080', undefined, '--endpoint')).toThrow(
      InvalidInputError,
    );
    expect(() => validEndpoint(redis, 'http://example.com', undefined, '--endpoint')).toThrow(/plain http/);
    expect(validEndpoint(redis, 'http://localhost:1', undefined, '--endpoint').host).toBe('localhost:1');
    expect(validEndpoint(describeApi('huawei-rds'), undefined, 'cn-north-4', '--endpoint').host).toBe(
      'rds.cn-north-4.myhuaweicloud.com',
    );
  });

  it('names the variables when credentials are missing, never a value', () => {
    const home = { HOME: '/nonexistent-home' };
    expect(() => planCredentials('tencent', home)).toThrow(
      /TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY/,
    );
    expect(() => planCredentials('tencent', { ...home, TENCENTCLOUD_SECRET_ID: 'only-the-id' })).toThrow(
      /^Tencent Cloud credentials are missing: set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY/,
    );
  });

  it('a deadline ends a read whose API keeps failing', async () => {
    emulator.load({ faults: [{ kind: 'throttle', count: 50, retryAfter: 5 }] });
    const error = await client('tencent-redis')
      .read({}, { need: 'all', deadline: Date.now() + 1000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(emulator.requests()).toHaveLength(1);
  });
});
