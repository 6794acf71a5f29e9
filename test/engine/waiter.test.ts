import { evaluate } from '../../src/engine/conditions';
import { TimeoutError } from '../../src/core/errors';
import { waitFor, WaitOptions } from '../../src/engine/waiter';
import { Task, TaskStatus } from '../../src/core/model';
import { FakeClock } from './fake-clock';

const task = (status: TaskStatus, progress: number | null = null, extra: Partial<Task> = {}): Task => ({
  id: '1',
  type: 'backup',
  typeName: null,
  instanceId: 'i-1',
  instanceName: null,
  status,
  statusRaw: status,
  progress,
  startedAt: new Date(1_700_000_000_000 - 60_000),
  endedAt: null,
  message: null,
  ...extra,
});

/** A read that plays a script of task lists, one per poll (the last repeats). */
function scripted(clock: FakeClock, script: Task[][]) {
  const reads: number[] = [];
  const read: WaitOptions['read'] = async () => {
    reads.push(clock.now());
    const tasks = script[Math.min(reads.length - 1, script.length - 1)];
    return { tasks, total: tasks.length };
  };
  return { read, reads };
}

const base = (clock: FakeClock, read: WaitOptions['read']): WaitOptions => ({
  read,
  condition: 'succeeded',
  selection: 'newest',
  timeoutMs: 60_000,
  pollIntervalMs: 1000,
  appearTimeoutMs: 10_000,
  clock,
});

describe('waitFor', () => {
  it('polls until the task succeeds', async () => {
    const clock = new FakeClock();
    const { read, reads } = scripted(clock, [
      [task('pending')],
      [task('running', 10)],
      [task('running', 50)],
      [task('succeeded', 100)],
    ]);
    const result = await waitFor(base(clock, read));
    expect(result).toMatchObject({ outcome: 'met', polls: 4, elapsedMs: 3000 });
    expect(reads.map((t) => t - reads[0])).toEqual([0, 1000, 2000, 3000]);
  });

  it('fails fast when the selected task fails', async () => {
    const clock = new FakeClock();
    const { read } = scripted(clock, [[task('running', 10)], [task('failed', null, { message: 'disk' })]]);
    const result = await waitFor(base(clock, read));
    expect(result.outcome).toBe('failed');
    expect(result.polls).toBe(2);
    expect(result.evaluation?.reason).toBe('task 1 (backup on i-1): failed, expected succeeded: disk');
  });

  it('gives up at exactly --appear-timeout when nothing matches', async () => {
    const clock = new FakeClock();
    const { read, reads } = scripted(clock, [[]]);
    const result = await waitFor({ ...base(clock, read), appearTimeoutMs: 4500 });
    expect(result.outcome).toBe('appear-timeout');
    expect(reads.at(-1)! - reads[0]).toBe(4500);
  });

  it('times out at exactly --timeout, never sleeping past it', async () => {
    const clock = new FakeClock();
    const { read, reads } = scripted(clock, [[task('running', 5)], [task('running', 6)]]);
    const result = await waitFor({ ...base(clock, read), timeoutMs: 7500 });
    expect(result.outcome).toBe('timeout');
    expect(result.elapsedMs).toBe(7500);
    expect(clock.sleeps.reduce((sum, ms) => sum + ms, 0)).toBe(7500);
    expect(reads.at(-1)! - reads[0]).toBeLessThan(7500);
    expect(result.evaluation?.reason).toBe('task 1 (backup on i-1): running 6%, expected succeeded');
  });

  // A read after one answered poll that the deadline cuts off: in flight, the cause is worth telling;
  // before anything was sent (the sleep ended at the deadline), the last verdict is the whole story.
  it.each([
    [
      'inside a request',
      new TimeoutError('the deadline passed while a request was still unanswered'),
      'the deadline passed while a request was still unanswered',
    ],
    [
      'before the read sent anything',
      new TimeoutError('the deadline passed before the next request', { beforeRequest: true }),
      undefined,
    ],
  ])(
    'a deadline that passes %s ends the wait as a timeout with the last verdict',
    async (_when, error, cause) => {
      const clock = new FakeClock();
      let reads = 0;
      const read: WaitOptions['read'] = async (_signal, deadline) => {
        reads++;
        if (reads === 1) return { tasks: [task('running', 5)], total: 1 };
        clock.time = deadline;
        throw error;
      };
      const result = await waitFor({ ...base(clock, read), timeoutMs: 5000 });
      expect(result).toMatchObject({ outcome: 'timeout', polls: 1, elapsedMs: 5000 });
      expect(result.cause).toBe(cause);
      expect(result.evaluation?.reason).toBe('task 1 (backup on i-1): running 5%, expected succeeded');
    },
  );

  it('a read cut off before its first request, with no verdict yet, says so', async () => {
    const clock = new FakeClock();
    const read: WaitOptions['read'] = async (_signal, deadline) => {
      clock.time = deadline;
      throw new TimeoutError('the deadline passed before the next request', { beforeRequest: true });
    };
    const result = await waitFor({ ...base(clock, read), timeoutMs: 5000 });
    expect(result).toMatchObject({
      outcome: 'timeout',
      polls: 0,
      cause: 'the deadline passed before the next request',
    });
    expect(result.evaluation).toBeUndefined();
  });

  it('other errors from a read are not turned into timeouts', async () => {
    const clock = new FakeClock();
    const failure = new Error('boom');
    const read: WaitOptions['read'] = async () => {
      throw failure;
    };
    await expect(waitFor(base(clock, read))).rejects.toBe(failure);
  });

  it('backs off x1.5 while nothing changes, up to the cap, and resets on change', async () => {
    const clock = new FakeClock();
    const same = [task('running', 10)];
    const { read } = scripted(clock, [
      same,
      same,
      same,
      same,
      same,
      same,
      [task('running', 20)],
      [task('succeeded', 100)],
    ]);
    await waitFor({ ...base(clock, read), maxPollIntervalMs: 3000 });
    expect(clock.sleeps).toEqual([1000, 1500, 2250, 3000, 3000, 3000, 1000]);
  });

  it('idle with nothing matching holds at once', async () => {
    const clock = new FakeClock();
    const { read } = scripted(clock, [[]]);
    expect((await waitFor({ ...base(clock, read), condition: 'idle' })).outcome).toBe('met');
  });

  it('select all waits for every match', async () => {
    const clock = new FakeClock();
    const { read } = scripted(clock, [
      [task('succeeded'), task('running', 50, { id: '2' })],
      [task('succeeded'), task('succeeded', 100, { id: '2' })],
    ]);
    const result = await waitFor({ ...base(clock, read), selection: 'all' });
    expect(result).toMatchObject({ outcome: 'met', polls: 2 });
  });

  it('an abort rejects the wait at once', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const { read } = scripted(clock, [[task('running', 1)]]);
    const reason = new Error('interrupted');
    const promise = waitFor({
      ...base(clock, read),
      signal: controller.signal,
      onPoll: () => controller.abort(reason),
    });
    await expect(promise).rejects.toBe(reason);
  });
});

