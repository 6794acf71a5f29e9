import { MalformedResponseError } from '../core/errors';
import { parseApiTime } from '../core/times';
import { signV2, v2StringToSign } from '../signing/tencent-v2';
import { describeApi, Task, TaskStatus } from '../core/model';
import { MESSAGE_MAX_LENGTH, oneLine } from '../core/text';
import { ErrorKind, nonApiAnswer, vendorError } from './http-errors';
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
import { tencentTimeBounds, wholeSeconds } from './tencent-cloud';
import { HttpResponse } from '../engine/types';
import { ApiModule, ParseContext } from './types';

const DESCRIPTOR = describeApi('tencent-redis-v2');
const TITLE = DESCRIPTOR.title;
const ZONE = DESCRIPTOR.zoneOffsetMinutes;
const PATH = '/v2/index.php';

/** GetRedisTaskList status: 0 pending, 1 running, 2 succeeded, 3 failed, -1 error. */
const STATUS_CODES: Partial<Record<TaskStatus, readonly number[]>> = {
  pending: [0],
  running: [1],
  succeeded: [2],
  failed: [3, -1],
};

/** The filter form is `task_backupInstance`, tasks report `backupInstance`: both name one type. */
function canonicalTaskType(type: string): string {
  const trimmed = type.trim();
  return trimmed.startsWith('task_') ? trimmed.slice('task_'.length) : trimmed;
}

/**
 * API 2.0's codes: the common error codes page (4000 parameters, 4100 authentication failed, 4104 key
 * does not exist, 4105 token error, 4200 request expired, 4400 quota exceeded, 4500 replay, 5100
 * operation failed (try later), 6000 internal error, 6100 version not supported, 6200 temporarily
 * unavailable) and GetRedisTaskList's own table (11201 InvalidParameter).
 */
function classify(code: number): ErrorKind {
  if (code === 4400) return 'throttled';
  if (code === 4200) return 'clock-skew';
  // A replayed Nonce/Timestamp: the next attempt is signed with a fresh nonce.
  if (code === 4500 || code === 5100 || code === 6000 || code === 6200) return 'server';
  // "4105 token error": an expired temporary token; fresh credentials may pass.
  if (code === 4105) return 'credentials';
  if (code >= 4100 && code < 4200) return 'auth';
  if (code === 4300) return 'auth';
  if (code === 4000 || code === 11201) return 'invalid';
  // The endpoint speaks a version of the API this one is not: the same request will never pass.
  if (code === 6100) return 'endpoint';
  return 'other';
}

function parseTask(value: unknown, index: number): Task {
  const where = `data.redisTaskSet[${index}]`;
  const item = objectAt(value, where);
  const code = integerAt(item.status, `${where}.status`);
  // progress is 0 (unfinished) or 1 (finished) per the doc.
  const progress = numberAt(item.progress, `${where}.progress`);
  const type = requiredTextAt(item.taskName, `${where}.taskName`);
  return {
    id: null,
    type,
    // The API defines no codes: its names are the readable form, as they come.
    typeName: type,
    instanceId: textAt(item.redisId, `${where}.redisId`),
    instanceName: textAt(item.redisName, `${where}.redisName`),
    status: statusOf(code, STATUS_CODES),
    statusRaw: String(code),
    progress: percent(progress === null ? null : progress * 100),
    startedAt: parseApiTime(item.startTime, ZONE, `${where}.startTime`),
    endedAt: null,
    message: null,
  };
}

function parseResponse(response: HttpResponse, context: ParseContext) {
  // API 2.0 answers its errors with HTTP 200 and a code; another status is the gateway's.
  const gateway = nonApiAnswer(TITLE, response, context);
  if (gateway) throw gateway;
  const body = parseJsonBody(response.body, TITLE);
  if (!isObject(body)) throw new MalformedResponseError(`${TITLE} sent an answer that is not an object`);
  const code = integerAt(body.code, 'code');
  if (code !== 0) {
    const message = [body.codeDesc, body.message]
      .map((part) => (typeof part === 'string' ? oneLine(part, MESSAGE_MAX_LENGTH) : ''))
      .filter((part) => part)
      .join(': ');
    throw vendorError(classify(code), TITLE, String(code), message, response, context);
  }
  const data = body.data === undefined || body.data === null ? {} : objectAt(body.data, 'data');
  const tasks = arrayAt(data.redisTaskSet, 'data.redisTaskSet').map(parseTask);
  return { tasks, total: integerAt(body.totalCount, 'totalCount') };
}

export const tencentRedisV2: ApiModule = {
  name: 'tencent-redis-v2',
  filtersAreServerSide: (filter) =>
    (filter.statuses === undefined || serverCodes(filter.statuses, STATUS_CODES) !== undefined) &&
    wholeSeconds(filter.startedAfter, filter.startedBefore),
  buildRequest(filter, page, context) {
    const { credentials } = context;
    if (credentials.cloud !== 'tencent') throw new Error('Tencent Cloud APIs need Tencent Cloud credentials');
    const params: Record<string, string> = {
      Action: 'GetRedisTaskList',
      Region: context.region ?? '',
      Timestamp: String(Math.floor(context.now.getTime() / 1000)),
      Nonce: String(context.nonce),
      SecretId: credentials.secretId,
      SignatureMethod: 'HmacSHA256',
      // The doc's table calls offset a page number, but its own example (offset=110 limit=40 reads
      // records 110-149) shows a record offset.
      offset: String(page.offset),
      limit: String(page.limit),
    };
    if (credentials.token) params.Token = credentials.token;
    if (filter.instanceId !== undefined) params.redisId = filter.instanceId;
    if (filter.instanceName !== undefined) params.redisName = filter.instanceName;
    // "查询在 [beginTime, endTime] 时间段内提交的任务列表": both bound the submission time, as ours do.
    const times = tencentTimeBounds(filter.startedAfter, filter.startedBefore, ZONE);
    if (times.begin) params.beginTime = times.begin;
    if (times.end) params.endTime = times.end;
    (filter.taskTypes ?? []).forEach(
      (type, i) => (params[`taskType.${i}`] = `task_${canonicalTaskType(type)}`),
    );
    (serverCodes(filter.statuses, STATUS_CODES) ?? []).forEach(
      (code, i) => (params[`taskStatus.${i}`] = String(code)),
    );
    const host = context.endpoint.host;
    params.Signature = signV2(credentials.secretKey, v2StringToSign('GET', host, PATH, params), 'HmacSHA256');
    const url = new URL(PATH, context.endpoint);
    for (const [name, value] of Object.entries(params)) url.searchParams.append(name, value);
    return { method: 'GET', url: url.toString(), headers: { Host: host } };
  },
  parseResponse,
  canonicalTaskType,
};
