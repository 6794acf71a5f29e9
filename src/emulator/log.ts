import { ApiName } from '../core/model';
import { LIMITS } from './limits';

/** One line of the request log. Parameters never include signatures, tokens, keys or key ids. */
export interface RequestLogEntry {
  readonly seq: number;
  /** Wall-clock epoch ms when the request arrived (back-off shows here). */
  readonly at: number;
  /** The timeline clock, ISO. */
  readonly clock: string;
  readonly api?: ApiName;
  readonly action?: string;
  readonly params?: Record<string, unknown>;
  readonly status: number;
  /** `ok`, `refused: <reason>`, or `fault: <kind>`. */
  readonly outcome: string;
}

// Parameter names that carry credentials in any API (or a client's mistake).
const CREDENTIAL_NAME = /secret|signature|token|authori[sz]ation|password|credential|access.?key|^ak$|^sk$/i;
const REDACTED = '(redacted)';
const MORE = '…';

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}${MORE}` : text);

/**
 * The parameters as the log keeps them: no credential-named parameter, no value that holds one of the
 * `known` secrets (every key, key id and token the emulator accepts or issued), every string clipped,
 * nesting and size bounded.
 */
export function loggableParams(
  params: Record<string, unknown>,
  known: readonly string[],
): Record<string, unknown> {
  const value = (item: unknown, depth: number): unknown => {
    if (typeof item === 'string') {
      return known.some((secret) => item.includes(secret)) ? REDACTED : clip(item, LIMITS.logValueChars);
    }
    if (item === null || typeof item === 'number' || typeof item === 'boolean') return item;
    if (depth >= 2 || typeof item !== 'object') return MORE;
    if (Array.isArray(item)) {
      const kept = item.slice(0, LIMITS.logItems).map((entry) => value(entry, depth + 1));
      return item.length > kept.length ? [...kept, MORE] : kept;
    }
    return object(item as Record<string, unknown>, depth + 1);
  };
  const object = (item: Record<string, unknown>, depth: number): Record<string, unknown> => {
    const kept: Record<string, unknown> = {};
    let size = 2;
    for (const [name, entry] of Object.entries(item)) {
      if (CREDENTIAL_NAME.test(name)) continue;
      const key = clip(name, LIMITS.logValueChars);
      const logged = value(entry, depth);
      size += JSON.stringify(key).length + JSON.stringify(logged).length + 2;
      if (size > LIMITS.logParamsChars || Object.keys(kept).length >= LIMITS.logItems) {
        kept[MORE] = 'more parameters not logged';
        break;
      }
      kept[key] = logged;
    }
    return kept;
  };
  return object(params, 0);
}

/* eslint-disable no-control-regex -- finding control characters is the point */
// Terminal escape sequences (CSI, OSC, DCS/SOS/PM/APC strings, two-byte escapes, 8-bit CSI) ...
const ESCAPE_SEQUENCE =
  /\u001b\[[0-?]*[ -/]*[@-~]?|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[PX^_][^\u001b]*(?:\u001b\\)?|\u001b[ -~]?|\u009b[0-?]*[ -/]*[@-~]?/g;
// ... and what is left that a terminal would act on: C0, DEL, C1, line and paragraph separators, bidi controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/* eslint-enable no-control-regex */

/** A log line safe for a terminal: escape sequences and control characters gone, one line, bounded. */
function terminalLine(text: string): string {
  const plain = text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, ' ').replace(/ {2,}/g, ' ').trim();
  return clip(plain, LIMITS.logLineChars);
}

/** The last LIMITS.logEntries requests; `seq` keeps counting across trims and resets. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  constructor(
    private readonly sink?: (line: string) => void,
    private readonly maxEntries: number = LIMITS.logEntries,
  ) {}

  record(entry: Omit<RequestLogEntry, 'seq' | 'at' | 'clock'>, clockNow: number): void {
    const full: RequestLogEntry = {
      seq: ++this.seq,
      at: Date.now(),
      clock: new Date(clockNow).toISOString(),
      ...entry,
      outcome: clip(entry.outcome, LIMITS.logValueChars),
    };
    this.entries.push(full);
    if (this.entries.length > this.maxEntries) this.entries.splice(0, this.entries.length - this.maxEntries);
    if (!this.sink) return;
    const params = full.params && Object.keys(full.params).length > 0 ? JSON.stringify(full.params) : '';
    const line = `${full.clock} ${full.api ?? '-'} ${full.action ?? ''} ${params} ${full.status} ${full.outcome}`;
    try {
      this.sink(terminalLine(line));
    } catch {
      // A broken log sink must not break the request it reports.
    }
  }

  list(): readonly RequestLogEntry[] {
    return this.entries;
  }

  clear(): void {
    this.entries.length = 0;
  }
}
