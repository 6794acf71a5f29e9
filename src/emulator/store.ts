import { ApiName } from '../core/model';
import { EmulatorClock } from './clock';
import { EmulatedTask, NewTask, Outcome, completeTask } from './task';

export type Phase = 'pending' | 'running' | Outcome;

export interface TaskState {
  readonly phase: Phase;
  /** 0..1 */
  readonly progress: number;
  /** When the outcome was reached; undefined while unfinished. */
  readonly endAt?: number;
}

/** Where a task is on its timeline at `now`; undefined before it starts (not listed yet). */
export function stateAt(task: EmulatedTask, now: number): TaskState | undefined {
  if (now < task.startAt) return undefined;
  const runningFrom = task.startAt + task.pendingMs;
  if (now < runningFrom) return { phase: 'pending', progress: 0 };
  const endAt = runningFrom + task.runningMs;
  if (task.outcome === 'running' || now < endAt) {
    const progress = task.runningMs > 0 ? Math.min(0.99, (now - runningFrom) / task.runningMs) : 0;
    return { phase: 'running', progress: Math.floor(progress * 100) / 100 };
  }
  if (task.outcome === 'paused') return { phase: 'paused', progress: 0.5 };
  return { phase: task.outcome, progress: task.outcome === 'succeeded' ? 1 : 0.5, endAt };
}

/** The tasks of every API; a task added without an id gets one from `newId` (its API's router). */
export class TaskStore {
  private tasks: EmulatedTask[] = [];
  private seq = 0;

  constructor(
    readonly clock: EmulatorClock,
    private readonly newId: (api: ApiName) => string,
  ) {}

  add(spec: NewTask): EmulatedTask {
    const task = completeTask(spec, () => this.newId(spec.api), ++this.seq);
    this.tasks.push(task);
    return task;
  }

  /** The API's tasks visible at `now`, newest first. */
  visible(api: ApiName, now = this.clock.now()): { task: EmulatedTask; state: TaskState }[] {
    return this.tasks
      .filter((task) => task.api === api)
      .map((task) => ({ task, state: stateAt(task, now) }))
      .filter((entry): entry is { task: EmulatedTask; state: TaskState } => entry.state !== undefined)
      .sort((a, b) => b.task.startAt - a.task.startAt || b.task.seq - a.task.seq);
  }

  all(): readonly EmulatedTask[] {
    return this.tasks;
  }

  /** Removes the `count` newest visible tasks of an API (a fault: the head of the list moves up). */
  removeNewest(api: ApiName, count: number): void {
    const doomed = new Set(
      this.visible(api)
        .slice(0, count)
        .map((entry) => entry.task),
    );
    this.tasks = this.tasks.filter((task) => !doomed.has(task));
  }

  clear(): void {
    this.tasks = [];
  }
}
