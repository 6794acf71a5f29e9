import { Labeler, OptionKey, RawOptions, isApiName } from './backend';
import { CtyObject, CtyValue, isObject, isUnknown } from './cty';
import { AttributePath, attributePath } from './diagnostics';
import { QUERY_ARGUMENT_NAMES } from './schemas';

/**
 * From a data source's or a gate's configuration to the CLI's raw options (CONTRACT section 6 keys),
 * and back from an option to the attribute that holds it, so that a message names the attribute and
 * a diagnostic points at it.
 */

export type Surface = 'data' | 'gate';

/** Where each query key lives in the configuration, per surface; keys absent here are not arguments. */
const LOCATIONS: Record<Surface, Partial<Record<OptionKey, readonly string[]>>> = {
  data: {
    ...Object.fromEntries(QUERY_ARGUMENT_NAMES.map((name) => [name, [name]])),
    expect: ['expect'],
    max_age: ['max_age'],
    until: ['wait', 'until'],
    timeout: ['wait', 'timeout'],
    poll_interval: ['wait', 'poll_interval'],
    appear_timeout: ['wait', 'appear_timeout'],
  },
  gate: {
    ...Object.fromEntries(QUERY_ARGUMENT_NAMES.map((name) => [name, [name]])),
    until: ['until'],
    poll_interval: ['poll_interval'],
    appear_timeout: ['appear_timeout'],
    timeout: ['timeouts', 'create'],
  },
};

/** Names an option as the configuration spells it: `max_age`, `wait.timeout`, `timeouts.create`. */
export function labelFor(surface: Surface): Labeler {
  return (key) => (LOCATIONS[surface][key] ?? [key]).join('.');
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The attribute a message is about: the first attribute named in it. The provider's `endpoint` lives
 * in the provider block, so a resource's diagnostic cannot point at it.
 */
export function locate(message: string, surface: Surface, config?: CtyObject): AttributePath | undefined {
  let best: { at: number; path: readonly string[] } | undefined;
  for (const path of Object.values(LOCATIONS[surface])) {
    if (!path) continue;
    const match = new RegExp(`(?<![\\w.-])${escape(path.join('.'))}(?![\\w-])`).exec(message);
    if (match && (best === undefined || match.index < best.at)) best = { at: match.index, path };
  }
  if (best) return attributePath(...best.path);
  // An unknown api is named in its message like any option; this catches it when the label differs.
  const api = config?.api;
  if (typeof api === 'string' && !isApiName(api)) return attributePath('api');
  return undefined;
}

/** A query key's value in the configuration; undefined when it is not set. */
function valueAt(config: CtyObject, path: readonly string[]): CtyValue | undefined {
  let value: CtyValue = config;
  for (const name of path) {
    if (isUnknown(value)) return value;
    if (!isObject(value)) return undefined;
    value = value[name] ?? null;
  }
  return value === null ? undefined : value;
}

export interface RawQuery {
  readonly raw: RawOptions;
  /** Keys whose value is not known yet (values from variables or other resources, at validate). */
  readonly unknown: readonly OptionKey[];
}

/**
 * Arguments where "" is the same as leaving them out: they say where the tasks are read (a region or
 * project from a variable whose default is ""), never which tasks, and the environment's value, or
 * the error that one is needed, stands in. Every other "" is refused (emptyArguments).
 */
const EMPTY_MEANS_UNSET: ReadonlySet<OptionKey> = new Set(['region', 'project_id']);

export interface EmptyArgument {
  /** Where it is: attribute names, and the index of a list element. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

const blank = (value: CtyValue) => value === null || (typeof value === 'string' && value.trim() === '');

/**
 * The known arguments that are empty: "" (or blanks), an empty list, an empty or null list element.
 * Read as unset they would unfilter (instance_id = "" would match every instance), so each is an
 * error on its attribute, whatever the API.
 */
export function emptyArguments(config: CtyObject, surface: Surface): EmptyArgument[] {
  const found: EmptyArgument[] = [];
  for (const [key, path] of Object.entries(LOCATIONS[surface]) as [OptionKey, readonly string[]][]) {
    const value = valueAt(config, path);
    if (value === undefined || isUnknown(value) || EMPTY_MEANS_UNSET.has(key)) continue;
    const label = path.join('.');
    if (typeof value === 'string' && blank(value)) {
      found.push({ path, message: `${label} is empty; give it a value or leave it out (null).` });
    } else if (Array.isArray(value)) {
      if (value.length === 0) {
        found.push({
          path,
          message: `${label} is an empty list; give at least one value or leave it out (null).`,
        });
      }
      value.forEach((item, index) => {
        if (!blank(item)) return;
        const what = item === null ? 'null' : 'empty';
        found.push({
          path: [...path, index],
          message: `${label}[${index}] is ${what}; remove it, or leave ${label} out (null).`,
        });
      });
    }
  }
  return found;
}

/**
 * The raw options of a configuration. An empty region or project is unset (EMPTY_MEANS_UNSET); every
 * other empty value was refused before (emptyArguments).
 */
export function rawQuery(config: CtyObject, surface: Surface, endpoint?: string): RawQuery {
  const raw: RawOptions = {};
  const unknown: OptionKey[] = [];
  for (const [key, path] of Object.entries(LOCATIONS[surface]) as [OptionKey, readonly string[]][]) {
    const value = valueAt(config, path);
    if (value === undefined) continue;
    if (isUnknown(value) || (Array.isArray(value) && value.some(isUnknown))) {
      unknown.push(key);
      continue;
    }
    if (typeof value === 'string') {
      if (value !== '') raw[key] = value;
    } else if (Array.isArray(value)) {
      raw[key] = value.filter((item): item is string => typeof item === 'string' && item !== '');
    }
  }
  if (endpoint !== undefined && endpoint !== '') raw.endpoint = endpoint;
  return { raw, unknown };
}

/**
 * A known project id stands in for an unknown one, so that an API without projects refuses it at
 * validate, as it will refuse the real value; every other unknown value is simply left out.
 */
export function withStandIns(query: RawQuery): RawOptions {
  return query.unknown.includes('project_id')
    ? { ...query.raw, project_id: '0123456789abcdef0123456789abcdef' }
    : query.raw;
}
