/**
 * Everything the provider takes from the rest of taskgate, in one place: the task logic is the
 * CLI's (validation, list, check, wait, progress lines, the section 4 record), the errors and the
 * vocabulary are the shared ones. Nothing else under src/provider imports from outside it.
 */
export { resolveQuery } from '../cli/query';
export { DEFAULTS } from '../validation';
export type { TaskQuery } from '../cli/query';
export { checkTasks, failUnlessMet, listTasks, waitForTasks } from '../cli/commands/tasks';
export type { TaskOutcome } from '../cli/commands/tasks';
export { ProgressReporter } from '../cli/progress';
export { toRecord } from '../cli/output';
export type { Labeler, OptionKey } from '../options';
export type { RawOptions } from '../validation';
export { VERSION } from '../cli/version';
export { ApiError, ConditionFailedError, InterruptedError, InvalidInputError, TimeoutError } from '../errors';
export { API_NAMES, CONDITIONS, SELECTIONS, TASK_STATUSES, WAIT_CONDITIONS, isApiName } from '../model';
export { LINE_MAX_LENGTH, oneLine } from '../text';
