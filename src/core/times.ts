import { oneLine } from './text';
import { InvalidInputError, MalformedResponseError } from './errors';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/i;

function instant(parts: string[], fraction: string | undefined, offsetMinutes: number): Date | undefined {
  const [y, mo, d, h, mi, s] = parts.map(Number);
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  // Date.UTC reads years 0-99 as 1900-1999; setUTCFullYear takes the year as given.
  const check = new Date(0);
  check.setUTCFullYear(y, mo - 1, d);
  check.setUTCHours(h, mi, s, 0);
  const utc = check.getTime();
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return undefined;
  const ms = fraction ? Math.floor(Number(`0${fraction}`) * 1000) : 0;
  return new Date(utc + ms - offsetMinutes * 60_000);
}

/** An offset in minutes, or undefined beyond what a zone can be (±18:00, as java.time bounds it). */
function offsetOf(zone: string): number | undefined {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4));
  if (minutes > 59 || hours * 60 + minutes > 18 * 60) return undefined;
  return sign * (hours * 60 + minutes);
}

/** Reads an ISO 8601 time with an offset (`Z`, `+08:00` or `+0800`); undefined when it is not one. */
export function parseIsoWithOffset(value: string): Date | undefined {
  const m = ISO.exec(value.trim());
  const offset = m ? offsetOf(m[8]) : undefined;
  if (!m || offset === undefined) return undefined;
  return instant(m.slice(1, 7), m[7], offset);
}

/** Reads a vendor `YYYY-MM-DD HH:mm:ss` time in the given zone; undefined when it is not one. */
export function parseLocal(value: string, zoneOffsetMinutes: number): Date | undefined {
  const m = LOCAL.exec(value.trim());
  if (!m) return undefined;
  return instant(m.slice(1, 7), undefined, zoneOffsetMinutes);
}

/**
 * Reads a user's TIME (CONTRACT section 3): ISO 8601 with an offset, or the vendors'
 * `YYYY-MM-DD HH:mm:ss` read in the API's zone. `what` names the option in the error.
 */
export function parseUserTime(value: string, zoneOffsetMinutes: number, what: string): Date {
  const parsed = parseIsoWithOffset(value) ?? parseLocal(value, zoneOffsetMinutes);
  if (!parsed) {
    throw new InvalidInputError(
      `${what}: "${oneLine(value, 64)}" is not a time; use ISO 8601 with an offset (2017-02-08T16:46:34+08:00) or "YYYY-MM-DD HH:mm:ss".`,
    );
  }
  // The API reads its times in its own zone, as four-digit years: an offset may push one past them.
  const year = shifted(parsed, zoneOffsetMinutes).getUTCFullYear();
  if (year < 0 || year > 9999) {
    throw new InvalidInputError(
      `${what}: "${oneLine(value, 64)}" falls outside the years 0000-9999 in the API's zone (UTC${offsetText(zoneOffsetMinutes)}).`,
    );
  }
  return parsed;
}

/**
 * Reads a time from an API answer. Empty values and Tencent's `0000-00-00 00:00:00` mean "not yet"
 * and give null; anything else unreadable is a malformed answer.
 */
export function parseApiTime(value: unknown, zoneOffsetMinutes: number, field: string): Date | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw new MalformedResponseError(`the API sent a non-string ${field}`);
  const text = value.trim();
  if (text === '' || text.startsWith('0000-00-00')) return null;
  const parsed = parseLocal(text, zoneOffsetMinutes) ?? parseIsoWithOffset(text);
  if (!parsed) throw new MalformedResponseError(`the API sent an unreadable ${field} "${oneLine(text, 40)}"`);
  return parsed;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function shifted(date: Date, zoneOffsetMinutes: number): Date {
  return new Date(date.getTime() + zoneOffsetMinutes * 60_000);
}

/** `+08:00`: an offset as ISO 8601 writes it. */
function offsetText(zoneOffsetMinutes: number): string {
  const abs = Math.abs(zoneOffsetMinutes);
  return `${zoneOffsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Four digits (`0099`), or ISO 8601's expanded form (`-000001`, `+010000`) beyond them. */
function yearText(year: number): string {
  if (year >= 0 && year <= 9999) return pad(year, 4);
  return `${year < 0 ? '-' : '+'}${pad(Math.abs(year), 6)}`;
}

/** The date and the time of day in the given zone: `2017-02-08`, `16:46:34`. */
function dateAndTime(date: Date, zoneOffsetMinutes: number): [string, string] {
  const d = shifted(date, zoneOffsetMinutes);
  return [
    `${yearText(d.getUTCFullYear())}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
  ];
}

/** `2017-02-08T16:46:34+08:00`: ISO 8601 in the given zone, with its offset. */
export function formatIso(date: Date, zoneOffsetMinutes: number): string {
  const [day, time] = dateAndTime(date, zoneOffsetMinutes);
  return `${day}T${time}${offsetText(zoneOffsetMinutes)}`;
}

/** `2017-02-08 16:46:34` in the given zone: the vendors' own request format. */
export function formatLocal(date: Date, zoneOffsetMinutes: number): string {
  return dateAndTime(date, zoneOffsetMinutes).join(' ');
}
