import { describeTask } from '../engine/describe';
import { Task } from '../core/model';

/** After each poll of a wait: what the selected tasks look like, and when the next poll comes. */
export interface PollEvent {
  readonly polls: number;
  readonly tasks: readonly Task[];
  readonly elapsedMs: number;
  /** Undefined after the last poll. */
  readonly nextPollInMs?: number;
}

/** A request failed in a way a retry may cure; the next attempt comes after `delayMs`. */
export interface RetryEvent {
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: Error;
}

/** A read, check or wait ended with an answer (not an error). */
export interface VerdictEvent {
  readonly total: number;
  /** Undefined for a listing. */
  readonly conditionMet?: boolean;
  readonly reason?: string;
}

/**
 * What the runner tells as it goes, as data: the CLI renders it on stderr, the provider logs it with
 * fields. The runner itself renders nothing.
 */
export interface RunnerEvents {
  poll(event: PollEvent): void;
  retry(event: RetryEvent): void;
  verdict(event: VerdictEvent): void;
}

/** For callers that show nothing (the external program). */
export const SILENT: RunnerEvents = {
  poll: () => undefined,
  retry: () => undefined,
  verdict: () => undefined,
};

/** The selected tasks in one line: each of up to three, or the count by status. */
export function summarizeTasks(tasks: readonly Task[]): string {
  if (tasks.length === 0) return 'waiting for a matching task to appear';
  if (tasks.length <= 3) return tasks.map(describeTask).join('; ');
  const counts = new Map<string, number>();
  for (const task of tasks) counts.set(task.status, (counts.get(task.status) ?? 0) + 1);
  return `${tasks.length} tasks: ${[...counts].map(([status, n]) => `${n} ${status}`).join(', ')}`;
}
