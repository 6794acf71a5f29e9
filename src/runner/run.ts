import { createTaskSource } from '../apis';
import { createTaskListClient } from '../engine/client';
import { systemClock } from '../engine/clock';
import { evaluate } from '../engine/conditions';
import { formatDuration } from '../engine/durations';
import { waitFor } from '../engine/waiter';
import { ConditionFailedError, TimeoutError } from '../errors';
import { Condition, Selection, Task } from '../model';
import { ProgressReporter } from './progress';
import { TaskQuery } from './query';

/** The outcome of a list, check or wait, before it is printed. */
export interface TaskOutcome {
  readonly total: number;
  /** Every match for list; the selected tasks for wait and check. */
  readonly tasks: readonly Task[];
  /** Undefined for list. */
  readonly conditionMet?: boolean;
  /** Why the condition does not hold, when it does not. */
  readonly reason?: string;
}

function clientFor(query: TaskQuery, progress: ProgressReporter) {
  return createTaskListClient({
    source: createTaskSource(query.api, {
      endpoint: query.endpoint,
      credentials: query.credentials,
      region: query.region,
      projectId: query.projectId,
    }),
    requestTimeoutMs: query.requestTimeoutMs,
    onRetry: (event) => progress.retry(event),
  });
}

/** How much of the list a condition needs: the newest match suffices unless it looks at every task. */
function needFor(condition: Condition, selection: Selection): 'newest' | 'all' {
  return selection === 'newest' && condition !== 'idle' ? 'newest' : 'all';
}

/** One read of the task list within the query's read timeout; its TimeoutError names the option. */
async function readOnce(
  query: TaskQuery,
  progress: ProgressReporter,
  signal: AbortSignal,
  need: 'newest' | 'all',
) {
  try {
    return await clientFor(query, progress).read(query.filter, {
      need,
      signal,
      deadline: systemClock.now() + query.readTimeoutMs,
    });
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    throw new TimeoutError(
      `timed out after ${formatDuration(query.readTimeoutMs)} reading the task list (${error.message}); ` +
        `raise ${query.label('timeout')} if the API needs longer.`,
    );
  }
}

export async function listTasks(
  query: TaskQuery,
  progress: ProgressReporter,
  signal: AbortSignal,
): Promise<TaskOutcome> {
  const { tasks, total } = await readOnce(query, progress, signal, 'all');
  return { total, tasks };
}

export async function checkTasks(
  query: TaskQuery,
  progress: ProgressReporter,
  signal: AbortSignal,
): Promise<TaskOutcome> {
  const { tasks, total } = await readOnce(query, progress, signal, needFor(query.expect, query.select));
  const evaluation = evaluate(query.expect, tasks, query.select, {
    now: systemClock.now(),
    maxAgeMs: query.maxAgeMs,
    maxAgeLabel: query.label('max_age'),
  });
  return {
    total,
    tasks: evaluation.selected,
    conditionMet: evaluation.met,
    reason: evaluation.met ? undefined : evaluation.reason,
  };
}

/**
 * Polls until the condition holds. Returns the outcome when it holds or can no longer hold
 * (conditionMet false); throws TimeoutError when `--timeout` or `--appear-timeout` passes.
 */
export async function waitForTasks(
  query: TaskQuery,
  progress: ProgressReporter,
  signal: AbortSignal,
): Promise<TaskOutcome> {
  const client = clientFor(query, progress);
  const need = needFor(query.until, query.select);
  const result = await waitFor({
    read: (readSignal, deadline) => client.read(query.filter, { need, signal: readSignal, deadline }),
    condition: query.until,
    selection: query.select,
    timeoutMs: query.timeoutMs,
    pollIntervalMs: query.pollIntervalMs,
    appearTimeoutMs: query.appearTimeoutMs,
    clock: systemClock,
    signal,
    onPoll: (state) =>
      progress.poll({
        tasks: state.evaluation.selected,
        elapsedMs: state.elapsedMs,
        nextPollInMs: state.nextPollInMs,
      }),
  });
  progress.clearLive();
  const { evaluation, total } = result;
  const label = query.label;
  switch (result.outcome) {
    case 'met':
    case 'failed':
      return {
        total,
        tasks: evaluation?.selected ?? [],
        conditionMet: result.outcome === 'met',
        reason: result.outcome === 'met' ? undefined : evaluation?.reason,
      };
    case 'appear-timeout':
      throw new TimeoutError(
        `no task matched the filters within ${label('appear_timeout')} ${formatDuration(query.appearTimeoutMs)}; ` +
          `check the filters, or raise ${label('appear_timeout')} if the task is created later.`,
      );
    case 'timeout': {
      const last = evaluation ? evaluation.reason : 'no poll was answered';
      const cause = result.cause ? ` (${result.cause})` : '';
      throw new TimeoutError(
        `timed out after ${formatDuration(query.timeoutMs)} waiting for ${query.until}: ${last}${cause}; ` +
          `raise ${label('timeout')} if the task needs longer.`,
      );
    }
  }
}

/** Throws the one-line reason as a ConditionFailedError (exit 1) when the condition does not hold. */
export function failUnlessMet(outcome: TaskOutcome): void {
  if (outcome.conditionMet === false)
    throw new ConditionFailedError(outcome.reason ?? 'the condition does not hold');
}
