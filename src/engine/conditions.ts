import { describeTask } from './describe';
import { formatDuration } from '../core/durations';
import { ACTIVE_STATUSES, Condition, Selection, TERMINAL_STATUSES, Task } from '../core/model';
import { MESSAGE_MAX_LENGTH, oneLine } from '../core/text';

/** The verdict of a condition over the matching tasks: the acceptors of a waiter. */
export interface Evaluation {
  readonly met: boolean;
  /** Not met and cannot become met by waiting: a selected task ended failed or cancelled. */
  readonly final: boolean;
  /** The tasks the condition looked at (newest, or all). */
  readonly selected: Task[];
  /** One sentence for people: which task, which status, what was expected. */
  readonly reason: string;
}

export interface EvaluateOptions {
  readonly now: number;
  readonly maxAgeMs?: number;
  /** How the reason names the maximum age: the option as the user wrote it (`--max-age`, `max_age`). */
  readonly maxAgeLabel?: string;
}

const EXPECTATION: Record<Condition, string> = {
  succeeded: 'expected succeeded',
  finished: 'expected it to finish',
  idle: 'expected no pending or running task',
  exists: 'expected a matching task',
};

/** Evaluates a condition over the matching tasks, newest first. */
export function evaluate(
  condition: Condition,
  matching: readonly Task[],
  selection: Selection,
  options: EvaluateOptions,
): Evaluation {
  const selected = selection === 'newest' ? matching.slice(0, 1) : [...matching];
  const verdict = (met: boolean, reason: string, final = false): Evaluation => ({
    met,
    final,
    selected,
    reason,
  });

  if (condition === 'exists') {
    if (matching.length === 0) return verdict(false, 'no task matches the filters');
  } else if (condition === 'idle') {
    const busy = matching.find((task) => ACTIVE_STATUSES.has(task.status));
    if (busy) return verdict(false, `${describeTask(busy)}, ${EXPECTATION.idle}`);
  } else {
    if (selected.length === 0) return verdict(false, 'no task matches the filters');
    const ended = selected.find((task) => task.status === 'failed' || task.status === 'cancelled');
    if (condition === 'succeeded' && ended) {
      // The failure reason is the server's text: one line, bounded.
      const message = ended.message === null ? '' : oneLine(ended.message, MESSAGE_MAX_LENGTH);
      return verdict(
        false,
        `${describeTask(ended)}, ${EXPECTATION.succeeded}${message ? `: ${message}` : ''}`,
        true,
      );
    }
    const pendingOne = selected.find((task) =>
      condition === 'succeeded' ? task.status !== 'succeeded' : !TERMINAL_STATUSES.has(task.status),
    );
    if (pendingOne) return verdict(false, `${describeTask(pendingOne)}, ${EXPECTATION[condition]}`);
  }

  if (options.maxAgeMs !== undefined && condition !== 'idle') {
    for (const task of selected) {
      const age = task.startedAt ? options.now - task.startedAt.getTime() : undefined;
      if (age === undefined || age > options.maxAgeMs) {
        const when = age === undefined ? 'has no start time' : `started ${formatDuration(age)} ago`;
        return verdict(
          false,
          `${describeTask(task)} ${when}, more than ${options.maxAgeLabel ?? 'the maximum age'} ${formatDuration(options.maxAgeMs)}`,
        );
      }
    }
  }
  const subject = selected.length === 1 ? describeTask(selected[0]) : `${selected.length} tasks`;
  return verdict(
    true,
    condition === 'idle' ? 'no matching task is pending or running' : `${subject}: ${condition}`,
  );
}
