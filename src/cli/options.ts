import { parseArgs } from 'node:util';
import { InvalidInputError } from '../core/errors';
import { quoted } from '../core/text';
import { RawOptions, shownEndpoint } from '../validation';
import { didYouMean } from './suggest';
import {
  KEYS_BY_COMMAND,
  LABELLERS,
  LEGACY_ENV_NAMES,
  LIST_KEYS,
  Labeler,
  OPTIONS,
  OptionKey,
  TaskCommandName,
  envNameFor,
  envNameForFlag,
  isOptionKey,
} from '../core/options';

export const COMMANDS = ['list', 'wait', 'check', 'external', 'emulator', 'provider'] as const;
export type CommandName = (typeof COMMANDS)[number];
export type { TaskCommandName } from '../core/options';
export { KEYS_BY_COMMAND };

/** Value options that are not query keys, and the boolean switches with their short forms. */
const OTHER_VALUE_FLAGS = ['output', 'port', 'scenario', 'dir', 'platform'] as const;
const SWITCHES = { quiet: 'q', help: 'h', version: 'v' } as const;
/** Switches with no short form. */
const LONG_SWITCHES = ['tls', 'native'] as const;

const QUERY_FLAGS = (Object.keys(OPTIONS) as OptionKey[])
  .filter((key) => key !== 'command')
  .map((key) => OPTIONS[key].flag as string);
const VALUE_FLAGS: ReadonlySet<string> = new Set([...QUERY_FLAGS, ...OTHER_VALUE_FLAGS]);
const REPEATABLE_FLAGS: ReadonlySet<string> = new Set([
  ...[...LIST_KEYS].map((key) => OPTIONS[key].flag as string),
  'platform',
]);
const ALL_FLAGS = [...VALUE_FLAGS, ...Object.keys(SWITCHES), ...LONG_SWITCHES];
const SHORT_FLAGS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(SWITCHES).map(([name, short]) => [short, name]),
);

/**
 * Every TASKGATE_* variable the CLI reads, each named after its flag (TASKGATE_DEBUG aside). Any other
 * TASKGATE_* variable is a mistake: a CI job with a one-letter slip must not run an unfiltered gate.
 */
export const KNOWN_VARIABLES: ReadonlySet<string> = new Set([
  ...QUERY_FLAGS.map(envNameForFlag),
  ...Object.values(LEGACY_ENV_NAMES),
  envNameForFlag('output'),
  envNameForFlag('quiet'),
  'TASKGATE_DEBUG',
  // Tests and the emulator: the base URL of both clouds' instance metadata services (loopback only).
  'TASKGATE_METADATA_ENDPOINT',
]);

export interface ParsedCommandLine {
  readonly command?: string;
  /** `taskgate provider install`: the word after a command that takes one. */
  readonly subcommand?: string;
  /** `taskgate help wait`: the command whose help is asked for. */
  readonly topic?: string;
  readonly raw: RawOptions;
  readonly output?: string;
  readonly quiet: boolean;
  readonly help: boolean;
  readonly version: boolean;
  readonly port?: string;
  readonly scenario?: string;
  /** `taskgate emulator --tls`: serve HTTPS. */
  readonly tls: boolean;
  readonly dir?: string;
  /** `--platform`, every value given (repeatable or comma-separated). */
  readonly platforms?: readonly string[];
  /** `taskgate provider install --native`: the self-contained executables instead of the JavaScript file. */
  readonly native: boolean;
}

/** Commands that take a subcommand: `taskgate provider install`. */
const WITH_SUBCOMMAND: ReadonlySet<string> = new Set(['provider']);

/**
 * Comma-separated values, trimmed. An empty one (`" , "`, `"a,,b"`, a trailing comma) is refused by
 * name: dropping it could leave no value at all, and a filter that reads as none matches every task.
 */
function splitList(values: readonly string[], what: string): string[] {
  const items = values.map((value) => value.split(',').map((item) => item.trim()));
  const index = items.findIndex((list) => list.includes(''));
  if (index !== -1) {
    throw new InvalidInputError(
      `${what} holds an empty value ("${shown(values[index])}"); give values separated by commas, or leave it out.`,
    );
  }
  return items.flat();
}

/** User input inside a message: bounded, with control characters escaped. */
export function shown(text: string): string {
  return quoted(text).slice(1, -1);
}

/** A word that is an option rather than a value (`-5s` is a value: a negative duration, refused later). */
function looksLikeOption(word: string): boolean {
  return /^--?[A-Za-z]/.test(word);
}

/**
 * Checks argv word by word before util.parseArgs sees it, so that each mistake gets its own clear line:
 * unknown options (with the nearest known one), missing or empty values, an option given twice. Values
 * are joined to their flag (`--timeout=-5s`), so a value that starts with a dash is taken as a value.
 */
function normalizeArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (word.startsWith('--')) {
      const equals = word.indexOf('=');
      const flag = equals === -1 ? word.slice(2) : word.slice(2, equals);
      if (!ALL_FLAGS.includes(flag)) {
        throw new InvalidInputError(
          `unknown option --${shown(flag)}${didYouMean(
            `--${flag}`,
            ALL_FLAGS.map((name) => `--${name}`),
          )}` + '; see "taskgate --help".',
        );
      }
      if (!VALUE_FLAGS.has(flag)) {
        if (equals !== -1) throw new InvalidInputError(`--${flag} takes no value.`);
        out.push(word);
        continue;
      }
      let value: string;
      if (equals !== -1) value = word.slice(equals + 1);
      else {
        const next = argv[i + 1];
        if (next === undefined || looksLikeOption(next)) {
          throw new InvalidInputError(`--${flag} needs a value (see "taskgate --help").`);
        }
        value = next;
        i++;
      }
      if (value.trim() === '') {
        throw new InvalidInputError(`--${flag} is empty; give it a value or leave it out.`);
      }
      if (seen.has(flag) && !REPEATABLE_FLAGS.has(flag)) {
        throw new InvalidInputError(`--${flag} is given twice; give it once.`);
      }
      seen.add(flag);
      out.push(`--${flag}=${value}`);
      continue;
    }
    if (word.startsWith('-') && word.length > 1) {
      // Switches may be grouped: -qh.
      if (![...word.slice(1)].every((letter) => letter in SHORT_FLAGS)) {
        throw new InvalidInputError(
          `unknown option ${shown(word)}${didYouMean(
            word,
            ALL_FLAGS.map((name) => `--${name}`),
          )}` + '; see "taskgate --help".',
        );
      }
    }
    out.push(word);
  }
  return out;
}

/** Parses argv (without node and script); every mistake is exit 2 with one line. */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  let parsed;
  try {
    parsed = parseArgs({
      args: normalizeArgv(argv),
      allowPositionals: true,
      strict: true,
      options: {
        ...Object.fromEntries(
          [...VALUE_FLAGS].map((flag) => [
            flag,
            { type: 'string' as const, multiple: REPEATABLE_FLAGS.has(flag) },
          ]),
        ),
        ...Object.fromEntries(
          Object.entries(SWITCHES).map(([name, short]) => [name, { type: 'boolean' as const, short }]),
        ),
        ...Object.fromEntries(LONG_SWITCHES.map((name) => [name, { type: 'boolean' as const }])),
      },
    });
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    // util.parseArgs explains positional escapes at length: its first sentence is the point.
    const first = (error as Error).message.split('\n')[0].split('. ')[0].replace(/\.$/, '');
    const message = first.charAt(0).toLowerCase() + first.slice(1);
    throw new InvalidInputError(`${message}; run "taskgate --help" for usage.`);
  }
  const { values, positionals } = parsed;
  const isHelp = positionals[0] === 'help';
  const words = isHelp ? positionals.slice(1) : positionals;
  const allowed = WITH_SUBCOMMAND.has(words[0]) ? 2 : 1;
  if (words.length > allowed) {
    throw new InvalidInputError(
      // Shown as an endpoint would be: a pasted URL loses its user:password@.
      `unexpected argument ${shownEndpoint(words[allowed])}; options are flags such as --instance-id ID (see "taskgate --help").`,
    );
  }
  const raw: RawOptions = {};
  for (const key of Object.keys(OPTIONS) as OptionKey[]) {
    const value = (values as Record<string, string | string[] | undefined>)[OPTIONS[key].flag];
    if (value === undefined) continue;
    raw[key] = Array.isArray(value) ? splitList(value, LABELLERS.flag(key)) : value;
  }
  const get = (name: string) => (values as Record<string, unknown>)[name];
  return {
    command: words[0],
    subcommand: words[1],
    topic: isHelp ? (words[0] ?? '') : undefined,
    raw,
    output: get('output') as string | undefined,
    quiet: Boolean(get('quiet')),
    help: isHelp || Boolean(get('help')),
    version: Boolean(get('version')),
    port: get('port') as string | undefined,
    scenario: get('scenario') as string | undefined,
    tls: Boolean(get('tls')),
    dir: get('dir') as string | undefined,
    platforms:
      get('platform') === undefined ? undefined : splitList(get('platform') as string[], '--platform'),
    native: Boolean(get('native')),
  };
}

