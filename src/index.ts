export * from './constructs';
export type {
  ApiName,
  Condition,
  Selection,
  Task,
  TaskFilter,
  TaskRecord,
  TaskStatus,
  WaitCondition,
} from './model';
export { API_NAMES, CONDITIONS, TASK_STATUSES, WAIT_CONDITIONS } from './model';
