import { randomBytes, randomUUID } from 'node:crypto';
import { Phase } from '../store';
import { verifyHuawei } from './auth';
import { HTTP_ERROR_CODES, httpError } from './gateway';
import { Answer, Router, json, queryParams, truncated } from './types';

const PATH = /^\/v3\/([^/]+)\/tasklist$/;
const STATUS: Partial<Record<Phase, string>> = {
  pending: 'Running',
  running: 'Running',
  succeeded: 'Completed',
  failed: 'Failed',
};

/**
 * The errors an RDS call meets, with their HTTP status: the API gateway's (Huawei's "API Gateway error
 * codes" page; vendor-facts section 3: 0301 IAM authentication, also a stale X-Sdk-Date; 0303 app
 * authentication, which RDS does not use; 0308 throttling) and RDS's own (DBS.*).
 */
const CODES: Readonly<Record<string, [number, string]>> = {
  'APIGW.0101': [404, 'The API does not exist or has not been published in the environment.'],
  'APIGW.0301': [401, 'Incorrect IAM authentication information: verify aksk signature fail'],
  'APIGW.0302': [403, 'The IAM user is not authorized to access the API.'],
  'APIGW.0303': [401, 'Incorrect app authentication information.'],
  'APIGW.0307': [401, 'The token must be updated.'],
  'APIGW.0308': [429, 'The throttling threshold has been reached: policy user over ratelimit'],
  'APIG.0308': [429, 'The throttling threshold has been reached: policy user over ratelimit'],
  'DBS.200000': [500, 'The system is busy. Try again later.'],
  'DBS.280001': [400, 'Invalid parameter.'],
};

/** Huawei errors come as error_code/error_msg or errCode/errMsg; the official provider reads both (rds/common.go). */
const FORMS = ['error_code', 'errCode'] as const;

function huaweiError(status: number, code: string, message: string, form = 'error_code'): Answer {
  const body =
    form === 'errCode' ? { errCode: code, errMsg: message } : { error_code: code, error_msg: message };
  const answer = json(status, body, { 'x-request-id': randomUUID() });
  // The log shows the start of the error body: its code and message.
  return { ...answer, refusal: answer.body.slice(0, 160) };
}

/** A number written in decimal digits only (the doc: "必须为数字"); NaN for `1e1`, `0x10`, `-1` or ` 5`. */
function decimal(text: string): number {
  return /^\d{1,15}$/.test(text) ? Number(text) : NaN;
}

/** `2020-07-15T07:46:10+0000`, as the RDS doc's example prints times. */
function huaweiTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+0000`;
}

export const huaweiRdsRouter: Router = {
  api: 'huawei-rds',
  // Its status (STATUS above: Running, Completed, Failed) names no cancelled or paused task.
  outcomes: ['succeeded', 'failed', 'running'],
  action: 'tasklist',
  matches: (request) => request.method === 'GET' && PATH.test(request.path),
  logParams: (request) => ({ project_id: PATH.exec(request.path)?.[1], ...queryParams(request.rawQuery) }),
  throttled: () =>
    huaweiError(429, 'APIGW.0308', 'The throttling threshold has been reached: policy user over ratelimit'),
  // Huawei's services answer their own failures with their status and an error body.
  serverError: (status) => huaweiError(status, 'DBS.200000', 'The system is busy. Try again later.'),
  errorCodes: [...Object.keys(CODES), ...HTTP_ERROR_CODES],
  errorForms: FORMS,
  vendorError: (request) => {
    const [status, message] = CODES[request.code] ?? [];
    return httpError(request) ?? huaweiError(status, request.code, request.message ?? message, request.form);
  },
  malformed: () => truncated('{"tasks": [{"id": "0a1b2c3d4e5f60'),
  taskIds: () => () => randomBytes(16).toString('hex'),
  handle(context) {
    const query = queryParams(context.request.rawQuery);
    // The gateway checks AK/SK before the service sees the request; a stale X-Sdk-Date is APIGW.0301 too.
    const refusal = verifyHuawei(context.request, context.credentials, context.authNow, context.now);
    if (refusal) return huaweiError(401, 'APIGW.0301', refusal.message);
    const limit = query.limit === undefined ? 10 : decimal(query.limit);
    const offset = query.offset === undefined ? 0 : decimal(query.offset);
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) {
      return huaweiError(400, 'DBS.280001', 'Invalid parameter: limit must be from 1 to 50.');
    }
    if (!Number.isInteger(offset) || offset < 0) {
      return huaweiError(400, 'DBS.280001', 'Invalid parameter: offset must be a non-negative integer.');
    }
    if (
      (query.start_time === undefined) !== (query.end_time === undefined) &&
      query.start_time !== undefined
    ) {
      return huaweiError(
        400,
        'DBS.280001',
        'Invalid parameter: end_time is required when start_time is set.',
      );
    }
    const from = query.start_time === undefined ? undefined : decimal(query.start_time);
    const to = query.end_time === undefined ? undefined : decimal(query.end_time);
    if ((from !== undefined && !Number.isFinite(from)) || (to !== undefined && !Number.isFinite(to))) {
      return huaweiError(
        400,
        'DBS.280001',
        'Invalid parameter: start_time and end_time are UTC millisecond timestamps.',
      );
    }
    const matched = context.store
      .visible('huawei-rds', context.now)
      .filter(
        ({ task, state }) =>
          (query.id === undefined || task.id === query.id) &&
          (query.instance_id === undefined || task.instanceId === query.instance_id) &&
          (query.name === undefined || task.type === query.name) &&
          (query.status === undefined || STATUS[state.phase] === query.status) &&
          (from === undefined || task.startAt >= from) &&
          (to === undefined || task.startAt <= to),
      );
    const page = matched.slice(offset, offset + limit);
    return json(
      200,
      {
        tasks: page.map(({ task, state }) => {
          const finished = state.phase === 'succeeded' || state.phase === 'failed';
          return {
            id: task.id,
            name: task.type,
            instance_id: task.instanceId,
            instance_name: task.instanceName,
            instance_status: finished ? 'ACTIVE' : 'BACKING UP',
            order_id: '',
            // A percentage while running; an empty string once the task succeeded or failed.
            process: finished ? '' : String(Math.round(state.progress * 100)),
            fail_reason: state.phase === 'failed' ? task.message : '',
            create_time: huaweiTime(task.startAt),
            end_time: huaweiTime(task.startAt + task.pendingMs + task.runningMs),
            status: STATUS[state.phase] ?? 'Running',
          };
        }),
        actions: [...new Set(matched.map(({ task }) => task.type))],
        total_count: matched.length,
      },
      { 'x-request-id': randomUUID() },
    );
  },
};
