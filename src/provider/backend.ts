/**
 * Everything the provider takes from the rest of taskgate, in one place: the task runner the CLI uses
 * too (validation, list, check, wait, progress lines, the section 4 record), the errors and the
 * vocabulary. Nothing else under src/provider imports from outside it.
 */
export { resolveQuery } from '../tasks/query';
export { CredentialCache } from '../credentials';
export type { TaskQuery } from '../tasks/query';
export { checkTasks, failUnlessMet, listTasks, waitForTasks } from '../tasks/run';
export type { TaskOutcome } from '../tasks/run';
export { ProgressReporter } from '../tasks/progress';
export { toRecord } from '../tasks/record';
export type { Labeler, OptionKey, TerraformType } from '../options';
export {
  DEFAULTS,
  OPTION_SPECS,
  attributeLabeller,
  attributeOf,
  attributesOf,
  describeOption,
} from '../options';
export type { Problem, RawOptions } from '../validation';
export { InvalidQueryError, validateQueryAll } from '../validation';
export { VERSION } from '../version';
export { ApiError, ConditionFailedError, InterruptedError, InvalidInputError, TimeoutError } from '../errors';
export { LINE_MAX_LENGTH, oneLine } from '../text';
