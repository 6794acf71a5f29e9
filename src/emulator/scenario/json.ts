import { parseDuration } from '../../core/durations';
import { quoted } from '../../core/text';
import { DurationLimit, LIMITS, TIME_RANGE } from '../limits';

/** A control-interface or scenario mistake: answered with HTTP 400, or a clear error at start. */
export class ScenarioError extends Error {}

/** A value from a request or a scenario, quoted short for an error. */
export const quote = (text: string) => quoted(text, 60);

export function obj(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ScenarioError(`${where} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

export function str(value: unknown, where: string, required = false): string | undefined {
  if (value === undefined || value === null) {
    if (required) throw new ScenarioError(`${where} is required`);
    return undefined;
  }
  if (typeof value !== 'string' && typeof value !== 'number')
    throw new ScenarioError(`${where} must be a string`);
  const text = String(value);
  if (text.length > LIMITS.textChars) {
    throw new ScenarioError(`${where} must be at most ${LIMITS.textChars} characters`);
  }
  return text;
}

export function duration(value: unknown, where: string, fallback: number, limit: DurationLimit): number {
  const text = str(value, where);
  if (text === undefined) return fallback;
  let ms: number;
  try {
    ms = parseDuration(text, where);
  } catch {
    throw new ScenarioError(`${where} must be a duration such as 10s or 2m, not ${quote(text)}`);
  }
  if (!(ms <= limit.ms)) throw new ScenarioError(`${where} must be at most ${limit.label}`);
  return ms;
}

/** A duration with an optional sign: `"-2h"`, `"+30s"`. */
export function signedDuration(value: unknown, where: string, limit: DurationLimit): number {
  const text = str(value, where, true) as string;
  const negative = text.startsWith('-');
  const ms = duration(text.replace(/^[+-]/, ''), where, 0, limit);
  return negative ? -ms : ms;
}

/** A whole number within bounds, or the fallback when left out. */
export function integer(value: unknown, where: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ScenarioError(`${where} must be a whole number from ${min} to ${max}`);
  }
  return n;
}

/** An epoch time within the clock's range. */
export function inTimeRange(ms: number, where: string): number {
  if (!(ms >= LIMITS.earliest && ms <= LIMITS.latest)) {
    throw new ScenarioError(`${where} must be from ${TIME_RANGE}`);
  }
  return ms;
}

export function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  where: string,
  fallback: T,
): T {
  const text = str(value, where);
  if (text === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(text)) {
    throw new ScenarioError(`${where} must be one of ${allowed.join(', ')}, not ${quote(text)}`);
  }
  return text as T;
}

/** A JSON array of at most `max` entries. */
export function listOf(value: unknown, where: string, max: number): unknown[] {
  if (!Array.isArray(value)) throw new ScenarioError(`${where} must be an array`);
  if (value.length > max)
    throw new ScenarioError(`${where} may hold at most ${max} entries, not ${value.length}`);
  return value;
}
