import { InvalidInputError } from './errors';

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;

/** True when `value` is a Go/Terraform duration (`90s`, `10m`, `1h30m`, `0`). */
export function isDuration(value: string): boolean {
  return value === '0' || DURATION.test(value);
}

/** Parses a Go/Terraform style duration into milliseconds; `what` names the option in the error. */
export function parseDuration(value: string, what: string): number {
  const text = value.trim();
  if (!isDuration(text)) {
    throw new InvalidInputError(
      `${what}: "${value}" is not a duration; use Go/Terraform style such as 90s, 10m or 1h30m.`,
    );
  }
  let total = 0;
  for (const match of text.matchAll(PART)) total += Number(match[1]) * UNIT_MS[match[2]];
  return Math.round(total);
}

/** Formats milliseconds for people: `1h2m3s`, `45s`, `1.5s`, `250ms`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  if (ms < 10_000) return `${(Math.round(ms / 100) / 10).toString()}s`;
  let seconds = Math.round(ms / 1000);
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  return `${hours ? `${hours}h` : ''}${hours || minutes ? `${minutes}m` : ''}${seconds}s`;
}
