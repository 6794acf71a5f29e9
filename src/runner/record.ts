import { formatIso } from '../core/times';
import { API_DESCRIPTORS, ApiName, Task, TaskRecord } from '../core/model';

/** The section 4 record of a task, times in the API's zone with their offset. */
export function toRecord(task: Task, api: ApiName): TaskRecord {
  const time = (date: Date | null) => (date ? formatIso(date, API_DESCRIPTORS[api].zoneOffsetMinutes) : null);
  return {
    id: task.id,
    type: task.type,
    type_name: task.typeName,
    instance_id: task.instanceId,
    instance_name: task.instanceName,
    status: task.status,
    status_raw: task.statusRaw,
    progress: task.progress,
    started_at: time(task.startedAt),
    ended_at: time(task.endedAt),
    message: task.message,
  };
}
