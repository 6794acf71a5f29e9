import { ApiName } from '../model';

// A task as scenarios and the control interface describe it (the README's task format), with the
// options only one API reads; the store keeps such tasks without reading those options.

export const OUTCOMES = ['succeeded', 'failed', 'cancelled', 'paused', 'running'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** How a CDB task is encoded: objects with an int Status (the doc's example), JSON strings, or TaskStatus strings. */
export const CDB_ENCODINGS = ['objects', 'string-items', 'task-status-string'] as const;
export type CdbEncoding = (typeof CDB_ENCODINGS)[number];

/** A task and its timeline: pending, then running with rising progress, then its outcome. */
export interface EmulatedTask {
  readonly api: ApiName;
  readonly id: string;
  readonly type: string;
  readonly instanceId: string;
  readonly instanceName: string;
  readonly startAt: number;
  readonly pendingMs: number;
  readonly runningMs: number;
  readonly outcome: Outcome;
  readonly message: string;
  readonly asyncRequestId?: string;
  readonly cdbEncoding: CdbEncoding;
  /** Insertion order: breaks ties between equal start times, newest first. */
  readonly seq: number;
}

export type NewTask = Omit<EmulatedTask, 'id' | 'seq' | 'cdbEncoding' | 'message' | 'instanceName'> &
  Partial<Pick<EmulatedTask, 'id' | 'cdbEncoding' | 'message' | 'instanceName'>>;

/** The task as kept: the spec with its id (`newId` when it has none), its insertion number and the format's defaults. */
export function completeTask(spec: NewTask, newId: () => string, seq: number): EmulatedTask {
  return {
    ...spec,
    id: spec.id ?? newId(),
    instanceName: spec.instanceName ?? '',
    message: spec.message ?? '',
    cdbEncoding: spec.cdbEncoding ?? 'objects',
    seq,
  };
}
