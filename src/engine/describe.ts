import { TERMINAL_STATUSES, Task } from '../model';

/** `task 42372 (FLOW_BACKUPINSTANCE on crs-opcazbrb): running 40%`; v2 tasks have no id. */
export function describeTask(task: Task): string {
  const subject = task.instanceId ? `${task.type} on ${task.instanceId}` : task.type;
  const name = task.id ? `task ${task.id} (${subject})` : `task ${subject}`;
  const progress =
    task.progress === null || TERMINAL_STATUSES.has(task.status) ? '' : ` ${Math.round(task.progress)}%`;
  return `${name}: ${task.status}${progress}`;
}
