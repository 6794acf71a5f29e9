import { parseApiTime } from '../core/times';
import { describeApi, Task, TaskStatus, taskTypeCode, taskTypeName } from '../core/model';
import {
  arrayAt,
  integerAt,
  isObject,
  numberAt,
  objectAt,
  parseJsonBody,
  percent,
  requiredTextAt,
  textAt,
} from './parse';
import { serverCodes, statusOf } from './status-codes';
import { buildTc3Request, tencentTimeBounds, unwrapTc3Response, wholeSeconds } from './tencent-cloud';
import { ApiModule } from './types';

const DESCRIPTOR = describeApi('tencent-cdb');
const TITLE = DESCRIPTOR.title;
const ZONE = DESCRIPTOR.zoneOffsetMinutes;

/** DescribeTasks TaskStatus.N: -1 undefined, 0 initial, 1 running, 2 succeeded, 3 failed, 4 terminated, 5 deleted, 6 paused. */
const STATUS_CODES: Partial<Record<TaskStatus, readonly number[]>> = {
  unknown: [-1],
  pending: [0],
  running: [1],
  succeeded: [2],
  failed: [3],
  cancelled: [4, 5],
  paused: [6],
};

/** The string forms the current API reports in `TaskStatus`. */
const STATUS_NAMES: Partial<Record<TaskStatus, readonly string[]>> = {
  unknown: ['UNDEFINED'],
  pending: ['INITIAL', 'WAITING'],
  running: ['RUNNING'],
  succeeded: ['SUCCEED', 'SUCCESS'],
  failed: ['FAILED'],
  cancelled: ['KILLED', 'REMOVED'],
  paused: ['PAUSED'],
};

function readStatus(item: Record<string, unknown>, where: string): { status: TaskStatus; raw: string } {
  const value = item.Status ?? item.TaskStatus;
  if (typeof value === 'string' && !/^-?\d+$/.test(value.trim())) {
    return { status: statusOf(value.trim().toUpperCase(), STATUS_NAMES), raw: value };
  }
  const code = integerAt(value, `${where}.Status`);
  return { status: statusOf(code, STATUS_CODES), raw: String(code) };
}

function instanceOf(item: Record<string, unknown>, where: string): string | null {
  const ids = arrayAt(item.InstanceIds, `${where}.InstanceIds`);
  if (ids.length > 0) return textAt(ids[0], `${where}.InstanceIds[0]`);
  const data = arrayAt(item.Data, `${where}.Data`);
  return isObject(data[0]) ? textAt(data[0].InstanceId, `${where}.Data[0].InstanceId`) : null;
}

/**
 * The failure reason: the top-level Message, or, when that is empty, the first non-empty
 * `Data[].Message` (the doc's failed job 51788 has `"Message": ""` and its reason in `Data[0]`).
 */
function messageOf(item: Record<string, unknown>, where: string): string | null {
  const top = textAt(item.Message, `${where}.Message`);
  if (top !== null && top.trim() !== '') return top;
  const data = arrayAt(item.Data, `${where}.Data`);
  for (const [i, entry] of data.entries()) {
    const message = isObject(entry) ? textAt(entry.Message, `${where}.Data[${i}].Message`) : null;
    if (message !== null && message.trim() !== '') return message;
  }
  return null;
}

/** A type in either form compares as its integer (`ROLLBACK` and `1` are one); others as given. */
function canonicalTaskType(type: string): string {
  return taskTypeCode('tencent-cdb', type) ?? type.trim().toUpperCase();
}

function parseItem(value: unknown, index: number): Task {
  const where = `Items[${index}]`;
  // CDB documents Items as "Array of String"; the example holds objects: accept both.
  const item = objectAt(typeof value === 'string' ? parseJsonBody(value, TITLE) : value, where);
  const { status, raw } = readStatus(item, where);
  // The doc's answer has `Type` (an integer); the current API's TaskDetail a name in `TaskType`.
  const type = requiredTextAt(item.Type ?? item.TaskType, `${where}.Type`);
  const named = !/^\d+$/.test(type.trim());
  return {
    id: requiredTextAt(item.JobId, `${where}.JobId`),
    type,
    typeName: taskTypeName('tencent-cdb', type) ?? (named ? type : null),
    instanceId: instanceOf(item, where),
    instanceName: null,
    status,
    statusRaw: raw,
    progress: percent(numberAt(item.Progress, `${where}.Progress`)),
    startedAt: parseApiTime(item.StartTime, ZONE, `${where}.StartTime`),
    endedAt: parseApiTime(item.EndTime, ZONE, `${where}.EndTime`),
    message: messageOf(item, where),
  };
}

export const tencentCdb: ApiModule = {
  name: 'tencent-cdb',
  filtersAreServerSide: (filter) =>
    filter.taskId === undefined && wholeSeconds(filter.startedAfter, filter.startedBefore),
  buildRequest(filter, page, context) {
    const times = tencentTimeBounds(filter.startedAfter, filter.startedBefore, ZONE);
    const payload: Record<string, unknown> = { Offset: page.offset, Limit: page.limit };
    if (filter.instanceId !== undefined) payload.InstanceId = filter.instanceId;
    if (filter.asyncRequestId !== undefined) payload.AsyncRequestId = filter.asyncRequestId;
    // Integers (the doc and the SDK); validation admits only types with one.
    if (filter.taskTypes?.length)
      payload.TaskTypes = [...new Set(filter.taskTypes.map(canonicalTaskType))].map(Number);
    const statuses = serverCodes(filter.statuses, STATUS_CODES);
    if (statuses) payload.TaskStatus = statuses;
    // "第一个/最后一个任务的开始时间": both bound a task's start time (DescribeTasks), as our filters do.
    if (times.begin) payload.StartTimeBegin = times.begin;
    if (times.end) payload.StartTimeEnd = times.end;
    return buildTc3Request(
      { service: 'cdb', action: 'DescribeTasks', version: '2017-03-20' },
      payload,
      context,
    );
  },
  parseResponse(response, context) {
    const body = unwrapTc3Response(response, TITLE, context);
    const tasks = arrayAt(body.Items, 'Response.Items').map(parseItem);
    return { tasks, total: integerAt(body.TotalCount, 'Response.TotalCount') };
  },
  canonicalTaskType,
};
