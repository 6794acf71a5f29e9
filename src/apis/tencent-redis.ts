import { parseApiTime } from '../core/times';
import { describeApi, Task, TaskFilter, TaskStatus, taskTypeCode, taskTypeName } from '../core/model';
import { arrayAt, integerAt, numberAt, objectAt, percent, requiredTextAt, textAt } from './parse';
import { serverCodes, statusOf } from './status-codes';
import { buildTc3Request, unwrapTc3Response } from './tencent-cloud';
import { ApiModule } from './types';

const DESCRIPTOR = describeApi('tencent-redis');
const TITLE = DESCRIPTOR.title;
const ZONE = DESCRIPTOR.zoneOffsetMinutes;

/** DescribeTaskList `Result`: 0 initialized, 1 executing, 2 completed, 4 failed. */
const RESULTS: Partial<Record<TaskStatus, readonly number[]>> = {
  pending: [0],
  running: [1],
  succeeded: [2],
  failed: [4],
};

/** A type in either form compares as its code (`FLOW_BACKUPINSTANCE` and `012` are one); others as given. */
function canonicalTaskType(type: string): string {
  return taskTypeCode('tencent-redis', type) ?? type.trim();
}

function parseTask(value: unknown, index: number): Task {
  const item = objectAt(value, `Tasks[${index}]`);
  const result = integerAt(item.Result, `Tasks[${index}].Result`);
  const status = statusOf(result, RESULTS);
  // The doc's example reports Progress 1 for a finished task: a 0..1 fraction.
  const fraction = numberAt(item.Progress, `Tasks[${index}].Progress`);
  // Answers carry the code ("TaskType": "037" in the doc's example); a name is read as well.
  const type = requiredTextAt(item.TaskType, `Tasks[${index}].TaskType`);
  return {
    id: requiredTextAt(item.TaskId, `Tasks[${index}].TaskId`),
    type,
    typeName: taskTypeName('tencent-redis', type) ?? null,
    instanceId: textAt(item.InstanceId, `Tasks[${index}].InstanceId`),
    instanceName: textAt(item.InstanceName, `Tasks[${index}].InstanceName`),
    status,
    statusRaw: String(result),
    progress: percent(fraction === null ? null : fraction * 100),
    startedAt: parseApiTime(item.StartTime, ZONE, `Tasks[${index}].StartTime`),
    endedAt: parseApiTime(item.EndTime, ZONE, `Tasks[${index}].EndTime`),
    message: null,
  };
}

export const tencentRedis: ApiModule = {
  name: 'tencent-redis',
  // BeginTime/EndTime are "start/end time for executing a task" (DescribeTaskList): whether EndTime
  // bounds a task's start or its end is not said, and a running task has no end. The time filters run
  // on our side only, over the whole list.
  filtersAreServerSide: (filter) =>
    filter.taskId === undefined &&
    filter.startedAfter === undefined &&
    filter.startedBefore === undefined &&
    (filter.statuses === undefined || serverCodes(filter.statuses, RESULTS) !== undefined),
  buildRequest(filter: TaskFilter, page, context) {
    const payload: Record<string, unknown> = { Limit: page.limit, Offset: page.offset };
    if (filter.instanceId !== undefined) payload.InstanceId = filter.instanceId;
    if (filter.instanceName !== undefined) payload.InstanceName = filter.instanceName;
    // Sent as codes, as the official provider's acceptance test filters (`task_types = ["034"]`);
    // validation admits only types with a code.
    if (filter.taskTypes?.length) payload.TaskTypes = [...new Set(filter.taskTypes.map(canonicalTaskType))];
    const results = serverCodes(filter.statuses, RESULTS);
    if (results) payload.Result = results;
    return buildTc3Request(
      { service: 'redis', action: 'DescribeTaskList', version: '2018-04-12' },
      payload,
      context,
    );
  },
  parseResponse(response, context) {
    const body = unwrapTc3Response(response, TITLE, context);
    const tasks = arrayAt(body.Tasks, 'Response.Tasks').map(parseTask);
    return { tasks, total: integerAt(body.TotalCount, 'Response.TotalCount') };
  },
  canonicalTaskType,
};