/** Refuses TASKGATE_* variables that taskgate does not read, naming the nearest one it does. */
export function checkVariables(env: NodeJS.ProcessEnv): void {
  for (const name of Object.keys(env)) {
    if (!name.startsWith('TASKGATE_') || KNOWN_VARIABLES.has(name)) continue;
    throw new InvalidInputError(
      `${name} is not a taskgate variable${didYouMean(name, KNOWN_VARIABLES)}; ` +
        'variables are named after their flag (TASKGATE_INSTANCE_ID for --instance-id).',
    );
  }
}

/** Options after TASKGATE_* variables were added, and a labeller that names each option where it came from. */
export interface MergedOptions {
  readonly raw: RawOptions;
  readonly label: Labeler;
}

/**
 * Adds TASKGATE_* values for the keys a command takes and the flags left unset (a flag wins; an empty
 * variable is unset). Messages about a value that came from a variable name the variable.
 */
export function withEnvironment(
  raw: RawOptions,
  keys: ReadonlySet<OptionKey>,
  env: NodeJS.ProcessEnv,
): MergedOptions {
  const merged: RawOptions = { ...raw };
  const fromVariable = new Map<OptionKey, string>();
  for (const key of keys) {
    if (merged[key] !== undefined) continue;
    const names = [envNameFor(key), LEGACY_ENV_NAMES[key]].filter(
      (name): name is string => name !== undefined && (env[name] ?? '').trim() !== '',
    );
    if (names.length === 0) continue;
    if (names.length > 1 && env[names[0]] !== env[names[1]]) {
      throw new InvalidInputError(`${names[0]} and ${names[1]} are both set, to different values; set one.`);
    }
    const value = env[names[0]] as string;
    merged[key] = LIST_KEYS.has(key) ? splitList([value], names[0]) : value;
    fromVariable.set(key, names[0]);
  }
  return { raw: merged, label: (key) => fromVariable.get(key) ?? LABELLERS.flag(key) };
}

/** `--output`, or TASKGATE_OUTPUT when the flag is not given. */
export function outputOption(
  parsed: ParsedCommandLine,
  env: NodeJS.ProcessEnv,
): { value?: string; label: string } {
  if (parsed.output !== undefined) return { value: parsed.output, label: '--output' };
  const variable = env.TASKGATE_OUTPUT?.trim();
  return { value: variable === '' ? undefined : variable, label: 'TASKGATE_OUTPUT' };
}

/** `--quiet`, or TASKGATE_QUIET (1/true or 0/false) when the flag is not given. */
export function quietOption(parsed: ParsedCommandLine, env: NodeJS.ProcessEnv): boolean {
  if (parsed.quiet) return true;
  const value = env.TASKGATE_QUIET?.trim().toLowerCase();
  if (value === undefined || value === '' || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new InvalidInputError(`TASKGATE_QUIET must be 1, true, 0 or false, not "${env.TASKGATE_QUIET}".`);
}

/** Refuses options the command does not take, naming them. */
export function checkKeysFor(
  command: TaskCommandName,
  raw: RawOptions,
  label: Labeler,
  keys: ReadonlySet<OptionKey> = KEYS_BY_COMMAND[command],
): void {
  for (const key of Object.keys(raw) as OptionKey[]) {
    if (key === 'command' || keys.has(key)) continue;
    throw new InvalidInputError(
      `${label(key)} is not an option of "${command}"; see "taskgate ${command} --help".`,
    );
  }
}

/** The most Terraform sends as a query: a few kilobytes in practice; anything near this is a mistake. */
export const MAX_QUERY_BYTES = 64 * 1024;

/**
 * Reads an external-program query (CONTRACT section 6): a JSON object of strings. Empty strings are
 * unset; unknown keys and non-string values are errors naming the key.
 */
export function parseExternalQuery(text: string): RawOptions {
  let query: unknown;
  try {
    query = JSON.parse(text === '' ? '{}' : text);
  } catch {
    throw new InvalidInputError(
      'the query on stdin is not JSON; Terraform sends the data source\'s "query" map.',
    );
  }
  if (typeof query !== 'object' || query === null || Array.isArray(query)) {
    throw new InvalidInputError('the query on stdin must be a JSON object of strings.');
  }
  const raw: RawOptions = {};
  for (const [key, value] of Object.entries(query as Record<string, unknown>)) {
    if (!isOptionKey(key)) {
      throw new InvalidInputError(
        `unknown query key ${JSON.stringify(key.slice(0, 64))}${didYouMean(key, Object.keys(OPTIONS))}; valid keys are ${Object.keys(OPTIONS).join(', ')}.`,
      );
    }
    if (typeof value !== 'string') {
      throw new InvalidInputError(
        `query key "${key}" must be a string, as Terraform's external data source sends.`,
      );
    }
    if (value.trim() === '') continue;
    raw[key] = LIST_KEYS.has(key) ? splitList([value], LABELLERS.query(key)) : value;
  }
  return raw;
}
