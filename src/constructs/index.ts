export * from './task-list';
export * from './task-gate';
export type { TaskListAssertOptions, TaskListWaitOptions, AnyTaskQueryProps } from './query';
