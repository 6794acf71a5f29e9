import { TimeoutError } from '../core/errors';
import { Selection, Task, WaitCondition } from '../core/model';
import { Clock } from './clock';
import { Evaluation, evaluate } from './conditions';

export interface WaitOptions {
  /** One read of the matching tasks (newest first); `deadline` bounds its retries. */
  readonly read: (
    signal: AbortSignal | undefined,
    deadline: number,
  ) => Promise<{ tasks: Task[]; total: number }>;
  readonly condition: WaitCondition;
  readonly selection: Selection;
  readonly timeoutMs: number;
  readonly pollIntervalMs: number;
  /** How long nothing may match before giving up (task lists are eventually consistent). */
  readonly appearTimeoutMs: number;
  /** The cap of the gentle back-off while nothing changes. */
  readonly maxPollIntervalMs?: number;
  readonly clock: Clock;
  readonly signal?: AbortSignal;
  readonly onPoll?: (state: PollState) => void;
}

export interface PollState {
  readonly polls: number;
  readonly elapsedMs: number;
  /** Undefined after the last poll. */
  readonly nextPollInMs?: number;
  readonly evaluation: Evaluation;
  readonly tasks: readonly Task[];
}

export interface WaitResult {
  readonly outcome: 'met' | 'failed' | 'timeout' | 'appear-timeout';
  /** The last poll's verdict; undefined only when the deadline passed before any poll was answered. */
  readonly evaluation?: Evaluation;
  /** Why the deadline was reached inside a read (a request in flight, an API that kept failing). */
  readonly cause?: string;
  readonly tasks: Task[];
  readonly total: number;
  readonly polls: number;
  readonly elapsedMs: number;
}

const BACKOFF_FACTOR = 1.5;

/** What the waiter compares to tell whether anything changed between polls. */
function fingerprint(tasks: readonly Task[]): string {
  return tasks.map((task) => `${task.id ?? task.type}:${task.status}:${task.progress}`).join('|');
}

/**
 * Polls `read` until the condition holds, can no longer hold, or a deadline passes: the
 * StateChangeConf loop, with the appear timeout as its NotFoundChecks. Pure over the injected clock.
 */
export async function waitFor(options: WaitOptions): Promise<WaitResult> {
  const { clock, signal } = options;
  const start = clock.now();
  const deadline = start + options.timeoutMs;
  const appearDeadline = start + options.appearTimeoutMs;
  const cap =
    options.maxPollIntervalMs ??
    Math.max(options.pollIntervalMs, Math.min(4 * options.pollIntervalMs, 60_000));
  let interval = options.pollIntervalMs;
  let previous: string | undefined;

  let last: WaitResult | undefined;
  for (let polls = 1; ; polls++) {
    // A poll at the deadline would be cut off at once: the last verdict stands.
    if (last && clock.now() >= deadline) return { ...last, elapsedMs: clock.now() - start };
    let answer;
    try {
      answer = await options.read(signal, deadline);
    } catch (error) {
      // The deadline is hard: it passed inside the read, so the last verdict stands.
      if (!(error instanceof TimeoutError)) throw error;
      // Woken at the deadline with nothing sent yet: the same as not polling again.
      if (last && error.beforeRequest) return { ...last, elapsedMs: clock.now() - start };
      return {
        outcome: 'timeout',
        evaluation: last?.evaluation,
        cause: error.message,
        tasks: last?.tasks ?? [],
        total: last?.total ?? 0,
        polls: polls - 1,
        elapsedMs: clock.now() - start,
      };
    }
    const { tasks, total } = answer;
    const now = clock.now();
    const evaluation = evaluate(options.condition, tasks, options.selection, { now });
    const result = (outcome: WaitResult['outcome']): WaitResult => ({
      outcome,
      evaluation,
      tasks,
      total,
      polls,
      elapsedMs: now - start,
    });
    const nothingYet = tasks.length === 0 && options.condition !== 'idle';
    let outcome: WaitResult['outcome'] | undefined;
    if (evaluation.met) outcome = 'met';
    else if (evaluation.final) outcome = 'failed';
    else if (nothingYet && now >= appearDeadline) outcome = 'appear-timeout';
    else if (now >= deadline) outcome = 'timeout';

    const current = fingerprint(evaluation.selected);
    interval =
      previous === undefined || current !== previous
        ? options.pollIntervalMs
        : Math.min(cap, interval * BACKOFF_FACTOR);
    previous = current;
    // The last poll happens at the deadline, never after it.
    const until = nothingYet ? Math.min(deadline, appearDeadline) : deadline;
    const sleepMs = outcome ? undefined : Math.max(0, Math.min(interval, until - now));
    options.onPoll?.({ polls, elapsedMs: now - start, nextPollInMs: sleepMs, evaluation, tasks });
    if (outcome) return result(outcome);
    last = result('timeout');
    await clock.sleep(sleepMs as number, signal);
  }
}
