import { Phase } from '../store';
import { verifyV2, Refusal } from './auth';
import { tencentTime, tencentTimeParam } from './tencent3';
import { HTTP_ERROR_CODES, htmlPage, httpError } from './gateway';
import { Answer, Router, intParam, json, queryParams, truncated } from './types';

/** GetRedisTaskList status: 0 pending, 1 running, 2 succeeded, 3 failed. */
const STATUS: Partial<Record<Phase, number>> = { pending: 0, running: 1, succeeded: 2, failed: 3 };

/**
 * API 2.0's error codes (the common error code page the seed links to, vendor-facts section 3, and the
 * seed's own 11201), with the codeDesc and message sent. All come on HTTP 200, in the listing's envelope.
 */
const CODES: Readonly<Record<string, [string, string]>> = {
  '4000': ['InvalidParameter', 'invalid request parameters: a required parameter is missing or malformed'],
  '4100': ['AuthFailure', 'authentication failed'],
  '4104': ['AuthFailure.SecretIdNotFound', 'the secretId does not exist'],
  '4105': ['AuthFailure.TokenFailure', 'the token is invalid or has expired'],
  '4200': ['RequestExpired', 'request expired: Timestamp is too far from server time'],
  '4400': ['LimitExceeded', 'request quota exceeded'],
  '4500': ['ReplayAttack', 'the Nonce was already used: replay refused'],
  '5100': ['FailedOperation', 'the operation failed: try again later'],
  '6000': ['InternalError', 'internal server error'],
  '6100': ['UnsupportedVersion', 'this version is not supported'],
  '6200': ['ServiceUnavailable', 'the API is temporarily unavailable'],
  '11201': ['InvalidParameter', 'invalid business parameter'],
};

function v2Error(code: number, codeDesc: string, message: string): Answer {
  return { ...json(200, { code, message, codeDesc }), refusal: `${code} ${codeDesc}` };
}

const REFUSALS: Record<Refusal['kind'], string> = {
  malformed: '4000',
  'unknown-key': '4104',
  signature: '4100',
  token: '4105',
  'token-expired': '4105',
  expired: '4200',
  replay: '4500',
};

const indexed = (params: Record<string, string>, name: string) =>
  Object.keys(params)
    .filter((key) => key.startsWith(`${name}.`))
    .map((key) => params[key]);

export const tencentRedisV2Router: Router = {
  api: 'tencent-redis-v2',
  // Its status (STATUS above) names no cancelled or paused task.
  outcomes: ['succeeded', 'failed', 'running'],
  action: 'GetRedisTaskList',
  matches: (request) =>
    request.method === 'GET' &&
    request.path === '/v2/index.php' &&
    queryParams(request.rawQuery).Action === 'GetRedisTaskList',
  logParams: (request) => {
    // The key id, signature and session token identify or prove a credential; Nonce and Timestamp do not.
    const { SecretId: _id, Signature: _s, Token: _t, ...rest } = queryParams(request.rawQuery);
    return rest;
  },
  throttled: () => v2Error(4400, 'LimitExceeded', 'request quota exceeded'),
  // v2 errors come on HTTP 200 too: a 5xx is the gateway's, and its body is not the API's.
  serverError: (status) => htmlPage(status, `HTTP ${status}`),
  errorCodes: [...Object.keys(CODES), ...HTTP_ERROR_CODES],
  vendorError: (request) => {
    const [codeDesc, message] = CODES[request.code] ?? [];
    return httpError(request) ?? v2Error(Number(request.code), codeDesc, request.message ?? message);
  },
  malformed: () => truncated('{"code": 0, "data": {"redisTaskSe'),
  // GetRedisTaskList lists no task ids.
  taskIds: () => () => '',
  handle(context) {
    const params = queryParams(context.request.rawQuery);
    const refusal = verifyV2(
      context.request,
      params,
      context.credentials,
      context.nonces,
      context.authNow,
      context.now,
    );
    if (refusal)
      return v2Error(Number(REFUSALS[refusal.kind]), CODES[REFUSALS[refusal.kind]][0], refusal.message);
    const limit = intParam(params.limit);
    const offset = intParam(params.offset) ?? 0;
    if (limit === undefined || !Number.isInteger(limit) || limit < 1 || limit > 100 || !(offset >= 0)) {
      return v2Error(
        11201,
        'InvalidParameter',
        'limit is required (1 to 100) and offset must be a non-negative integer',
      );
    }
    const begin = params.beginTime ? tencentTimeParam(params.beginTime) : undefined;
    const end = params.endTime ? tencentTimeParam(params.endTime) : undefined;
    if ((params.beginTime && begin === undefined) || (params.endTime && end === undefined)) {
      return v2Error(11201, 'InvalidParameter', 'beginTime/endTime must look like 2017-02-08 16:46:34');
    }
    const types = indexed(params, 'taskType');
    const statuses = indexed(params, 'taskStatus').map(Number);
    const matched = context.store
      .visible('tencent-redis-v2', context.now)
      .filter(
        ({ task, state }) =>
          (params.redisId === undefined || task.instanceId === params.redisId) &&
          (params.redisName === undefined || task.instanceName === params.redisName) &&
          (types.length === 0 || types.includes(`task_${task.type}`)) &&
          (statuses.length === 0 || statuses.includes(STATUS[state.phase] ?? 3)) &&
          (begin === undefined || task.startAt >= begin) &&
          (end === undefined || task.startAt <= end),
      );
    // offset counts records (the doc's example: offset=110 limit=40 reads records 110-149).
    const page = matched.slice(offset, offset + limit);
    return json(200, {
      code: 0,
      message: '',
      codeDesc: 'Success',
      totalCount: matched.length,
      data: {
        redisTaskSet: page.map(({ task, state }) => ({
          startTime: tencentTime(task.startAt),
          taskName: task.type,
          redisName: task.instanceName,
          redisId: task.instanceId,
          projectId: 0,
          status: STATUS[state.phase] ?? 3,
          progress: state.phase === 'succeeded' || state.phase === 'failed' ? 1 : 0,
        })),
      },
    });
  },
};
