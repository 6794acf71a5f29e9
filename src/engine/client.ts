import { randomInt } from 'node:crypto';
import { Task, TaskFilter, newestFirst } from '../core/model';
import { ApiError, TimeoutError } from '../core/errors';
import { Clock, MAX_TIMER_MS, systemClock } from './clock';
import { matchesFilter } from './filter';
import { readAllPages } from './pager';
import { RateLimiter } from './rate-limit';
import { DEFAULT_RETRY_POLICY, ReadContext, RetryEvent, RetryPolicy, withRetries } from './retry';
import { DEFAULT_REQUEST_TIMEOUT_MS, REQUEST_TIMEOUT, Transport, nodeTransport } from './transport';
import { Page, PageRequest, TaskSource } from './types';

export interface TaskListClientOptions {
  /** The API's task list, bound to its endpoint and credentials. */
  readonly source: TaskSource;
  readonly transport?: Transport;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly requestTimeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly rateLimitPerSecond?: number;
  readonly onRetry?: (event: RetryEvent) => void;
}

export interface ReadOptions {
  /** `newest`: only the newest match and the count are needed; `all`: every match. */
  readonly need: 'newest' | 'all';
  readonly signal?: AbortSignal;
  readonly deadline?: number;
}

export interface ReadResult {
  /** The matching tasks, newest first. */
  readonly tasks: Task[];
  /** How many tasks match the filter. */
  readonly total: number;
  readonly requests: number;
}

export interface TaskListClient {
  read(filter: TaskFilter, options: ReadOptions): Promise<ReadResult>;
}

/** One API's client: signs with a skew-corrected clock, rate-limits, retries, pages and filters. */
export function createTaskListClient(options: TaskListClientOptions): TaskListClient {
  const { source } = options;
  const clock = options.clock ?? systemClock;
  const transport = options.transport ?? nodeTransport;
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const limiter = new RateLimiter(clock, options.rateLimitPerSecond ?? 50, 10);
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  // The server's clock minus ours, learnt when it refuses a signature as stale.
  let skewMs = 0;

  const fetchPage = (filter: TaskFilter, page: PageRequest, read: ReadContext): Promise<Page> =>
    withRetries(
      async (attempt) => {
        await limiter.acquire(read.signal);
        const timeLeft = () => (read.deadline === undefined ? Infinity : read.deadline - clock.now());
        // Cut off before an attempt that no failed one preceded: nothing went wrong in this read, so a
        // wait's last verdict is the whole story. After a failed attempt the timeout keeps its cause.
        const tooLate = () =>
          new TimeoutError('the deadline passed before the next request', { beforeRequest: attempt === 1 });
        if (timeLeft() <= 0) throw tooLate();
        // Signing may first fetch fresh credentials: that counts against the deadline too.
        const sentAt = new Date(clock.now() + skewMs);
        const request = await source.buildRequest(filter, page, {
          now: sentAt,
          // Fresh per attempt: the v2 API refuses a replayed nonce.
          nonce: randomInt(1, 2 ** 31 - 1),
          signal: read.signal,
          timeLeftMs: timeLeft(),
        });
        // The deadline is hard: a request still in flight when it passes is abandoned, not waited for.
        const left = timeLeft();
        if (left <= 0) throw tooLate();
        const cut = left < timeoutMs;
        let response;
        try {
          response = await transport.send(request, {
            signal: read.signal,
            timeoutMs: Math.min(timeoutMs, left, MAX_TIMER_MS),
          });
        } catch (error) {
          if (cut && error instanceof ApiError && error.code === REQUEST_TIMEOUT) {
            throw new TimeoutError('the deadline passed while a request was still unanswered');
          }
          throw error;
        }
        return source.parseResponse(response, { filter, sentAt });
      },
      {
        policy,
        clock,
        random: options.random ?? Math.random,
        read,
        onRetry: options.onRetry,
        onCredentialsRefused: () => source.refreshCredentials?.() ?? false,
        onClockSkew: (error) => {
          if (!error.serverDate) return false;
          skewMs = error.serverDate.getTime() - clock.now();
          return true;
        },
      },
    );

  return {
    async read(filter, { need, signal, deadline }) {
      const read: ReadContext = { signal, deadline, retriesLeft: policy.retriesPerRead };
      const exact = source.filtersAreServerSide(filter);
      const paged = await readAllPages({
        pageSize: source.maxPageSize,
        offsetsInPages: source.offsetsInPages,
        title: source.title,
        firstPageOnly: need === 'newest' && exact,
        fetchPage: (offset, limit) => fetchPage(filter, { offset, limit }, read),
      });
      const tasks = newestFirst(paged.tasks.filter((task) => matchesFilter(task, filter, source)));
      const total = need === 'newest' && exact ? Math.max(paged.total, tasks.length) : tasks.length;
      return { tasks, total, requests: paged.requests };
    },
  };
}
