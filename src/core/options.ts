import { API_DESCRIPTORS, API_NAMES, ApiDescriptor, FilterKey } from './model';
import {
  DurationLimit,
  OPTIONS,
  OptionKey,
  OptionSpec,
  TaskCommandName,
  TerraformType,
  AttributeSpec,
} from './option-schema';

/** What the option schema (option-schema.ts) says, in the forms each surface reads. */

export { OPTIONS };
export type {
  AttributeSpec,
  DurationLimit,
  HelpSpec,
  OptionKind,
  OptionKey,
  OptionSpec,
  TaskCommandName,
  TerraformType,
} from './option-schema';

/** Every option as an OptionSpec, for code that walks them all. */
export const OPTION_SPECS: Readonly<Record<OptionKey, OptionSpec>> = OPTIONS;
/** Every key, in the order help, keys and schemas list them. */
export const OPTION_KEYS = Object.keys(OPTIONS) as OptionKey[];

export function isOptionKey(key: string): key is OptionKey {
  return Object.prototype.hasOwnProperty.call(OPTIONS, key);
}

/** Keys whose value is a list (repeatable flags, comma-separated strings, list props and attributes). */
export const LIST_KEYS: ReadonlySet<OptionKey> = new Set(
  OPTION_KEYS.filter((key) => OPTION_SPECS[key].type.kind === 'list'),
);

/** Which option keys each task-list command accepts. */
export const KEYS_BY_COMMAND: Readonly<Record<TaskCommandName, ReadonlySet<OptionKey>>> = {
  list: keysOf('list'),
  wait: keysOf('wait'),
  check: keysOf('check'),
};

function keysOf(command: TaskCommandName): ReadonlySet<OptionKey> {
  return new Set(OPTION_KEYS.filter((key) => OPTION_SPECS[key].commands.includes(command)));
}

/** The default of each option that has one (`timeout` is a wait's; a read's is READ_TIMEOUT). */
export const DEFAULTS: Readonly<Partial<Record<OptionKey, string>>> = Object.fromEntries(
  OPTION_KEYS.flatMap((key) => {
    const type = OPTION_SPECS[key].type;
    return 'default' in type && type.default !== undefined ? [[key, type.default]] : [];
  }),
);
/** `--timeout` of list and check, and of a provider read without `wait`: one read, not a wait. */
export const READ_TIMEOUT = '5m';

export type DurationKey = {
  [K in OptionKey]: (typeof OPTIONS)[K]['type'] extends { kind: 'duration' } ? K : never;
}[OptionKey];

/**
 * The longest value each duration option takes. Beyond them a value is a mistake (a wait of months, a
 * poll a day apart); the timers themselves never overflow (the clock sleeps in steps Node can hold).
 */
export function durationLimit(key: DurationKey): DurationLimit {
  return (OPTION_SPECS[key].type as { max: DurationLimit }).max;
}

/** Where a Terraform type holds an option; undefined when it is not one of its arguments. */
export function attributeOf(type: TerraformType, key: OptionKey): AttributeSpec | undefined {
  const spec = OPTION_SPECS[key].attributes[type];
  if (spec === undefined) return undefined;
  return spec.path.length === 0 ? { ...spec, path: [key] } : spec;
}

/** Every option a Terraform type takes, with where it lives. */
export function attributesOf(type: TerraformType): [OptionKey, AttributeSpec][] {
  return OPTION_KEYS.flatMap((key) => {
    const spec = attributeOf(type, key);
    return spec ? [[key, spec] as [OptionKey, AttributeSpec]] : [];
  });
}

/** Which APIs take a filter, from their descriptors: "", " (not tencent-cdb)" or " (tencent-cdb only)". */
export function supportNote(key: OptionKey): string {
  const refuse = API_NAMES.filter(
    (name) => (API_DESCRIPTORS[name] as ApiDescriptor).unsupported[key as FilterKey] !== undefined,
  );
  const take = API_NAMES.filter((name) => !refuse.includes(name));
  if (refuse.length === 0) return '';
  return take.length === 1 ? ` (${take[0]} only)` : ` (not ${refuse.join(', ')})`;
}

/** An option's description, with which APIs take it. */
export function describeOption(key: OptionKey, type?: TerraformType): string {
  const own = type === undefined ? undefined : OPTION_SPECS[key].attributes[type]?.description;
  if (own !== undefined) return own;
  const text = OPTION_SPECS[key].description;
  const note = supportNote(key);
  return note === '' ? text : `${text.replace(/\.$/, '')}${note}.`;
}

/** A variable is named after its flag: `--task-type` is `TASKGATE_TASK_TYPE`. */
export function envNameForFlag(flag: string): string {
  return `TASKGATE_${flag.toUpperCase().replace(/-/g, '_')}`;
}

/** `instance_id` -> `TASKGATE_INSTANCE_ID`, `task_types` -> `TASKGATE_TASK_TYPE`. */
export function envNameFor(key: OptionKey): string {
  return envNameForFlag(OPTION_SPECS[key].flag);
}

/** Names read before every variable was named after its flag; still accepted so that existing jobs keep working. */
export const LEGACY_ENV_NAMES: Readonly<Partial<Record<OptionKey, string>>> = Object.fromEntries(
  OPTION_KEYS.flatMap((key) => {
    const legacy = OPTION_SPECS[key].legacyVariable;
    return legacy === undefined ? [] : [[key, legacy]];
  }),
);

/** Where an option was given, which decides how a message names it. */
export type Surface = 'flag' | 'variable' | 'query' | 'prop' | 'attribute';

/** Names an option in a message, in the words of the surface the user wrote it in. */
export type Labeler = (key: OptionKey) => string;

export const LABELLERS: Readonly<Record<Surface, Labeler>> = {
  flag: (key) => `--${OPTION_SPECS[key].flag}`,
  variable: (key) => envNameFor(key),
  query: (key) => `query key "${key}"`,
  prop: (key) => OPTION_SPECS[key].prop ?? key,
  attribute: (key) => key,
};

/** Names an option as a Terraform type's configuration spells it: `max_age`, `wait.timeout`, `timeouts.create`. */
export function attributeLabeller(type: TerraformType): Labeler {
  return (key) => (attributeOf(type, key)?.path ?? [key]).join('.');
}
