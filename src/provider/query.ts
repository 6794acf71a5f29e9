import {
  CredentialCache,
  Clock,
  DEFAULTS,
  InvalidQueryError,
  LINE_MAX_LENGTH,
  OPTION_SPECS,
  OptionKey,
  Problem,
  RawOptions,
  RunContext,
  RunnerEvents,
  TaskOutcome,
  TaskQuery,
  TerraformType,
  attributeLabeller,
  attributeOf,
  attributesOf,
  describeOption,
  formatDuration,
  oneLine,
  resolveQuery,
  summarizeTasks,
  toRecord,
  validateQueryAll,
} from './backend';
import { CtyObject, CtyType, CtyValue, ctyObject, isObject, isUnknown } from './plugin/cty';
import {
  AttributePath,
  Diagnostic,
  attributePath,
  diagnosticForError,
  errorDiagnostic,
} from './plugin/diagnostics';
import { LogFields, Logger } from './plugin/log';
import { AttributeSchema, Schema } from './plugin/schema';

/**
 * What the data source and the gate share: the provider block, the query arguments and result
 * attributes of their schemas, the way from a configuration to the CLI's raw options (CONTRACT
 * section 6 keys) and back from an option to the attribute that holds it (so that a message names
 * the attribute and a diagnostic points at it), the query's checks, its run and its result values.
 * The task logic itself is the CLI's (backend.ts); each type's file decides when it runs.
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

/** The section 4 task record: `progress` a number, the rest strings; any may be null. */
export const TASK_TYPE: CtyType = [
  'object',
  {
    id: 'string',
    type: 'string',
    type_name: 'string',
    instance_id: 'string',
    instance_name: 'string',
    status: 'string',
    status_raw: 'string',
    progress: 'number',
    started_at: 'string',
    ended_at: 'string',
    message: 'string',
  },
];

const optionalString = (description: string): AttributeSchema => ({
  type: 'string',
  optional: true,
  description,
});

/** A Terraform type's arguments that are query options, from the option schema: top-level ones and those of nested blocks. */
export function queryArguments(type: TerraformType): {
  attributes: Record<string, AttributeSchema>;
  blocks: Record<string, Record<string, AttributeSchema>>;
} {
  const attributes: Record<string, AttributeSchema> = {};
  const blocks: Record<string, Record<string, AttributeSchema>> = {};
  for (const [key, { path, defaulted }] of attributesOf(type)) {
    const required = OPTION_SPECS[key].required === true;
    const schema: AttributeSchema = {
      type: OPTION_SPECS[key].type.kind === 'list' ? ['list', 'string'] : 'string',
      ...(required ? { required } : { optional: true }),
      ...(defaulted ? { computed: true, default: DEFAULTS[key] } : {}),
      description: describeOption(key, type),
    };
    const [name, nested] = path;
    if (nested === undefined) attributes[name] = schema;
    else blocks[name] = { ...blocks[name], [nested]: schema };
  }
  return { attributes, blocks };
}

/** The outcome, at the moment it was read. */
export const RESULT_ATTRIBUTES: Readonly<Record<string, AttributeSchema>> = {
  total: { type: 'number', computed: true, description: 'The number of tasks matching the filters.' },
  tasks: {
    type: ['list', TASK_TYPE],
    computed: true,
    description:
      'The tasks, newest first: id, type, type_name (its readable name, where the API defines one), instance_id, instance_name, status (normalized), status_raw, progress (0 to 100), started_at, ended_at (ISO 8601 with offset) and message; any may be null.',
  },
};

export const PROVIDER_SCHEMA: Schema = {
  version: 0,
  block: {
    description:
      'Waits for and asserts on managed-database tasks (Tencent Cloud Redis and CDB, Huawei Cloud RDS). Credentials, regions and the Huawei project come from the environment (TENCENTCLOUD_*, HW_* or HUAWEICLOUD_SDK_*), never from the configuration.',
    attributes: {
      endpoint: optionalString(describeOption('endpoint')),
    },
  },
};

/** Validates the provider block: the endpoint, with the checks every request's endpoint gets. */
export function validateProviderConfig(config: CtyObject): Diagnostic[] {
  const endpoint = config.endpoint;
  if (typeof endpoint !== 'string' || endpoint === '') return [];
  // The endpoint's own checks, whatever the API: no read is configured here.
  const { problems } = validateQueryAll({ endpoint }, () => 'endpoint', { partial: true, unknown: ['api'] });
  return problems.map(({ message }) =>
    errorDiagnostic('Invalid argument', message, attributePath('endpoint')),
  );
}

export interface OperationContext {
  /** Terraform's environment, where credentials, regions and TASKGATE_ENDPOINT are read. */
  readonly env: NodeJS.ProcessEnv;
  /** The provider block's `endpoint`, once configured. */
  readonly endpoint?: string;
  /** The provider block's `endpoint` is set but not known yet (at plan, from a resource not created). */
  readonly endpointUnknown?: boolean;
  /** Aborted when Terraform sends StopProvider (Ctrl-C). */
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** The credential chains of this provider process, shared by its reads and gates. */
  readonly credentialCache?: CredentialCache;
  /** The clock waits and deadlines run on; the system's unless a test gives its own. */
  readonly clock?: Clock;
}

/** When a check runs: `terraform validate` (values may be unknown, no credentials needed) or later. */
export type Phase = 'validate' | 'plan';

