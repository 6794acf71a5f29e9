import { withinTimeRange } from './limits';

/** How the timeline clock runs. */
export interface ClockMode {
  /** True: the clock moves only when told to (advance, set, steps). False: it follows real time. */
  readonly frozen: boolean;
  /** How far the clock moves after each API request the emulator answers; 0 when off. */
  readonly stepMs: number;
}

/**
 * The clock of the task timelines: real time plus an offset that tests and the control interface
 * move. Signatures and the Date header never read it (they follow the real clock).
 */
export interface EmulatorClock {
  now(): number;
  advance(ms: number): void;
  set(epochMs: number): void;
  /** Stops the clock where it is. */
  freeze(): void;
  /** Follows real time again, from where the clock is. */
  resume(): void;
  /** Moves the clock by `ms` after each API request (frozen or not); 0 turns stepping off. */
  setStep(ms: number): void;
  /** One step: the emulator calls it after each API request it answers. */
  tick(): void;
  mode(): ClockMode;
  /** Back to how it was created: its start (or real now), frozen only if created frozen, no step. */
  reset(): void;
}

/** What a scenario or the control interface asks of the clock, in the order it is applied. */
export interface ClockChange {
  readonly setMs?: number;
  readonly advanceMs?: number;
  readonly freeze?: boolean;
  readonly resume?: boolean;
  readonly stepMs?: number;
}

/** Follows real time (shifted by `advance`/`set`); with `frozen`, time moves only when told to. */
export function createEmulatorClock(options: { start?: number; frozen?: boolean } = {}): EmulatorClock {
  let frozen = options.frozen ?? false;
  let stepMs = 0;
  // The clock reads `base` at real time `anchor`, and moves on from there unless frozen.
  let base = 0;
  let anchor = 0;
  const restart = (at: number) => {
    base = at;
    anchor = Date.now();
  };
  // However far it is moved or stepped, it stays within the range dates can be written in.
  const now = () => withinTimeRange(frozen ? base : base + (Date.now() - anchor));
  restart(options.start ?? Date.now());
  return {
    now,
    advance: (ms) => restart(now() + ms),
    set: (epochMs) => restart(epochMs),
    freeze: () => {
      restart(now());
      frozen = true;
    },
    resume: () => {
      restart(now());
      frozen = false;
    },
    setStep: (ms) => {
      stepMs = ms;
    },
    tick: () => {
      if (stepMs !== 0) restart(now() + stepMs);
    },
    mode: () => ({ frozen, stepMs }),
    reset: () => {
      frozen = options.frozen ?? false;
      stepMs = 0;
      restart(options.start ?? Date.now());
    },
  };
}

/** Where a change puts the clock: at its set time (or where the clock is), then advanced. */
export function clockTarget(clock: EmulatorClock, change: ClockChange): number {
  return (change.setMs ?? clock.now()) + (change.advanceMs ?? 0);
}

/**
 * Applies a validated change: freeze or resume, the clock put at `at` (where the change puts it,
 * unless the caller worked that out before), then the step. A scenario passes the instant it placed
 * its tasks at: a clock frozen a few ms later would have moved every task's progress on.
 */
export function changeClock(
  clock: EmulatorClock,
  change: ClockChange,
  at: number = clockTarget(clock, change),
): void {
  if (change.freeze) clock.freeze();
  if (change.resume) clock.resume();
  clock.set(at);
  if (change.stepMs !== undefined) clock.setStep(change.stepMs);
}

/** The clock as the control interface reports it. */
export function describeClock(clock: EmulatorClock): {
  clock: string;
  clockFrozen: boolean;
  clockStepMs: number;
} {
  const mode = clock.mode();
  return { clock: new Date(clock.now()).toISOString(), clockFrozen: mode.frozen, clockStepMs: mode.stepMs };
}
