export * from './enums';
export * from './task-list';
export * from './task-gate';
export type { AnyTaskQueryProps, TaskListAssertOptions, TaskListWaitOptions, TaskQueryProps } from './query';
