import { ApiName } from '../core/model';

// A task as scenarios and the control interface describe it (docs/emulator.md's task format), with the
// options only one API reads; the store keeps such tasks without reading those options.

export const OUTCOMES = ['succeeded', 'failed', 'cancelled', 'paused', 'running'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * Which answer a task is served in: what the service sends today (its SDK's model), or its seed
 * page's example. Only CDB's two differ (TaskType/TaskStatus names against Type/Status integers).
 */
export const SHAPES = ['current', 'seed'] as const;
export type Shape = (typeof SHAPES)[number];

/**
 * The older CDB option: objects or JSON strings in the seed's shape, or the current TaskStatus
 * names. Still read, so scenarios written for it load as they did.
 */
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
  readonly shape: Shape;
  /** CDB documents Items as "Array of String": each entry JSON-encoded instead of an object. */
  readonly stringItems: boolean;
  /** Insertion order: breaks ties between equal start times, newest first. */
  readonly seq: number;
}

type Defaulted = 'id' | 'seq' | 'shape' | 'stringItems' | 'message' | 'instanceName';
export type NewTask = Omit<EmulatedTask, Defaulted> & Partial<Pick<EmulatedTask, Defaulted>>;

/** The task as kept: the spec with its id (`newId` when it has none), its insertion number and the format's defaults. */
export function completeTask(spec: NewTask, newId: () => string, seq: number): EmulatedTask {
  return {
    ...spec,
    id: spec.id ?? newId(),
    instanceName: spec.instanceName ?? '',
    message: spec.message ?? '',
    shape: spec.shape ?? 'current',
    stringItems: spec.stringItems ?? false,
    seq,
  };
}
