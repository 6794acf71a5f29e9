const HOUR = 3_600_000;

/** A duration limit, with the words its refusal uses. */
export interface DurationLimit {
  readonly ms: number;
  readonly label: string;
}

/**
 * What one request, scenario or the emulator as a whole may hold: far more than any test needs,
 * too little to exhaust the machine (a head insert of 10^8 tasks once allocated gigabytes).
 */
export const LIMITS = {
  /** Tasks created by one control request or scenario. */
  tasksPerRequest: 10_000,
  /** Tasks in the store; head inserts stop adding at this size. */
  tasks: 100_000,
  /** Faults armed by one control request or scenario. */
  faultsPerRequest: 1_000,
  /** Faults armed at once. */
  faults: 1_000,
  /** A fault's `count`. */
  faultCount: 10_000,
  /** A headInsert/headRemove fault's `tasks`. */
  faultTasks: 1_000,
  /** A throttle fault's `retryAfter`, seconds. */
  retryAfterSeconds: 3_600,
  /** Keys of each cloud in one scenario, and in the emulator (duplicates are kept once). */
  credentialsPerRequest: 100,
  credentials: 1_000,
  /** Characters of any string in a task, fault, credential or clock change. */
  textChars: 1_024,
  /** Requests the log keeps (the newest). */
  logEntries: 10_000,
  /** Characters of a logged string (parameter value, name or outcome). */
  logValueChars: 200,
  /** Parameters (and array items) of a logged request. */
  logItems: 30,
  /** Characters of a logged request's parameters, as JSON. */
  logParamsChars: 2_000,
  /** Characters of a line printed by `taskgate emulator` on stderr. */
  logLineChars: 400,
  /** A scenario file given to `taskgate emulator --scenario`. */
  scenarioFileBytes: 8 * 1024 * 1024,
  delay: { ms: 10 * 60_000, label: '10m' } as DurationLimit,
  skew: { ms: 24 * HOUR, label: '24h' } as DurationLimit,
  /** pendingFor, runningFor, and a clock advance (either way). */
  timeline: { ms: 10 * 365 * 24 * HOUR, label: '10 years (87600h)' } as DurationLimit,
  step: { ms: 24 * HOUR, label: '24h' } as DurationLimit,
  /** The timeline clock and task start times stay within [earliest, latest]. */
  earliest: Date.UTC(2000, 0, 1),
  latest: Date.UTC(2200, 0, 1),
} as const;

/** The time range as refusals word it. */
export const TIME_RANGE = '2000-01-01T00:00:00Z to 2200-01-01T00:00:00Z';

/** Keeps a time within the clock's range (a stepping clock stops at its end rather than break dates). */
export function withinTimeRange(ms: number): number {
  return Math.min(LIMITS.latest, Math.max(LIMITS.earliest, ms));
}
