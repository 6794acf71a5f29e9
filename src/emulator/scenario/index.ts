import { UnreadableFileError, readTextFile } from '../../core/files';
import { LIMITS } from '../limits';
import { SHAPES, Shape } from '../task';
import { ClockSettings, parseClockChange } from './clock';
import { EmulatorCredentials, parseCredentials } from './credentials';
import { ScenarioError, listOf, obj, oneOf, quote } from './json';

/** A JSON scenario: the clock, tasks, extra credentials and faults to load. */
export interface Scenario {
  readonly clock?: ClockSettings;
  readonly credentials?: EmulatorCredentials;
  /** Roles, OIDC providers, agencies and instance roles for temporary credentials (scenario/identity.ts). */
  readonly identity?: unknown;
  readonly tasks?: readonly unknown[];
  readonly faults?: readonly unknown[];
  /** The answer shape of its tasks that name none: `current` (the default) or `seed`. */
  readonly shape?: Shape;
}

export function parseScenario(value: unknown, where = 'scenario'): Scenario {
  const spec = obj(value, where);
  for (const key of Object.keys(spec)) {
    if (!['clock', 'credentials', 'identity', 'tasks', 'faults', 'shape', 'description'].includes(key)) {
      throw new ScenarioError(
        `${where} has an unknown key ${quote(key)} (use clock, credentials, identity, tasks, faults, shape)`,
      );
    }
  }
  if (spec.clock !== undefined) parseClockChange(spec.clock, `${where}.clock`);
  const list = (key: 'tasks' | 'faults', max: number) =>
    spec[key] === undefined ? undefined : listOf(spec[key], `${where}.${key}`, max);
  const credentials =
    spec.credentials === undefined ? undefined : parseCredentials(spec.credentials, `${where}.credentials`);
  return {
    clock: spec.clock as ClockSettings | undefined,
    credentials,
    // Checked where it is loaded (scenario/identity.ts), with the roles and providers it names.
    identity: spec.identity,
    tasks: list('tasks', LIMITS.tasksPerRequest),
    faults: list('faults', LIMITS.faultsPerRequest),
    shape: oneOf<Shape>(spec.shape, SHAPES, `${where}.shape`, 'current'),
  };
}

/** Reads and validates a scenario file; errors name the file and the bad field. */
export function loadScenarioFile(path: string): Scenario {
  let text: string;
  try {
    text = readTextFile(path, LIMITS.scenarioFileBytes);
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    throw new ScenarioError(`scenario ${quote(path)} ${error.reason}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ScenarioError(`scenario ${path} is not JSON`);
  }
  return parseScenario(json, path);
}