describe('evaluate', () => {
  const now = 1_700_000_000_000;
  it.each([
    ['succeeded', [task('succeeded')], true, false],
    ['succeeded', [task('running')], false, false],
    ['succeeded', [task('cancelled')], false, true],
    ['finished', [task('failed')], true, false],
    ['finished', [task('paused')], false, false],
    ['idle', [task('succeeded'), task('pending')], false, false],
    ['idle', [], true, false],
    ['exists', [task('failed')], true, false],
    ['exists', [], false, false],
  ] as const)('%s over %j', (condition, tasks, met, final) => {
    const result = evaluate(condition, [...tasks], 'newest', { now });
    expect(result).toMatchObject({ met, final });
  });

  it('newest looks at the first task, all at every task', () => {
    const tasks = [task('succeeded'), task('failed', null, { id: '2' })];
    expect(evaluate('succeeded', tasks, 'newest', { now }).met).toBe(true);
    expect(evaluate('succeeded', tasks, 'all', { now })).toMatchObject({ met: false, final: true });
  });

  it('max age', () => {
    const old = task('succeeded', 100, { startedAt: new Date(now - 3 * 3_600_000) });
    const result = evaluate('succeeded', [old], 'newest', {
      now,
      maxAgeMs: 3_600_000,
      maxAgeLabel: 'max_age',
    });
    expect(result.met).toBe(false);
    // The reason names the option as the user wrote it: a Terraform user reads max_age.
    expect(result.reason).toBe(
      'task 1 (backup on i-1): succeeded started 3h0m0s ago, more than max_age 1h0m0s',
    );
    expect(evaluate('succeeded', [old], 'newest', { now, maxAgeMs: 3_600_000 }).reason).toMatch(
      /more than the maximum age 1h0m0s$/,
    );
    expect(evaluate('succeeded', [old], 'newest', { now, maxAgeMs: 4 * 3_600_000 }).met).toBe(true);
  });
});
