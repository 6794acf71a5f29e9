/** The emulator's clock: real time plus an offset that tests and the control interface move. */
export interface EmulatorClock {
  now(): number;
  advance(ms: number): void;
  set(epochMs: number): void;
}

/** Follows real time (shifted by `advance`/`set`); with `frozen`, time moves only when told to. */
export function createEmulatorClock(options: { start?: number; frozen?: boolean } = {}): EmulatorClock {
  const real = () => (options.frozen ? 0 : Date.now());
  let offset = (options.start ?? Date.now()) - real();
  return {
    now: () => real() + offset,
    advance: (ms) => {
      offset += ms;
    },
    set: (epochMs) => {
      offset = epochMs - real();
    },
  };
}
