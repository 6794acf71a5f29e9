import { MalformedResponseError } from '../core/errors';

/**
 * Type guards for reading API answers. Anything not shaped as documented is a MalformedResponseError,
 * never a TypeError: the parsers must survive arbitrary JSON.
 */
export function parseJsonBody(body: string, title: string): unknown {
  try {
    return JSON.parse(LONG_INTEGER.test(body) ? quoteLongIntegers(body) : body);
  } catch {
    throw new MalformedResponseError(`${title} sent an answer that is not JSON (${body.length} bytes)`);
  }
}

/** More digits than a double holds exactly: such an id (a 20-digit TaskId, say) must stay text. */
const LONG_INTEGER = /\d{16}/;

/**
 * The JSON text with every integer of 16 digits or more outside strings quoted, so that `JSON.parse`
 * keeps it whole: ids are strings end to end. Fractions and exponents are left as numbers.
 */
export function quoteLongIntegers(text: string): string {
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    const minus = c === 0x2d;
    if (!minus && (c < 0x30 || c > 0x39)) continue;
    let end = minus ? i + 1 : i;
    while (end < text.length && text.charCodeAt(end) >= 0x30 && text.charCodeAt(end) <= 0x39) end++;
    const digits = end - (minus ? i + 1 : i);
    const next = text[end];
    if (digits >= 16 && next !== '.' && next !== 'e' && next !== 'E') {
      out += `${text.slice(from, i)}"${text.slice(i, end)}"`;
      from = end;
    }
    i = end - 1;
  }
  return from === 0 ? text : out + text.slice(from);
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
