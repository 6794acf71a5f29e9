import {
  CredentialCache,
  RunContext,
  RunnerEvents,
  Clock,
  summarizeTasks,
  formatDuration,
  oneLine,
  LINE_MAX_LENGTH,
  TaskOutcome,
  TaskQuery,
  checkTasks,
  failUnlessMet,
  listTasks,
  resolveQuery,
  toRecord,
  InvalidQueryError,
  Problem,
  TerraformType,
  validateQueryAll,
  waitForTasks,
} from './backend';
import { CtyObject, CtyValue, UNKNOWN, ctyEqual, ctyObject, isObject } from './plugin/cty';
import { Diagnostic, attributePath, diagnosticForError, errorDiagnostic } from './plugin/diagnostics';
import { LogFields, Logger } from './plugin/log';
import { emptyArguments, labelFor, problemPath, rawQuery } from './query';
import { argumentNames, withDefaults } from './plugin/schema';
import { GATE_RESOURCE_SCHEMA, RESOURCE_GATE, DATA_SOURCE_TASKS, TASKS_DATA_SOURCE_SCHEMA } from './schemas';

/**
 * What the data source and the gate do, on decoded values: validation, the read, the gate's plan
 * and apply. The task logic itself is the CLI's (backend.ts); this module decides when it runs.
 */

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

/** The data source's own rule: max_age qualifies expect's verdict, so it needs expect. */
function dataSourceRules(config: CtyObject): Diagnostic[] {
  const maxAge = config.max_age;
  const expect = config.expect;
  if (maxAge !== null && expect === null) {
    return [
      errorDiagnostic(
        'Invalid argument',
        'max_age needs expect: it is checked with the condition expect evaluates (for example expect = "succeeded").',
        attributePath('max_age'),
      ),
    ];
  }
  return [];
}

export interface CheckedQuery {
  readonly query?: TaskQuery;
  readonly diagnostics: Diagnostic[];
}

/**
 * Validates a configuration with the CLI's own checks, reporting every problem on its attribute. At
 * validate, the checks that need a value not known yet are skipped, and an unknown `api` defers
 * everything to plan; at plan everything must be known and the real environment is read.
 */
export function checkQuery(
  config: CtyObject,
  type: TerraformType,
  phase: Phase,
  context: OperationContext,
): CheckedQuery {
  const empty = emptyArguments(config, type).map(({ path, message }) =>
    errorDiagnostic('Invalid argument', message, attributePath(...path)),
  );
  if (empty.length > 0) return { diagnostics: empty };
  const rules = type === 'data' ? dataSourceRules(config) : [];
  const label = labelFor(type);
  const known = rawQuery(config, type);
  // An api not known yet decides what every other value may be: all of it waits for plan.
  if (known.unknown.includes('api')) return { diagnostics: rules };
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
    return rules.length > 0 ? { diagnostics: rules } : { query, diagnostics: [] };
  } catch (error) {
    const found =
      error instanceof InvalidQueryError
        ? problemDiagnostics(type, error.problems)
        : [diagnosticForError(error)];
    return { diagnostics: [...rules, ...found] };
  }
}

/**
 * Why a query that must run now cannot: its own diagnostics, else what is not known yet. Terraform
 * refuses a read that returns unknown values, so the answer is an error that says what to do.
 */
function unresolved(checked: CheckedQuery, type: TerraformType, context: OperationContext): Diagnostic[] {
  if (checked.diagnostics.length > 0) return checked.diagnostics;
  if (context.endpointUnknown) {
    const what = type === 'data' ? 'this data source' : 'this gate';
    const remedy =
      type === 'data'
        ? 'add the resource it comes from to depends_on (the read then waits for apply), or give endpoint a known value'
        : 'give endpoint a value known at plan';
    return [
      errorDiagnostic(
        'Provider endpoint not known yet',
        `the taskgate provider's endpoint comes from a resource not created yet, and ${what} will not send its requests anywhere else (TASKGATE_ENDPOINT or the public host): ${remedy}.`,
      ),
    ];
  }
  const what = type === 'data' ? "the data source's" : "the gate's";
  return [errorDiagnostic('Invalid configuration', `${what} arguments are not all known.`)];
}

/** Progress of a wait, as INFO lines of the provider log (retries as WARN). */
/**
 * The runner's events as log entries with fields: each poll at INFO (its summary, as the CLI prints it,
 * and the poll's numbers as fields), each retry at WARN. Terraform shows them with TF_LOG_PROVIDER.
 */
