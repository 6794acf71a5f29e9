import { MalformedResponseError } from '../errors';

/**
 * Type guards for reading API answers. Anything not shaped as documented is a MalformedResponseError,
 * never a TypeError: the parsers must survive arbitrary JSON.
 */
export function parseJsonBody(body: string, title: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new MalformedResponseError(`${title} sent an answer that is not JSON (${body.length} bytes)`);
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectAt(value: unknown, what: string): Record<string, unknown> {
  if (!isObject(value)) throw new MalformedResponseError(`the answer's ${what} is not an object`);
  return value;
}

export function arrayAt(value: unknown, what: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new MalformedResponseError(`the answer's ${what} is not an array`);
  return value;
}

export function integerAt(value: unknown, what: string): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw new MalformedResponseError(`the answer's ${what} is not an integer`);
  }
  return n;
}

export function numberAt(value: unknown, what: string): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n))
    throw new MalformedResponseError(`the answer's ${what} is not a number`);
  return n;
}

/** A string or number field as a string; empty and absent values are null. */
export function textAt(value: unknown, what: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new MalformedResponseError(`the answer's ${what} is not a string`);
}

export function requiredTextAt(value: unknown, what: string): string {
  const text = textAt(value, what);
  if (text === null) throw new MalformedResponseError(`the answer has no ${what}`);
  return text;
}

/** Progress clamped to 0..100, two decimals at most. */
export function percent(value: number | null): number | null {
  if (value === null) return null;
  return Math.round(Math.min(100, Math.max(0, value)) * 100) / 100;
}
