/**
 * Text from a server made safe for a terminal. A leaf module: every layer may import it, it imports
 * nothing. Server text (vendor codes and messages, task fields, headers) is data: it must not move the
 * cursor, retitle the window, reorder a line with bidi overrides, break a one-line message or fill
 * the screen.
 */

/** The bound for one field inside a line: an id, a task type, an instance name, a status. */
export const FIELD_MAX_LENGTH = 200;
/** The bound for a vendor's message inside an error or a reason. */
export const MESSAGE_MAX_LENGTH = 500;
/** The bound for a whole line built from bounded parts (an error message shown again in a retry line). */
export const LINE_MAX_LENGTH = 1000;

/* eslint-disable no-control-regex -- matching control characters is this module's purpose */

/**
 * ECMA-48 escape sequences, removed whole, 7-bit and 8-bit forms:
 * - control strings (OSC `ESC ]`, DCS `ESC P`, SOS `ESC X`, PM `ESC ^`, APC `ESC _`, and C1 0x90,
 *   0x98, 0x9D-0x9F) up to BEL, ST (`ESC \` or 0x9C), the next ESC, or the end of the text, as a
 *   terminal would swallow them;
 * - CSI (`ESC [` or 0x9B), its parameter and intermediate bytes and its final byte;
 * - any other escape: ESC, intermediate bytes, one final byte.
 */
const ESCAPE_SEQUENCE =
  /(?:\x1b[\]P^_X]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?|\x1b[\x20-\x2f]*[\x30-\x7e]?/g;

/**
 * Runs of what is not text on a terminal: C0 controls, DEL, C1 controls, the bidi embeddings,
 * overrides, isolates and marks, the line and paragraph separators, and whitespace (`\s` holds tabs,
 * newlines, NBSP, U+3000, U+FEFF...).
 */
const CONTROL_OR_SPACE_RUN =
  /[\s\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]+/g;
/** The characters JSON leaves raw that a terminal may act on: DEL, C1, bidi controls, U+2028/2029. */
const RAW_IN_JSON = /[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;
/* eslint-enable no-control-regex */

/** A surrogate without its other half (JSON may carry one): not a character, shown as U+FFFD. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/**
 * Server text as one line of plain text: escape sequences removed whole, every other control
 * character (C0, DEL, C1, bidi controls, line separators) and every whitespace run turned into one space, trimmed, and at most `maxLength`
 * UTF-16 units long (cut on a character boundary and ended with `…`).
 */
export function oneLine(text: string, maxLength: number = FIELD_MAX_LENGTH): string {
  const flat = text
    .replace(ESCAPE_SEQUENCE, '')
    .replace(CONTROL_OR_SPACE_RUN, ' ')
    .replace(LONE_SURROGATE, '\ufffd')
    .trim();
  return bound(flat, maxLength);
}

/** Cuts text to at most `maxLength` UTF-16 units, never inside a character (nor an emoji sequence). */
function bound(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  if (maxLength < 1) return '';
  const budget = maxLength - 1;
  let end = 0;
  // A boundary depends on what precedes it and on the one character after it: a window that holds
  // whole characters past the budget finds the text's own boundaries up to the budget.
  for (const { segment } of graphemes.segment(text.slice(0, maxLength + 2))) {
    if (end + segment.length > budget) break;
    end += segment.length;
  }
  // One cluster longer than the budget (a letter under hundreds of combining marks): cut between code points.
  if (end === 0) end = /[\ud800-\udbff]/.test(text[budget - 1] ?? '') ? budget - 1 : budget;
  return `${text.slice(0, end).trimEnd()}…`;
}

/**
 * JSON.stringify, with every character a terminal may act on written as a `\uXXXX` escape: JSON
 * already escapes C0 controls; this adds DEL, C1 controls, bidi controls and U+2028/2029. The text
 * parses back to the same value.
 */
export function jsonForTerminal(value: object): string {
  return escapeRawInJson(JSON.stringify(value));
}

function escapeRawInJson(json: string): string {
  return json.replace(RAW_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A value inside a message: cut to `maxLength` characters, quoted, and escaped as JSON writes it,
 * with the characters a terminal may act on escaped too.
 */
export function quoted(value: string, maxLength = 64): string {
  return escapeRawInJson(JSON.stringify(value.length > maxLength ? `${value.slice(0, maxLength)}…` : value));
}
