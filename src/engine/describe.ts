import { TERMINAL_STATUSES, Task } from '../core/model';
import { oneLine } from '../core/text';

/** A task's type for people: its readable name where the API defines one (`FLOW_BACKUPINSTANCE` for `012`). */
export function describeTaskType(task: Task): string {
  return oneLine(task.typeName ?? '') || oneLine(task.type) || '?';
}

/**
 * `task 42372 (FLOW_BACKUPINSTANCE on crs-opcazbrb): running 40%`, `task 15900 (ROLLBACK on
 * cdb-x): failed`; v2 tasks have no id. One line of plain text: the fields come from the server.
 */
export function describeTask(task: Task): string {
  const type = describeTaskType(task);
  const instance = task.instanceId === null ? '' : oneLine(task.instanceId);
  const id = task.id === null ? '' : oneLine(task.id);
  const subject = instance ? `${type} on ${instance}` : type;
  const name = id ? `task ${id} (${subject})` : `task ${subject}`;
  const progress =
    task.progress === null || TERMINAL_STATUSES.has(task.status) ? '' : ` ${Math.round(task.progress)}%`;
  return `${name}: ${task.status}${progress}`;
}
