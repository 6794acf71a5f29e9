import { MAX_TIMER_MS, systemClock } from '../../src/engine/clock';

describe('systemClock.sleep', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_700_000_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('sleeps longer than a Node timer holds without firing early', async () => {
    const thirtyDays = 30 * 24 * 3_600_000;
    expect(thirtyDays).toBeGreaterThan(MAX_TIMER_MS);
    let woke = false;
    const sleeping = systemClock.sleep(thirtyDays).then(() => (woke = true));
    await jest.advanceTimersByTimeAsync(MAX_TIMER_MS + 1000);
    expect(woke).toBe(false);
    await jest.advanceTimersByTimeAsync(thirtyDays - MAX_TIMER_MS - 1000 - 1);
    expect(woke).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(woke).toBe(true);
  });

  it('an abort ends a long sleep at once', async () => {
    const controller = new AbortController();
    const sleeping = systemClock
      .sleep(40 * 24 * 3_600_000, controller.signal)
      .catch((error: unknown) => error);
    await jest.advanceTimersByTimeAsync(MAX_TIMER_MS + 5);
    const reason = new Error('stop');
    controller.abort(reason);
    expect(await sleeping).toBe(reason);
  });
});
