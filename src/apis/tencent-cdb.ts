import { parseApiTime } from '../engine/times';
import { describeApi, Task, TaskStatus, taskTypeName } from '../model';
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

function parseItem(value: unknown, index: number): Task {
  const where = `Items[${index}]`;
  // CDB documents Items as "Array of String"; the example holds objects: accept both.
  const item = objectAt(typeof value === 'string' ? parseJsonBody(value, TITLE) : value, where);
  const { status, raw } = readStatus(item, where);
  const type = requiredTextAt(item.Type ?? item.TaskType, `${where}.Type`);
  return {
    id: requiredTextAt(item.JobId, `${where}.JobId`),
    type,
    typeName: taskTypeName('tencent-cdb', type),
    instanceId: instanceOf(item, where),
    instanceName: null,
    status,
    statusRaw: raw,
    progress: percent(numberAt(item.Progress, `${where}.Progress`)),
    startedAt: parseApiTime(item.StartTime, ZONE, `${where}.StartTime`),
    endedAt: parseApiTime(item.EndTime, ZONE, `${where}.EndTime`),
    message: textAt(item.Message, `${where}.Message`),
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
    if (filter.taskTypes?.length) payload.TaskTypes = filter.taskTypes.map(Number);
    const statuses = serverCodes(filter.statuses, STATUS_CODES);
    if (statuses) payload.TaskStatus = statuses;
    if (times.begin) payload.StartTimeBegin = times.begin;
    if (times.end) payload.StartTimeEnd = times.end;
    return buildTc3Request(
      { service: 'cdb', action: 'DescribeTasks', version: '2017-03-20' },
      payload,
      context,
    );
  },
  parseResponse(response) {
    const body = unwrapTc3Response(response, TITLE);
    const tasks = arrayAt(body.Items, 'Response.Items').map(parseItem);
    return { tasks, total: integerAt(body.TotalCount, 'Response.TotalCount') };
  },
  canonicalTaskType: (type) => type.trim(),
};