function runFor(context: OperationContext, fields: LogFields): RunContext {
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

/** The outcome as attribute values: `total` and `tasks`. */
function resultValues(query: TaskQuery, outcome: TaskOutcome): [string, CtyValue][] {
  const tasks = outcome.tasks.map((task) => ctyObject(Object.entries(toRecord(task, query.api))));
  return [
    ['total', outcome.total],
    ['tasks', tasks],
  ];
}

function logFields(type: TerraformType, config: CtyObject): LogFields {
  const api = typeof config.api === 'string' ? config.api : undefined;
  return type === 'data'
    ? { tf_data_source_type: DATA_SOURCE_TASKS, api }
    : { tf_resource_type: RESOURCE_GATE, api };
}

export interface ReadResult {
  readonly state?: CtyObject;
  readonly diagnostics: Diagnostic[];
  /** The read waits for a later plan: the provider's endpoint is not known yet. */
  readonly deferred?: boolean;
}

/**
 * Reads `data "taskgate_tasks"`: a listing, a check, or a wait (then the check of expect on what it
 * found). A false expect is a result, not an error; a wait that cannot succeed is an error.
 */
export async function readTasks(
  config: CtyObject,
  context: OperationContext,
  options: { deferralAllowed?: boolean } = {},
): Promise<ReadResult> {
  const checked = checkQuery(config, 'data', 'plan', context);
  // Terraform that takes deferred answers (protocol 6.6) reads it again once the endpoint is known.
  if (
    !checked.query &&
    checked.diagnostics.length === 0 &&
    context.endpointUnknown &&
    options.deferralAllowed
  ) {
    return { deferred: true, diagnostics: [] };
  }
  if (!checked.query) return { diagnostics: unresolved(checked, 'data', context) };
  const query = checked.query;
  const fields = logFields('data', config);
  const run = runFor(context, fields);
  const waits = isObject(config.wait);
  const expects = typeof config.expect === 'string' && config.expect !== '';
  context.log.debug(`reading ${DATA_SOURCE_TASKS}`, { ...fields, wait: waits, expect: expects });
  let outcome: TaskOutcome;
  try {
    if (waits) {
      context.log.info(`waiting until ${query.until}`, fields);
      outcome = await waitForTasks(query, run);
      failUnlessMet(outcome);
      if (expects) outcome = await checkTasks(query, run);
    } else if (expects) {
      outcome = await checkTasks(query, run);
    } else {
      outcome = await listTasks(query, run);
    }
  } catch (error) {
    const diagnostic = diagnosticForError(error);
    context.log.error(diagnostic.detail, fields);
    return { diagnostics: [diagnostic] };
  }
  const evaluated = waits || expects;
  const met = evaluated ? (outcome.conditionMet ?? false) : null;
  const reason = met === false ? (outcome.reason ?? 'the condition does not hold') : '';
  const state = ctyObject([
    ...Object.entries(withDefaults(TASKS_DATA_SOURCE_SCHEMA.block, config)),
    ...resultValues(query, outcome),
    ['condition_met', met],
    ['reason', reason],
  ]);
  return { state, diagnostics: [] };
}

const GATE_BLOCK = GATE_RESOURCE_SCHEMA.block;
/** What the gate found when it was created: unknown until then. */
const GATE_RESULTS = ['condition_met', 'total', 'tasks'] as const;
/** Arguments whose change replaces the gate: all but `timeouts`. */
const GATE_REPLACING = argumentNames(GATE_BLOCK);

/** The arguments in effect: the configuration, with defaults where an optional+computed one is unset. */
function gateArguments(config: CtyObject, proposed: CtyObject): CtyObject {
  const defaults = withDefaults(GATE_BLOCK, config);
  return ctyObject(
    Object.entries(proposed).map(([name, value]) => [
      name,
      GATE_BLOCK.attributes[name]?.default !== undefined ? defaults[name] : value,
    ]),
  );
}

export interface PlanResult {
  readonly planned: CtyObject | null;
  readonly requiresReplace: readonly string[];
  readonly diagnostics: Diagnostic[];
}

/**
 * Plans the gate. A new gate, or a change of any argument, waits at apply (the change replaces the
 * gate); a change of `timeouts` alone is made in place, keeping what the gate found.
 */
export function planGate(
  prior: CtyObject | null,
  proposed: CtyObject | null,
  config: CtyObject | null,
  context: OperationContext,
): PlanResult {
  if (proposed === null || config === null) return { planned: null, requiresReplace: [], diagnostics: [] };
  const planned = gateArguments(config, proposed);
  const changed =
    prior === null ? [] : GATE_REPLACING.filter((name) => !ctyEqual(planned[name], prior[name]));
  const waits = prior === null || changed.length > 0;
  const results: [string, CtyValue][] = GATE_RESULTS.map((name) => [
    name,
    waits ? UNKNOWN : (prior?.[name] ?? null),
  ]);
  const { diagnostics } = waits ? checkQuery(planned, 'gate', 'plan', context) : { diagnostics: [] };
  return {
    planned: ctyObject([...Object.entries(planned), ...results]),
    requiresReplace: changed,
    diagnostics,
  };
}

export interface ApplyResult {
  readonly newState: CtyObject | null;
  readonly diagnostics: Diagnostic[];
}

/**
 * Applies the gate. Create waits; when the condition cannot hold, on timeout or when nothing appears,
 * the error names the task and no state is kept, so the next apply waits again. An in-place update
 * (timeouts) and destroy call no API.
 */
export async function applyGate(
  prior: CtyObject | null,
  planned: CtyObject | null,
  config: CtyObject | null,
  context: OperationContext,
): Promise<ApplyResult> {
  if (planned === null || config === null) return { newState: null, diagnostics: [] };
  if (prior !== null) return { newState: planned, diagnostics: [] };
  const state = gateArguments(config, planned);
  const checked = checkQuery(state, 'gate', 'plan', context);
  if (!checked.query) return { newState: null, diagnostics: unresolved(checked, 'gate', context) };
  const query = checked.query;
  const fields = logFields('gate', state);
  try {
    context.log.info(`waiting until ${query.until}`, fields);
    const outcome = await waitForTasks(query, runFor(context, fields));
    failUnlessMet(outcome);
    context.log.info(`condition ${query.until} holds`, fields);
    return {
      newState: ctyObject([
        ...Object.entries(state).filter(([name]) => !(GATE_RESULTS as readonly string[]).includes(name)),
        ['condition_met', true],
        ...resultValues(query, outcome),
      ]),
      diagnostics: [],
    };
  } catch (error) {
    const diagnostic = diagnosticForError(error);
    context.log.error(diagnostic.detail, fields);
    return { newState: null, diagnostics: [diagnostic] };
  }
}

/** Validates a data source or gate configuration at `terraform validate`. */
export function validateConfig(
  config: CtyObject,
  type: TerraformType,
  context: OperationContext,
): Diagnostic[] {
  return checkQuery(config, type, 'validate', context).diagnostics;
}

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
