import { Phase } from '../store';
import { verifyV2, Refusal } from './auth';
import { tencentTime, tencentTimeParam } from './tencent3';
import { Answer, Router, intParam, json, queryParams, truncated } from './types';

/** GetRedisTaskList status: 0 pending, 1 running, 2 succeeded, 3 failed. */
const STATUS: Partial<Record<Phase, number>> = { pending: 0, running: 1, succeeded: 2, failed: 3 };

/** API 2.0 common error codes: 4000 parameters, 4100 auth, 4200 expired, 4400 quota, 4500 replay, 6000 internal. */
function v2Error(code: number, codeDesc: string, message: string): Answer {
  return { ...json(200, { code, message, codeDesc }), refusal: `${code} ${codeDesc}` };
}

const REFUSALS: Record<Refusal['kind'], [number, string]> = {
  malformed: [4000, 'InvalidParameter'],
  'unknown-key': [4100, 'AuthFailure'],
  signature: [4100, 'AuthFailure'],
  token: [4100, 'AuthFailure'],
  'token-expired': [4100, 'AuthFailure'],
  expired: [4200, 'RequestExpired'],
  replay: [4500, 'ReplayAttack'],
};

const indexed = (params: Record<string, string>, name: string) =>
  Object.keys(params)
    .filter((key) => key.startsWith(`${name}.`))
    .map((key) => params[key]);

export const tencentRedisV2Router: Router = {
  api: 'tencent-redis-v2',
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
  serverError: (status) => ({ ...v2Error(6000, 'InternalError', 'internal server error'), status }),
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
    if (refusal) return v2Error(REFUSALS[refusal.kind][0], REFUSALS[refusal.kind][1], refusal.message);
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
