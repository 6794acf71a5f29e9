import { parseIsoWithOffset } from '../../core/times';
import { ClockChange } from '../clock';
import { LIMITS } from '../limits';
import { ScenarioError, duration, inTimeRange, obj, quote, signedDuration, str } from './json';

/** What to do with the timeline clock, as JSON: `{"freeze": true, "step": "1s"}`. */
export interface ClockSettings {
  /** An ISO time with offset to put the clock at. */
  readonly set?: string;
  /** A duration to move the clock by (after `set`): `"30s"`, `"-2h"`. */
  readonly advance?: string;
  /** `true`: stop the clock where it is. */
  readonly freeze?: boolean;
  /** `true`: follow real time again from where the clock is. */
  readonly resume?: boolean;
  /** How far the clock moves after each API request; `"0s"` turns stepping off. */
  readonly step?: string;
}

const CLOCK_KEYS = ['set', 'advance', 'freeze', 'resume', 'step'];

/**
 * A clock change from the control interface or a scenario's `clock`; unknown keys are refused.
 * With `now` (the clock's), the time it leads to must be in range too.
 */
export function parseClockChange(value: unknown, where: string, now?: number): ClockChange {
  const spec = obj(value, where);
  for (const key of Object.keys(spec)) {
    if (!CLOCK_KEYS.includes(key)) {
      throw new ScenarioError(`${where} has an unknown key ${quote(key)} (use ${CLOCK_KEYS.join(', ')})`);
    }
  }
  if (Object.keys(spec).length === 0) {
    throw new ScenarioError(
      `${where} is empty: send {"advance": "30s"}, {"set": "2026-01-01T00:00:00+08:00"}, {"freeze": true}, {"resume": true} or {"step": "1s"}`,
    );
  }
  for (const key of ['freeze', 'resume'] as const) {
    if (spec[key] !== undefined && spec[key] !== true) {
      throw new ScenarioError(`${where}.${key} must be true (or left out)`);
    }
  }
  if (spec.freeze && spec.resume) throw new ScenarioError(`${where} cannot both freeze and resume`);
  let setMs: number | undefined;
  if (spec.set !== undefined) {
    const text = str(spec.set, `${where}.set`) as string;
    const at = parseIsoWithOffset(text);
    if (!at) throw new ScenarioError(`${where}.set must be an ISO time with offset, not ${quote(text)}`);
    setMs = inTimeRange(at.getTime(), `${where}.set`);
  }
  const advanceMs =
    spec.advance === undefined
      ? undefined
      : signedDuration(spec.advance, `${where}.advance`, LIMITS.timeline);
  if (now !== undefined && advanceMs !== undefined) {
    inTimeRange((setMs ?? now) + advanceMs, `the time ${where}.advance leads to`);
  }
  return {
    setMs,
    advanceMs,
    freeze: spec.freeze === true,
    resume: spec.resume === true,
    stepMs: spec.step === undefined ? undefined : duration(spec.step, `${where}.step`, 0, LIMITS.step),
  };
}
