import { createTaskSource } from '../apis';
import { createTaskListClient } from '../engine/client';
import { Clock, systemClock } from '../engine/clock';
import { evaluate } from '../engine/conditions';
import { formatDuration } from '../core/durations';
import { waitFor } from '../engine/waiter';
import { ConditionFailedError, TimeoutError } from '../core/errors';
import { Condition, Selection, Task } from '../core/model';
import { RunnerEvents } from './events';
import { TaskQuery } from './query';

/** What one run is told of the world: where its events go, when to stop, what time it is. */
export interface RunContext {
  readonly events: RunnerEvents;
  /** Aborted on SIGINT/SIGTERM, or when Terraform stops the provider. */
  readonly signal: AbortSignal;
  /** Injected so that the provider and tests can run on a clock of their own. */
  readonly clock?: Clock;
}

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

function clientFor(query: TaskQuery, run: RunContext) {
  return createTaskListClient({
    source: createTaskSource(query.api, {
      endpoint: query.endpoint,
      credentials: query.credentials,
      region: query.region,
      projectId: query.projectId,
    }),
    requestTimeoutMs: query.requestTimeoutMs,
    clock: run.clock,
    onRetry: (event) => run.events.retry(event),
  });
}

/** How much of the list a condition needs: the newest match suffices unless it looks at every task. */
function needFor(condition: Condition, selection: Selection): 'newest' | 'all' {
  return selection === 'newest' && condition !== 'idle' ? 'newest' : 'all';
}

/** One read of the task list within the query's read timeout; its TimeoutError names the option. */
async function readOnce(query: TaskQuery, run: RunContext, need: 'newest' | 'all') {
  try {
    return await clientFor(query, run).read(query.filter, {
      need,
      signal: run.signal,
      deadline: (run.clock ?? systemClock).now() + query.readTimeoutMs,
    });
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    throw new TimeoutError(
      `timed out after ${formatDuration(query.readTimeoutMs)} reading the task list (${error.message}); ` +
        `raise ${query.label('timeout')} if the API needs longer.`,
    );
  }
}

export async function listTasks(query: TaskQuery, run: RunContext): Promise<TaskOutcome> {
  const { tasks, total } = await readOnce(query, run, 'all');
  run.events.verdict({ total });
  return { total, tasks };
}

export async function checkTasks(query: TaskQuery, run: RunContext): Promise<TaskOutcome> {
  const { tasks, total } = await readOnce(query, run, needFor(query.expect, query.select));
  const evaluation = evaluate(query.expect, tasks, query.select, {
    now: (run.clock ?? systemClock).now(),
    maxAgeMs: query.maxAgeMs,
    maxAgeLabel: query.label('max_age'),
  });
  const reason = evaluation.met ? undefined : evaluation.reason;
  run.events.verdict({ total, conditionMet: evaluation.met, reason });
  return { total, tasks: evaluation.selected, conditionMet: evaluation.met, reason };
}

/**
 * Polls until the condition holds. Returns the outcome when it holds or can no longer hold
 * (conditionMet false); throws TimeoutError when `--timeout` or `--appear-timeout` passes.
 */
export async function waitForTasks(query: TaskQuery, run: RunContext): Promise<TaskOutcome> {
  const client = clientFor(query, run);
  const need = needFor(query.until, query.select);
  const result = await waitFor({
    read: (readSignal, deadline) => client.read(query.filter, { need, signal: readSignal, deadline }),
    condition: query.until,
    selection: query.select,
    timeoutMs: query.timeoutMs,
    pollIntervalMs: query.pollIntervalMs,
    appearTimeoutMs: query.appearTimeoutMs,
    clock: run.clock ?? systemClock,
    signal: run.signal,
    onPoll: (state) =>
      run.events.poll({
        polls: state.polls,
        tasks: state.evaluation.selected,
        elapsedMs: state.elapsedMs,
        nextPollInMs: state.nextPollInMs,
      }),
  });
  const { evaluation, total } = result;
  const label = query.label;
  if (result.outcome === 'met' || result.outcome === 'failed') {
    const conditionMet = result.outcome === 'met';
    const reason = conditionMet ? undefined : evaluation?.reason;
    run.events.verdict({ total, conditionMet, reason });
    return { total, tasks: evaluation?.selected ?? [], conditionMet, reason };
  }
  const timeout =
    result.outcome === 'appear-timeout'
      ? `no task matched the filters within ${label('appear_timeout')} ${formatDuration(query.appearTimeoutMs)}; ` +
        `check the filters, or raise ${label('appear_timeout')} if the task is created later.`
      : `timed out after ${formatDuration(query.timeoutMs)} waiting for ${query.until}: ` +
        `${evaluation ? evaluation.reason : 'no poll was answered'}${result.cause ? ` (${result.cause})` : ''}; ` +
        `raise ${label('timeout')} if the task needs longer.`;
  run.events.verdict({ total, conditionMet: false, reason: timeout });
  throw new TimeoutError(timeout);
}

/** Throws the one-line reason as a ConditionFailedError (exit 1) when the condition does not hold. */
export function failUnlessMet(outcome: TaskOutcome): void {
  if (outcome.conditionMet === false)
    throw new ConditionFailedError(outcome.reason ?? 'the condition does not hold');
}
