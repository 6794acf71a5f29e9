import { ApiError, TimeoutError } from '../core/errors';
import { Clock } from './clock';
import { formatDuration } from '../core/durations';

/** How failures are retried: data, like a botocore waiter's config. */
export interface RetryPolicy {
  /** Attempts for one request, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** The longest server-requested Retry-After honoured. */
  readonly maxRetryAfterMs: number;
  /** Retries allowed across all pages of one read, so that a persistent failure stops early. */
  readonly retriesPerRead: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
  retriesPerRead: 14,
};

export interface RetryEvent {
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: ApiError;
}

/** What one read shares across its requests. */
export interface ReadContext {
  readonly signal?: AbortSignal;
  /** Epoch ms after which no new attempt or back-off starts. */
  readonly deadline?: number;
  /** Retries left for the whole read. */
  retriesLeft: number;
}

export interface RetryOptions {
  readonly policy: RetryPolicy;
  readonly clock: Clock;
  readonly random: () => number;
  readonly read: ReadContext;
  readonly onRetry?: (event: RetryEvent) => void;
  /** Called when the server refused our clock; returns whether the skew was corrected (retry once, at once). */
  readonly onClockSkew?: (error: ApiError) => boolean;
  /** Called when the server refused the credentials; returns whether fresh ones will be used (retry once, at once). */
  readonly onCredentialsRefused?: () => boolean;
}

/** Exponential back-off with equal jitter: half fixed (visible spacing), half random (no herd). */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Runs `attempt` (numbered from 1) until it succeeds, fails for good, or the bounds run out. */
export async function withRetries<T>(attempt: (n: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { policy, clock, read } = options;
  let skewCorrected = false;
  let credentialsRefreshed = false;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (read.signal?.aborted) throw read.signal.reason;
      if (!(error instanceof ApiError)) throw error;
      if (error.clockSkew && !skewCorrected && options.onClockSkew?.(error)) {
        skewCorrected = true;
        continue;
      }
      // Expired temporary credentials: one retry with fresh ones, never a loop.
      if (error.credentialsRefused && !credentialsRefreshed && options.onCredentialsRefused?.()) {
        credentialsRefreshed = true;
        continue;
      }
      if (!error.retryable) throw error;
      if (n >= policy.maxAttempts || read.retriesLeft <= 0) {
        throw new ApiError(`gave up after ${n} attempts: ${error.message}`, { ...error, retryable: false });
      }
      const delayMs = Math.max(
        backoffDelay(policy, n, options.random),
        Math.min(error.retryAfterMs ?? 0, policy.maxRetryAfterMs),
      );
      if (read.deadline !== undefined && clock.now() + delayMs >= read.deadline) {
        // The deadline is the user's promise: wait it out, never past it, then say why.
        await clock.sleep(read.deadline - clock.now(), read.signal);
        throw new TimeoutError(
          `the deadline passed while the API kept failing (the next attempt was ${formatDuration(delayMs)} away): ${error.message}`,
        );
      }
      read.retriesLeft--;
      options.onRetry?.({ attempt: n, delayMs, error });
      await clock.sleep(delayMs, read.signal);
    }
  }
}