/** Each problem of a query on the attribute that holds its option (the option schema's path). */
function problemDiagnostics(type: TerraformType, problems: readonly Problem[]): Diagnostic[] {
  return problems.map((problem) => {
    const path = problemPath(type, problem);
    return errorDiagnostic(path ? 'Invalid argument' : 'Invalid configuration', problem.message, path);
  });
}

export interface CheckedQuery {
  readonly query?: TaskQuery;
  readonly diagnostics: Diagnostic[];
}

/**
 * Validates a configuration with the CLI's own checks, reporting every problem on its attribute, after
 * the type's own `rules`. At validate, the checks that need a value not known yet are skipped, and an
 * unknown `api` defers everything to plan; at plan everything must be known and the real environment
 * is read.
 */
export function checkQuery(
  config: CtyObject,
  type: TerraformType,
  phase: Phase,
  context: OperationContext,
  rules: readonly Diagnostic[] = [],
): CheckedQuery {
  const empty = emptyArguments(config, type).map(({ path, message }) =>
    errorDiagnostic('Invalid argument', message, attributePath(...path)),
  );
  if (empty.length > 0) return { diagnostics: empty };
  const label = labelFor(type);
  const known = rawQuery(config, type);
  // An api not known yet decides what every other value may be: all of it waits for plan.
  if (known.unknown.includes('api')) return { diagnostics: [...rules] };
  // An endpoint not known yet is never TASKGATE_ENDPOINT's or the public host's: nothing is resolved.
  if (phase === 'validate' || known.unknown.length > 0 || context.endpointUnknown) {
    // The configuration alone is judged: the credentials, regions and project that Terraform's
    // environment supplies wait for plan (validate runs in jobs without keys).
    const { problems } = validateQueryAll(known.raw, label, { partial: true, unknown: known.unknown });
    return { diagnostics: [...rules, ...problemDiagnostics(type, problems)] };
  }
  try {
    const query = resolveQuery(rawQuery(config, type, context.endpoint).raw, context.env, label, {
      credentialCache: context.credentialCache,
    });
    return rules.length > 0 ? { diagnostics: [...rules] } : { query, diagnostics: [] };
  } catch (error) {
    const found =
      error instanceof InvalidQueryError
        ? problemDiagnostics(type, error.problems)
        : [diagnosticForError(error)];
    return { diagnostics: [...rules, ...found] };
  }
}

/** How a Terraform type names itself when its query cannot run yet. */
export interface UnresolvedWording {
  /** `this data source`, `this gate`. */
  readonly subject: string;
  /** What to do when the provider's endpoint is not known yet. */
  readonly remedy: string;
  /** `the data source's`, `the gate's`. */
  readonly owner: string;
}

/**
 * Why a query that must run now cannot: its own diagnostics, else what is not known yet. Terraform
 * refuses a read that returns unknown values, so the answer is an error that says what to do.
 */
export function unresolved(
  checked: CheckedQuery,
  wording: UnresolvedWording,
  context: OperationContext,
): Diagnostic[] {
  if (checked.diagnostics.length > 0) return checked.diagnostics;
  if (context.endpointUnknown) {
    return [
      errorDiagnostic(
        'Provider endpoint not known yet',
        `the taskgate provider's endpoint comes from a resource not created yet, and ${wording.subject} will not send its requests anywhere else (TASKGATE_ENDPOINT or the public host): ${wording.remedy}.`,
      ),
    ];
  }
  return [errorDiagnostic('Invalid configuration', `${wording.owner} arguments are not all known.`)];
}

/**
 * The runner's events as log entries with fields: each poll at INFO (its summary, as the CLI prints it,
 * and the poll's numbers as fields), each retry at WARN. Terraform shows them with TF_LOG_PROVIDER.
 */
export function runFor(context: OperationContext, fields: LogFields): RunContext {
  const events: RunnerEvents = {
    poll: (event) =>
      context.log.info(`taskgate [${formatDuration(event.elapsedMs)}] ${summarizeTasks(event.tasks)}`, {
        ...fields,
        polls: event.polls,
        elapsed_ms: event.elapsedMs,
        ...(event.nextPollInMs === undefined ? {} : { next_poll_in_ms: event.nextPollInMs }),
      }),
    retry: (event) =>
      context.log.warn(
        `taskgate: ${oneLine(event.error.message, LINE_MAX_LENGTH)}; retrying in ${formatDuration(event.delayMs)} (attempt ${event.attempt + 1})`,
        { ...fields, attempt: event.attempt + 1, delay_ms: event.delayMs },
      ),
    verdict: (event) =>
      context.log.debug('read done', {
        ...fields,
        total: event.total,
        ...(event.conditionMet === undefined ? {} : { condition_met: event.conditionMet }),
      }),
  };
  return { events, signal: context.signal, clock: context.clock };
}

/** The configured `api`, as a log field: undefined while it is not known. */
export function configuredApi(config: CtyObject): string | undefined {
  return typeof config.api === 'string' ? config.api : undefined;
}

/** The outcome as attribute values: `total` and `tasks`. */
export function resultValues(query: TaskQuery, outcome: TaskOutcome): [string, CtyValue][] {
  const tasks = outcome.tasks.map((task) => ctyObject(Object.entries(toRecord(task, query.api))));
  return [
    ['total', outcome.total],
    ['tasks', tasks],
  ];
}
