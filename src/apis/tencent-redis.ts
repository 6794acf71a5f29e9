import { parseApiTime } from '../engine/times';
import { describeApi, Task, TaskFilter, TaskStatus } from '../model';
import { arrayAt, integerAt, numberAt, objectAt, percent, requiredTextAt, textAt } from './parse';
import { serverCodes, statusOf } from './status-codes';
import { buildTc3Request, tencentTimeBounds, unwrapTc3Response, wholeSeconds } from './tencent-cloud';
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

function parseTask(value: unknown, index: number): Task {
  const item = objectAt(value, `Tasks[${index}]`);
  const result = integerAt(item.Result, `Tasks[${index}].Result`);
  const status = statusOf(result, RESULTS);
  // The doc's example reports Progress 1 for a finished task: a 0..1 fraction.
  const fraction = numberAt(item.Progress, `Tasks[${index}].Progress`);
  return {
    id: requiredTextAt(item.TaskId, `Tasks[${index}].TaskId`),
    type: requiredTextAt(item.TaskType, `Tasks[${index}].TaskType`),
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
  filtersAreServerSide: (filter) =>
    filter.taskId === undefined &&
    (filter.statuses === undefined || serverCodes(filter.statuses, RESULTS) !== undefined) &&
    wholeSeconds(filter.startedAfter, filter.startedBefore),
  buildRequest(filter: TaskFilter, page, context) {
    const times = tencentTimeBounds(filter.startedAfter, filter.startedBefore, ZONE);
    const payload: Record<string, unknown> = { Limit: page.limit, Offset: page.offset };
    if (filter.instanceId !== undefined) payload.InstanceId = filter.instanceId;
    if (filter.instanceName !== undefined) payload.InstanceName = filter.instanceName;
    if (filter.taskTypes?.length) payload.TaskTypes = [...filter.taskTypes];
    const results = serverCodes(filter.statuses, RESULTS);
    if (results) payload.Result = results;
    if (times.begin) payload.BeginTime = times.begin;
    if (times.end) payload.EndTime = times.end;
    return buildTc3Request(
      { service: 'redis', action: 'DescribeTaskList', version: '2018-04-12' },
      payload,
      context,
    );
  },
  parseResponse(response) {
    const body = unwrapTc3Response(response, TITLE);
    const tasks = arrayAt(body.Tasks, 'Response.Tasks').map(parseTask);
    return { tasks, total: integerAt(body.TotalCount, 'Response.TotalCount') };
  },
  canonicalTaskType: (type) => type,
};
