import { parseArgs } from 'node:util';
import { InvalidInputError } from '../errors';
import { LIST_KEYS, QUERY_KEYS, QueryKey, envNameFor, isQueryKey } from './query-keys';

export const COMMANDS = ['list', 'wait', 'check', 'external', 'emulator'] as const;
export type CommandName = (typeof COMMANDS)[number];

/** The raw values of one invocation, by query key, before validation. Lists are already split. */
export type RawOptions = Partial<Record<QueryKey, string | string[]>>;

/** Which query keys each task-list command accepts (beyond the filters and connection options). */
const FILTER_KEYS: readonly QueryKey[] = [
  'instance_id',
  'instance_name',
  'task_types',
  'statuses',
  'started_after',
  'started_before',
  'task_id',
  'async_request_id',
];
const CONNECTION_KEYS: readonly QueryKey[] = ['api', 'region', 'project_id', 'endpoint', 'request_timeout'];
export const KEYS_BY_COMMAND: Record<'list' | 'wait' | 'check', ReadonlySet<QueryKey>> = {
  list: new Set([...CONNECTION_KEYS, ...FILTER_KEYS]),
  wait: new Set([
    ...CONNECTION_KEYS,
    ...FILTER_KEYS,
    'select',
    'until',
    'timeout',
    'poll_interval',
    'appear_timeout',
  ]),
  check: new Set([...CONNECTION_KEYS, ...FILTER_KEYS, 'select', 'expect', 'max_age']),
};

/** How an option is named in messages: `--max-age` on the command line, `max_age` in an external query. */
export type Labeler = (key: QueryKey) => string;
export const flagLabel: Labeler = (key) => `--${QUERY_KEYS[key]}`;
export const queryLabel: Labeler = (key) => `query key "${key}"`;

const VALUE_FLAGS = Object.fromEntries(
  (Object.keys(QUERY_KEYS) as QueryKey[])
    .filter((key) => key !== 'command')
    .map((key) => [QUERY_KEYS[key], { type: 'string' as const, multiple: LIST_KEYS.has(key) }]),
);

export interface ParsedCommandLine {
  readonly command?: string;
  readonly raw: RawOptions;
  readonly output?: string;
  readonly quiet: boolean;
  readonly help: boolean;
  readonly version: boolean;
  readonly port?: string;
  readonly scenario?: string;
}

function splitList(values: readonly string[]): string[] {
  return values
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

/** Parses argv (without node and script) with util.parseArgs; unknown flags are exit 2. */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        ...VALUE_FLAGS,
        output: { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        port: { type: 'string' },
        scenario: { type: 'string' },
      },
    });
  } catch (error) {
    // util.parseArgs explains positional escapes at length: its first sentence is the point.
    const first = (error as Error).message.split('\n')[0].split('. ')[0].replace(/\.$/, '');
    const message = first.charAt(0).toLowerCase() + first.slice(1);
    throw new InvalidInputError(`${message}; run "taskgate --help" for usage.`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) {
    throw new InvalidInputError(
      `unexpected argument "${positionals[1]}"; options are flags such as --instance-id ID (see "taskgate --help").`,
    );
  }
  const raw: RawOptions = {};
  for (const key of Object.keys(QUERY_KEYS) as QueryKey[]) {
    const value = (values as Record<string, string | string[] | undefined>)[QUERY_KEYS[key]];
    if (value === undefined) continue;
    raw[key] = Array.isArray(value) ? splitList(value) : value;
  }
  const get = (name: string) => (values as Record<string, unknown>)[name];
  return {
    command: positionals[0],
    raw,
    output: get('output') as string | undefined,
    quiet: Boolean(get('quiet')),
    help: Boolean(get('help')),
    version: Boolean(get('version')),
    port: get('port') as string | undefined,
    scenario: get('scenario') as string | undefined,
  };
}

/** Adds TASKGATE_* environment values for the keys a command takes and the flags left unset. Empty means unset. */
export function withEnvironment(
  raw: RawOptions,
  keys: ReadonlySet<QueryKey>,
  env: NodeJS.ProcessEnv,
): RawOptions {
  const merged: RawOptions = { ...raw };
  for (const key of keys) {
    if (merged[key] !== undefined) continue;
    const value = env[envNameFor(key)];
    if (value === undefined || value.trim() === '') continue;
    merged[key] = LIST_KEYS.has(key) ? splitList([value]) : value;
  }
  return merged;
}

/** Refuses options the command does not take, naming them. */
export function checkKeysFor(
  command: 'list' | 'wait' | 'check',
  raw: RawOptions,
  label: Labeler,
  keys: ReadonlySet<QueryKey> = KEYS_BY_COMMAND[command],
): void {
  for (const key of Object.keys(raw) as QueryKey[]) {
    if (key === 'command' || keys.has(key)) continue;
    throw new InvalidInputError(
      `${label(key)} is not an option of "${command}"; see "taskgate ${command} --help".`,
    );
  }
}

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
    if (!isQueryKey(key)) {
      throw new InvalidInputError(
        `unknown query key "${key}"; valid keys are ${Object.keys(QUERY_KEYS).join(', ')}.`,
      );
    }
    if (typeof value !== 'string') {
      throw new InvalidInputError(
        `query key "${key}" must be a string, as Terraform's external data source sends.`,
      );
    }
    if (value.trim() === '') continue;
    raw[key] = LIST_KEYS.has(key) ? splitList([value]) : value;
  }
  return raw;
}
