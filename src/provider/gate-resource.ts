import { failUnlessMet, waitForTasks } from './backend';
import { CtyObject, CtyValue, UNKNOWN, ctyEqual, ctyObject } from './plugin/cty';
import { Diagnostic, diagnosticForError } from './plugin/diagnostics';
import { LogFields } from './plugin/log';
import { Schema, argumentNames, withDefaults } from './plugin/schema';
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
 * resource "taskgate_gate": its schema and what it does on decoded values (validate, plan, apply).
 * It keeps no remote object: creating it waits for the condition, and only create calls an API.
 */

/** The name the provider registers it under (CONTRACT section 9). */
export const RESOURCE_GATE = 'taskgate_gate';

const GATE_ARGUMENTS = queryArguments('gate');

export const GATE_RESOURCE_SCHEMA: Schema = {
  version: 0,
  block: {
    description:
      'Blocks terraform apply until a task list meets a condition: creating the gate waits; any change of an argument (triggers included) replaces it and waits again. It keeps no remote object: read, refresh and destroy call no API. Resources that must wait list it in depends_on.',
    attributes: {
      ...GATE_ARGUMENTS.attributes,
      triggers: {
        type: ['map', 'string'],
        optional: true,
        description:
          'Arbitrary values (a release, a schema version, the id of the backup just started); when any changes, the gate is replaced and waits again.',
      },
      condition_met: {
        type: 'bool',
        computed: true,
        description: 'True: the condition held when the gate was created.',
      },
      ...RESULT_ATTRIBUTES,
    },
    blocks: {
      timeouts: {
        description: 'How long operations may take.',
        attributes: GATE_ARGUMENTS.blocks.timeouts,
      },
    },
  },
};

const WORDING: UnresolvedWording = {
  subject: 'this gate',
  remedy: 'give endpoint a value known at plan',
  owner: "the gate's",
};

const GATE_BLOCK = GATE_RESOURCE_SCHEMA.block;
/** What the gate found when it was created: unknown until then. */
const GATE_RESULTS = ['condition_met', 'total', 'tasks'] as const;
/** Arguments whose change replaces the gate: all but `timeouts`. */
const GATE_REPLACING = argumentNames(GATE_BLOCK);

function logFields(config: CtyObject): LogFields {
  return { tf_resource_type: RESOURCE_GATE, api: configuredApi(config) };
}

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

/** Validates the gate's configuration at `terraform validate`. */
export function validateGate(config: CtyObject, context: OperationContext): Diagnostic[] {
  return checkQuery(config, 'gate', 'validate', context).diagnostics;
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
  if (!checked.query) return { newState: null, diagnostics: unresolved(checked, WORDING, context) };
  const query = checked.query;
  const fields = logFields(state);
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
