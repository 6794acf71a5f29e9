import {
  OptionKey,
  Problem,
  RawOptions,
  TerraformType,
  attributeLabeller,
  attributeOf,
  attributesOf,
} from './backend';
import { CtyObject, CtyValue, isObject, isUnknown } from './plugin/cty';
import { AttributePath, attributePath } from './plugin/diagnostics';

/**
 * From a data source's or a gate's configuration to the CLI's raw options (CONTRACT section 6 keys),
 * and back from an option to the attribute that holds it (both from the option schema), so that a
 * message names the attribute and a diagnostic points at it.
 */

/** Names an option as the configuration spells it: `max_age`, `wait.timeout`, `timeouts.create`. */
export const labelFor = attributeLabeller;

/** Where a problem points: its option's attribute, when the Terraform type has one (endpoint is the provider block's). */
export function problemPath(type: TerraformType, problem: Problem): AttributePath | undefined {
  const spec = problem.key === undefined ? undefined : attributeOf(type, problem.key);
  return spec ? attributePath(...spec.path) : undefined;
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
export function emptyArguments(config: CtyObject, type: TerraformType): EmptyArgument[] {
  const found: EmptyArgument[] = [];
  for (const [key, { path }] of attributesOf(type)) {
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
export function rawQuery(config: CtyObject, type: TerraformType, endpoint?: string): RawQuery {
  const raw: RawOptions = {};
  const unknown: OptionKey[] = [];
  for (const [key, { path }] of attributesOf(type)) {
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
