import { MalformedResponseError } from '../core/errors';
import { parseApiTime } from '../core/times';
import { describeApi, Task, TaskStatus } from '../core/model';
import { signedHuaweiRequest } from './huawei-cloud';
import { ErrorKind, nonApiAnswer, serverDate, vendorError } from './http-errors';
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
import { ApiModule, ParseContext } from './types';

const DESCRIPTOR = describeApi('huawei-rds');
const TITLE = DESCRIPTOR.title;
const ZONE = DESCRIPTOR.zoneOffsetMinutes;
const STATUSES: Partial<Record<TaskStatus, readonly string[]>> = {
  running: ['Running'],
  succeeded: ['Completed'],
  failed: ['Failed'],
};

/** How far off the gateway lets a request's X-Sdk-Date be (Huawei's API signing FAQ). */
const SDK_DATE_WINDOW_MS = 15 * 60_000;

/**
 * What a gateway or RDS error means. `APIGW.0301` is an IAM authentication failure, which is also what a
 * request whose X-Sdk-Date is more than 15 minutes off gets: the answer's Date tells the two apart.
 * `APIGW.0303` is app authentication, which RDS does not use; `APIG.0308`/`APIGW.0308` (HTTP 429) is
 * throttling.
 */
function classify(response: HttpResponse, code: string, sentAt: Date): ErrorKind {
  const { status } = response;
  if (status === 429 || /^APIGW?\.0308$/.test(code)) return 'throttled';
  if (code === 'APIGW.0301') {
    const server = serverDate(response.headers);
    if (server && Math.abs(server.getTime() - sentAt.getTime()) > SDK_DATE_WINDOW_MS) return 'clock-skew';
    // An expired security token is refused so too: fresh temporary keys may pass.
    return 'credentials';
  }
  if (code === 'APIGW.0303' || status === 403) return 'auth';
  // "APIGW.0101: The API does not exist or has not been published": a wrong host or path.
  if (code === 'APIGW.0101' || status === 404) return 'endpoint';
  if (status === 401) return 'credentials';
  if (status === 400) return 'invalid';
  if (status >= 500) return 'server';
  return 'other';
}

/**
 * The code and message of a Huawei error body: `{"error_code", "error_msg"}`, or `{"errCode",
 * "errMsg"}` as some services send (the official provider reads both: huaweicloud/services/rds/common.go).
 */
function errorBody(body: string): { code: string; message: string } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isObject(parsed)) return undefined;
  const code = parsed.error_code ?? parsed.errCode;
  const message = parsed.error_msg ?? parsed.errMsg;
  if (typeof code !== 'string' || code === '') return undefined;
  return { code, message: typeof message === 'string' ? message : '' };
}

function parseTask(value: unknown, index: number): Task {
  const where = `tasks[${index}]`;
  const item = objectAt(value, where);
  const raw = requiredTextAt(item.status, `${where}.status`);
  const status = statusOf(raw, STATUSES);
  const terminal = status === 'succeeded' || status === 'failed';
  // "process" is a percentage string, empty once the task succeeded or failed.
  const process = numberAt(item.process, `${where}.process`);
  const type = requiredTextAt(item.name, `${where}.name`);
  return {
    id: requiredTextAt(item.id, `${where}.id`),
    type,
    // The API defines no codes: its names are the readable form, as they come.
    typeName: type,
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

function parseResponse(response: HttpResponse, context: ParseContext) {
  if (response.status < 200 || response.status >= 300) {
    const error = errorBody(response.body);
    // Not the gateway's JSON: a proxy's or a wrong host's page, which the status says enough about.
    if (!error) throw nonApiAnswer(TITLE, response, context) as Error;
    throw vendorError(
      classify(response, error.code, context.sentAt),
      TITLE,
      error.code,
      error.message,
      response,
      context,
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
  // start_time is "the task's creation time" but needs end_time, "the task's end time" (tasklist): a
  // bound on the end would drop running tasks on the server, out of our sight. Time filters run on our
  // side only.
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
