import { TaskSource } from './types';
import { Task, TaskFilter } from '../core/model';

/** Whether a task matches the filter; applied after the server's filtering, so it must agree with it. */
export function matchesFilter(
  task: Task,
  filter: TaskFilter,
  source: Pick<TaskSource, 'canonicalTaskType'>,
): boolean {
  if (filter.instanceId !== undefined && task.instanceId !== filter.instanceId) return false;
  if (filter.instanceName !== undefined && task.instanceName !== filter.instanceName) return false;
  if (filter.taskId !== undefined && task.id !== filter.taskId) return false;
  if (filter.taskTypes?.length) {
    const type = source.canonicalTaskType(task.type);
    if (!filter.taskTypes.some((wanted) => source.canonicalTaskType(wanted) === type)) return false;
  }
  if (filter.statuses?.length && !filter.statuses.includes(task.status)) return false;
  if (filter.startedAfter || filter.startedBefore) {
    const started = task.startedAt?.getTime();
    if (started === undefined) return false;
    if (filter.startedAfter && started < filter.startedAfter.getTime()) return false;
    if (filter.startedBefore && started > filter.startedBefore.getTime()) return false;
  }
  return true;
}
