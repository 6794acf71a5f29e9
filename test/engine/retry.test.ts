import { ApiError, InvalidInputError, TimeoutError } from '../../src/core/errors';
import {
  DEFAULT_RETRY_POLICY,
  ReadContext,
  RetryEvent,
  backoffDelay,
  withRetries,
} from '../../src/engine/retry';
import { FakeClock } from './fake-clock';

const retryable = (extra: Partial<ConstructorParameters<typeof ApiError>[1]> = {}) =>
  new ApiError('throttled', { retryable: true, code: 'RequestLimitExceeded', ...extra });
const read = (extra: Partial<ReadContext> = {}): ReadContext => ({
  retriesLeft: DEFAULT_RETRY_POLICY.retriesPerRead,
  ...extra,
});

function failing(errors: Error[]) {
  let calls = 0;
  return {
    attempt: async () => {
      const error = errors[calls++];
      if (error) throw error;
      return 'ok';
    },
    calls: () => calls,
  };
}

describe('withRetries', () => {
  it('survives three throttles in a row, backing off exponentially with jitter', async () => {
    const clock = new FakeClock();
    const events: RetryEvent[] = [];
    const run = failing([retryable(), retryable(), retryable()]);
    const options = {
      policy: DEFAULT_RETRY_POLICY,
      clock,
      random: () => 0.5,
      read: read(),
      onRetry: (e: RetryEvent) => events.push(e),
    };
    await expect(withRetries(run.attempt, options)).resolves.toBe('ok');
    expect(run.calls()).toBe(4);
    expect(clock.sleeps).toEqual([188, 375, 750]);
    expect(events.map((e) => e.attempt)).toEqual([1, 2, 3]);
  });

  it('jitter stays within [ceiling/2, ceiling]', () => {
    for (let attempt = 1; attempt <= 8; attempt++) {
      const ceiling = Math.min(8000, 250 * 2 ** (attempt - 1));
      expect(backoffDelay(DEFAULT_RETRY_POLICY, attempt, () => 0)).toBe(ceiling / 2);
      expect(backoffDelay(DEFAULT_RETRY_POLICY, attempt, () => 0.999999)).toBeLessThanOrEqual(ceiling);
    }
  });

  it('stops a persistent failure at maxAttempts', async () => {
    const clock = new FakeClock();
    const run = failing(Array.from({ length: 50 }, () => retryable()));
    const error = await withRetries(run.attempt, {
      policy: DEFAULT_RETRY_POLICY,
      clock,
      random: () => 0,
      read: read(),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe('gave up after 6 attempts: throttled');
    expect(run.calls()).toBe(6);
  });

  it('shares a retry budget across the pages of one read', async () => {
    const clock = new FakeClock();
    const context = read({ retriesLeft: 2 });
    const run = failing([retryable(), retryable(), retryable()]);
    await expect(
      withRetries(run.attempt, { policy: DEFAULT_RETRY_POLICY, clock, random: () => 0, read: context }),
    ).rejects.toThrow(/gave up after 3 attempts/);
  });

  it('never retries authentication failures or invalid input', async () => {
    for (const error of [
      new ApiError('auth', { retryable: false, code: 'AuthFailure.SignatureFailure' }),
      new InvalidInputError('bad'),
    ]) {
      const run = failing([error]);
      await expect(
        withRetries(run.attempt, {
          policy: DEFAULT_RETRY_POLICY,
          clock: new FakeClock(),
          random: () => 0,
          read: read(),
        }),
      ).rejects.toBe(error);
      expect(run.calls()).toBe(1);
    }
  });

  it('honours Retry-After', async () => {
    const clock = new FakeClock();
    const run = failing([retryable({ retryAfterMs: 5000 })]);
    await withRetries(run.attempt, { policy: DEFAULT_RETRY_POLICY, clock, random: () => 0, read: read() });
    expect(clock.sleeps).toEqual([5000]);
  });

  it('corrects clock skew once, at once', async () => {
    const clock = new FakeClock();
    const skew = new ApiError('stale', {
      retryable: false,
      clockSkew: true,
      serverDate: new Date(clock.now() + 600_000),
    });
    const corrected: number[] = [];
    const onClockSkew = (e: ApiError) => {
      corrected.push(e.serverDate!.getTime() - clock.now());
      return true;
    };
    const once = failing([skew]);
    await expect(
      withRetries(once.attempt, {
        policy: DEFAULT_RETRY_POLICY,
        clock,
        random: () => 0,
        read: read(),
        onClockSkew,
      }),
    ).resolves.toBe('ok');
    expect(corrected).toEqual([600_000]);
    expect(clock.sleeps).toEqual([]);
    const twice = failing([skew, skew]);
    await expect(
      withRetries(twice.attempt, {
        policy: DEFAULT_RETRY_POLICY,
        clock,
        random: () => 0,
        read: read(),
        onClockSkew,
      }),
    ).rejects.toBe(skew);
  });

  it('does not back off past the deadline: it waits until the deadline, then times out', async () => {
    const clock = new FakeClock();
    const run = failing([retryable({ retryAfterMs: 10_000 })]);
    const error = await withRetries(run.attempt, {
      policy: DEFAULT_RETRY_POLICY,
      clock,
      random: () => 0,
      read: read({ deadline: clock.now() + 5000 }),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(clock.sleeps).toEqual([5000]);
  });

  it('an abort during back-off rejects with the abort reason', async () => {
    const controller = new AbortController();
    const reason = new Error('SIGTERM');
    const run = failing([retryable()]);
    const promise = withRetries(run.attempt, {
      policy: DEFAULT_RETRY_POLICY,
      clock: new FakeClock(),
      random: () => 0,
      read: read({ signal: controller.signal }),
      onRetry: () => controller.abort(reason),
    });
    await expect(promise).rejects.toBe(reason);
  });
});
