import { TaskOutcome, checkTasks, failUnlessMet, listTasks, waitForTasks } from './backend';
import { CtyObject, ctyObject, isObject } from './plugin/cty';
import { Diagnostic, attributePath, diagnosticForError, errorDiagnostic } from './plugin/diagnostics';
import { LogFields } from './plugin/log';
import { Schema, withDefaults } from './plugin/schema';
import {
  OperationContext,
  RESULT_ATTRIBUTES,
  UnresolvedWording,
  checkQuery,
  configuredApi,
  queryArguments,
  resultValues,
  runFor,
  unresolved,
} from './query';

/**
 * data "taskgate_tasks": its schema and what it does on decoded values (validate and read). A
 * listing, a check of a condition, or a read that blocks until the condition holds.
 */

/** The name the provider registers it under (CONTRACT section 9). */
export const DATA_SOURCE_TASKS = 'taskgate_tasks';

const DATA_ARGUMENTS = queryArguments('data');

export const TASKS_DATA_SOURCE_SCHEMA: Schema = {
  version: 0,
  block: {
    description:
      'Reads a task list: every matching task, or with expect the verdict of a condition (false is not an error: use a postcondition on condition_met), or with wait a read that blocks until the condition holds. A data source with wait waits again at every plan and refresh; to block apply once, use taskgate_gate.',
    attributes: {
      ...DATA_ARGUMENTS.attributes,
      ...RESULT_ATTRIBUTES,
      condition_met: {
        type: 'bool',
        computed: true,
        description:
          'Whether the condition holds (expect, else wait.until); null when neither expect nor wait is given.',
      },
      reason: {
        type: 'string',
        computed: true,
        description:
          'When condition_met is false: one line that names the task, its status and why; "" otherwise.',
      },
    },
    blocks: {
      wait: {
        description:
          'Block the read until the condition holds. A selected task that failed or was cancelled while succeeded is awaited, a timeout, or nothing appearing is an error.',
        attributes: DATA_ARGUMENTS.blocks.wait,
      },
    },
  },
};

const WORDING: UnresolvedWording = {
  subject: 'this data source',
  remedy:
    'add the resource it comes from to depends_on (the read then waits for apply), or give endpoint a known value',
  owner: "the data source's",
};

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

function logFields(config: CtyObject): LogFields {
  return { tf_data_source_type: DATA_SOURCE_TASKS, api: configuredApi(config) };
}

/** Validates the data source's configuration at `terraform validate`. */
export function validateTasks(config: CtyObject, context: OperationContext): Diagnostic[] {
  return checkQuery(config, 'data', 'validate', context, dataSourceRules(config)).diagnostics;
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
  const checked = checkQuery(config, 'data', 'plan', context, dataSourceRules(config));
  // Terraform that takes deferred answers (protocol 6.6) reads it again once the endpoint is known.
  if (
    !checked.query &&
    checked.diagnostics.length === 0 &&
    context.endpointUnknown &&
    options.deferralAllowed
  ) {
    return { deferred: true, diagnostics: [] };
  }
  if (!checked.query) return { diagnostics: unresolved(checked, WORDING, context) };
  const query = checked.query;
  const fields = logFields(config);
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
