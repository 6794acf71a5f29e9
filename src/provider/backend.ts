/**
 * Everything the provider takes from the rest of taskgate, in one place: the task runner the CLI uses
 * too (validation, list, check, wait, progress lines, the section 4 record), the errors and the
 * vocabulary. Nothing else under src/provider imports from outside it.
 */
export { resolveQuery } from '../runner/query';
export { CredentialCache } from '../credentials';
export type { TaskQuery } from '../runner/query';
export { checkTasks, failUnlessMet, listTasks, waitForTasks } from '../runner/run';
export type { TaskOutcome } from '../runner/run';
export { summarizeTasks } from '../runner/events';
export type { RunnerEvents } from '../runner/events';
export type { RunContext } from '../runner/run';
export type { Clock } from '../engine/clock';
export { formatDuration } from '../core/durations';
export { toRecord } from '../runner/record';
export type { Labeler, OptionKey, TerraformType } from '../core/options';
export {
  DEFAULTS,
  OPTION_SPECS,
  attributeLabeller,
  attributeOf,
  attributesOf,
  describeOption,
} from '../core/options';
export type { Problem, RawOptions } from '../validation';
export { InvalidQueryError, validateQueryAll } from '../validation';
export { VERSION } from '../core/version';
export {
  ApiError,
  ConditionFailedError,
  InterruptedError,
  InvalidInputError,
  TimeoutError,
} from '../core/errors';
export { LINE_MAX_LENGTH, oneLine } from '../core/text';
