import { MalformedResponseError } from '../errors';
import { parseApiTime } from '../engine/times';
import { describeApi, Task, TaskStatus } from '../model';
import { signedHuaweiRequest } from './huawei-cloud';
import { ErrorKind, vendorError } from './http-errors';
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
import { HttpResponse } from '../engine/types';
import { ApiModule } from './types';

const DESCRIPTOR = describeApi('huawei-rds');
const TITLE = DESCRIPTOR.title;
const ZONE = DESCRIPTOR.zoneOffsetMinutes;
const STATUSES: Partial<Record<TaskStatus, readonly string[]>> = {
  running: ['Running'],
  succeeded: ['Completed'],
  failed: ['Failed'],
};

function classify(status: number, code: string): ErrorKind {
  if (status === 429 || code === 'APIGW.0308') return 'throttled';
  if (code === 'APIGW.0303') return 'clock-skew';
  // The gateway answers 401 for an expired security token as for any AK/SK it cannot verify.
  if (status === 401) return 'credentials';
  if (status === 403) return 'auth';
  if (status === 400) return 'invalid';
  if (status >= 500) return 'server';
  return 'other';
}

function parseTask(value: unknown, index: number): Task {
  const where = `tasks[${index}]`;
  const item = objectAt(value, where);
  const raw = requiredTextAt(item.status, `${where}.status`);
  const status = statusOf(raw, STATUSES);
  const terminal = status === 'succeeded' || status === 'failed';
  // "process" is a percentage string, empty once the task succeeded or failed.
  const process = numberAt(item.process, `${where}.process`);
  return {
    id: requiredTextAt(item.id, `${where}.id`),
    type: requiredTextAt(item.name, `${where}.name`),
    instanceId: textAt(item.instance_id, `${where}.instance_id`),
    instanceName: textAt(item.instance_name, `${where}.instance_name`),
    status,
    statusRaw: raw,
    progress: percent(process ?? (status === 'succeeded' ? 100 : null)),
    startedAt: parseApiTime(item.create_time, ZONE, `${where}.create_time`),
    // The doc calls end_time the task's *planned* end: it is an end only once the task has ended.
    endedAt: terminal ? parseApiTime(item.end_time, ZONE, `${where}.end_time`) : null,
    message: textAt(item.fail_reason, `${where}.fail_reason`),
  };
}

function parseResponse(response: HttpResponse) {
  if (response.status < 200 || response.status >= 300) {
    let code = `HTTP ${response.status}`;
    let message = '';
    try {
      const body = JSON.parse(response.body) as unknown;
      if (isObject(body)) {
        code = typeof body.error_code === 'string' ? body.error_code : code;
        message = typeof body.error_msg === 'string' ? body.error_msg : '';
      }
    } catch {
      // A gateway's HTML error page: the HTTP status says enough.
    }
    throw vendorError(
      classify(response.status, code),
      TITLE,
      code,
      message,
      response,
      response.headers['x-request-id'],
    );
  }
  const body = objectAt(parseJsonBody(response.body, TITLE), 'body');
  if (body.total_count === undefined) throw new MalformedResponseError(`${TITLE} sent no total_count`);
  const tasks = arrayAt(body.tasks, 'tasks').map(parseTask);
  return { tasks, total: integerAt(body.total_count, 'total_count') };
}

export const huaweiRds: ApiModule = {
  name: 'huawei-rds',
  filtersAreServerSide: (filter) =>
    filter.instanceName === undefined &&
    filter.startedAfter === undefined &&
    filter.startedBefore === undefined &&
    (filter.taskTypes === undefined || filter.taskTypes.length === 1) &&
    (filter.statuses === undefined || serverCodes(filter.statuses, STATUSES)?.length === 1),
  buildRequest(filter, page, context) {
    const { credentials } = context;
    if (credentials.cloud !== 'huawei') throw new Error('Huawei Cloud APIs need Huawei Cloud credentials');
    if (!context.projectId)
      throw new Error('huawei-rds requests need a project id; validation supplies one before any request');
    const query: Record<string, string> = { offset: String(page.offset), limit: String(page.limit) };
    if (filter.taskId !== undefined) query.id = filter.taskId;
    if (filter.instanceId !== undefined) query.instance_id = filter.instanceId;
    if (filter.taskTypes?.length === 1) query.name = filter.taskTypes[0];
    const statuses = serverCodes(filter.statuses, STATUSES);
    if (statuses?.length === 1) query.status = statuses[0];
    // start_time needs end_time (UTC ms); the window narrows the read, the engine applies the exact filter.
    if (filter.startedAfter || filter.startedBefore) {
      query.start_time = String(filter.startedAfter?.getTime() ?? 0);
      query.end_time = String(filter.startedBefore?.getTime() ?? context.now.getTime());
    }
    return signedHuaweiRequest({
      endpoint: context.endpoint,
      method: 'GET',
      path: `/v3/${encodeURIComponent(context.projectId)}/tasklist`,
      query,
      contentType: 'application/json',
      credentials,
      now: context.now,
    });
  },
  parseResponse,
  canonicalTaskType: (type) => type.trim(),
};
