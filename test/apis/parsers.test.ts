import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { API_MODULES } from '../../src/apis';
import { huaweiRds } from '../../src/apis/huawei-rds';
import { tencentCdb } from '../../src/apis/tencent-cdb';
import { tencentRedis } from '../../src/apis/tencent-redis';
import { tencentRedisV2 } from '../../src/apis/tencent-redis-v2';
import { ApiModule } from '../../src/apis/types';
import { quoteLongIntegers } from '../../src/apis/parse';
import { HttpResponse } from '../../src/engine/types';
import { ApiError, InvalidInputError, MalformedResponseError } from '../../src/core/errors';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../fixtures', name), 'utf8');
const ok = (body: string, headers: Record<string, string> = {}): HttpResponse => ({
  status: 200,
  headers,
  body,
});
const at = (iso: string) => new Date(iso);
/** Where the answers came from, for the errors that name it. */
const CONTEXT = { filter: {}, sentAt: new Date(), endpoint: new URL('https://api.example.test') };

describe("the seeds' documented examples", () => {
  it('Redis 3.0 DescribeTaskList', () => {
    const page = tencentRedis.parseResponse(ok(fixture('tencent-redis-DescribeTaskList.json')), CONTEXT);
    expect(page.total).toBe(2);
    expect(page.tasks[0]).toEqual({
      id: '42372',
      type: '037',
      // The doc's example carries the code; the SDK names it.
      typeName: 'FLOW_MODIFYINSTANCEACCOUNT',
      instanceId: 'crs-opcazbrb',
      instanceName: 'multidbccbugfix11153',
      status: 'succeeded',
      statusRaw: '2',
      progress: 100,
      startedAt: at('2019-11-15T14:25:37+08:00'),
      endedAt: at('2019-11-15T14:25:46+08:00'),
      message: null,
    });
  });

  it('Redis v2 GetRedisTaskList', () => {
    const page = tencentRedisV2.parseResponse(ok(fixture('tencent-redis-v2-GetRedisTaskList.json')), CONTEXT);
    expect(page.total).toBe(9);
    expect(page.tasks).toHaveLength(9);
    expect(page.tasks[0]).toEqual({
      id: null,
      type: 'restoreBackup',
      typeName: 'restoreBackup',
      instanceId: 'crs-izbob1wh',
      instanceName: '测试API专用',
      status: 'succeeded',
      statusRaw: '2',
      progress: 100,
      startedAt: at('2017-02-10T16:56:18+08:00'),
      endedAt: null,
      message: null,
    });
  });

  it('CDB DescribeTasks', () => {
    const page = tencentCdb.parseResponse(ok(fixture('tencent-cdb-DescribeTasks.json')), CONTEXT);
    expect(page.total).toBe(13);
    expect(page.tasks.map((task) => [task.id, task.type, task.status])).toEqual([
      ['15964', '6', 'succeeded'],
      ['51788', '2', 'failed'],
      ['15967', '11', 'succeeded'],
      ['15969', '5', 'succeeded'],
      ['15970', '3', 'failed'],
      ['15971', '3', 'failed'],
      ['15972', '3', 'succeeded'],
      ['15974', '11', 'succeeded'],
      ['15976', '6', 'succeeded'],
      ['51695', '10', 'succeeded'],
    ]);
    expect(page.tasks[0]).toEqual({
      id: '15964',
      type: '6',
      typeName: 'INITIAL',
      instanceId: 'cdb-gt70m8aa',
      instanceName: null,
      status: 'succeeded',
      statusRaw: '2',
      progress: 100,
      startedAt: at('2017-06-27T15:05:33+08:00'),
      endedAt: at('2017-06-27T15:06:36+08:00'),
      message: '初始化实例成功',
    });
    expect(page.tasks.map((task) => task.typeName)).toEqual([
      'INITIAL',
      'SQL OPERATION',
      'UPGRADE MASTER',
      'MODIFY PARAM',
      'IMPORT DATA',
      'IMPORT DATA',
      'IMPORT DATA',
      'UPGRADE MASTER',
      'INITIAL',
      'BATCH ROLLBACK',
    ]);
    // "InstanceId": "" in Data[0] means no instance.
    expect(page.tasks[3].instanceId).toBeNull();
    // Job 51788 failed with "Message": "" and its reason in Data[0].Message.
    expect(page.tasks[1].message).toBe('dial tcp :0: connection refused');
    expect(page.tasks[4].progress).toBe(5);
  });

  it("CDB DescribeTasks in the SDK's current shape (TaskDetail)", () => {
    const page = tencentCdb.parseResponse(ok(fixture('tencent-cdb-DescribeTasks-current.json')), CONTEXT);
    expect(page.total).toBe(2);
    expect(page.tasks[0]).toEqual({
      id: '2001',
      type: 'ROLLBACK',
      typeName: 'ROLLBACK',
      instanceId: 'cdb-c1nl9rpv',
      instanceName: null,
      status: 'running',
      statusRaw: 'RUNNING',
      progress: 40,
      startedAt: at('2026-11-30T10:00:00+08:00'),
      endedAt: null,
      message: null,
    });
    expect(page.tasks[1]).toMatchObject({
      type: 'IMPORT DATA',
      status: 'failed',
      message: 'restore failed: binlog missing',
    });
    // Either form of the type compares as one.
    expect(tencentCdb.canonicalTaskType(page.tasks[1].type)).toBe(tencentCdb.canonicalTaskType('3'));
  });

  it('Huawei RDS tasklist', () => {
    const page = huaweiRds.parseResponse(ok(fixture('huawei-rds-tasklist.json')), CONTEXT);
    expect(page.total).toBe(1);
    expect(page.tasks[0]).toEqual({
      id: '676e9f17f9b74289883a44a47b8101f5',
      type: 'RestoreSqlserverInInstance',
      typeName: 'RestoreSqlserverInInstance',
      instanceId: '4d00c7e9d22145deb889937a72b59c8ein01',
      instanceName: 'rds-local-scale',
      status: 'succeeded',
      statusRaw: 'Completed',
      progress: 100,
      startedAt: at('2020-07-15T07:46:10Z'),
      endedAt: at('2020-07-15T09:46:10Z'),
      message: null,
    });
  });
});

describe('status tables, progress and times', () => {
  const redis = (task: Record<string, unknown>) =>
    tencentRedis.parseResponse(
      ok(
        JSON.stringify({
          Response: { TotalCount: 1, Tasks: [{ TaskId: 1, TaskType: 't', Result: 0, ...task }] },
        }),
      ),
      CONTEXT,
    ).tasks[0];
  it.each([
    [0, 'pending'],
    [1, 'running'],
    [2, 'succeeded'],
    [4, 'failed'],
    [3, 'unknown'],
  ])('Redis 3.0 Result %i is %s', (result, status) => expect(redis({ Result: result }).status).toBe(status));
  it('Redis 3.0 progress is a fraction; empty end times are null', () => {
    expect(redis({ Progress: 0.35, EndTime: '' })).toMatchObject({ progress: 35, endedAt: null });
    expect(redis({ EndTime: '0000-00-00 00:00:00' }).endedAt).toBeNull();
  });

  const v2 = (status: number, progress = 0) =>
    tencentRedisV2.parseResponse(
      ok(
        JSON.stringify({
          code: 0,
          totalCount: 1,
          data: {
            redisTaskSet: [
              { taskName: 'backupInstance', status, progress, startTime: '2017-02-10 16:56:18' },
            ],
          },
        }),
      ),
      CONTEXT,
    ).tasks[0];
  it.each([
    [0, 'pending'],
    [1, 'running'],
    [2, 'succeeded'],
    [3, 'failed'],
    [-1, 'failed'],
  ])('v2 status %i is %s', (code, status) => expect(v2(code).status).toBe(status));
  it('v2 progress 0/1 scales to 0/100', () => {
    expect(v2(1, 0).progress).toBe(0);
    expect(v2(2, 1).progress).toBe(100);
  });

  const cdb = (item: unknown) =>
    tencentCdb.parseResponse(ok(JSON.stringify({ Response: { TotalCount: 1, Items: [item] } })), CONTEXT)
      .tasks[0];
  it.each([
    [-1, 'unknown'],
    [0, 'pending'],
    [1, 'running'],
    [2, 'succeeded'],
    [3, 'failed'],
    [4, 'cancelled'],
    [5, 'cancelled'],
    [6, 'paused'],
  ])('CDB Status %i is %s', (code, status) =>
    expect(cdb({ JobId: 1, Type: 1, Status: code }).status).toBe(status),
  );
  it.each([
    ['INITIAL', 'pending'],
    ['WAITING', 'pending'],
    ['RUNNING', 'running'],
    ['SUCCEED', 'succeeded'],
    ['FAILED', 'failed'],
    ['KILLED', 'cancelled'],
    ['REMOVED', 'cancelled'],
    ['PAUSED', 'paused'],
    ['UNDEFINED', 'unknown'],
  ])('CDB TaskStatus %s is %s', (name, status) => {
    expect(cdb({ JobId: 1, TaskType: 'ROLLBACK', TaskStatus: name })).toMatchObject({
      status,
      statusRaw: name,
      type: 'ROLLBACK',
    });
  });
  it.each([
    [1, 'ROLLBACK'],
    ['13', 'SWITCH DR TO MASTER'],
    [4, null],
    [99, null],
  ])('CDB type %j is named %j, as the official provider maps it', (type, name) => {
    expect(cdb({ JobId: 1, Type: type, Status: 1 }).typeName).toBe(name);
  });
  it.each([
    ['ROLLBACK', 'ROLLBACK'],
    ['SQL OPERATION', 'SQL OPERATION'],
    // A name the table lacks is still the readable form.
    ['NEW THING', 'NEW THING'],
  ])('CDB TaskType %j (the current answer) is named %j', (type, name) => {
    expect(cdb({ JobId: 1, TaskType: type, TaskStatus: 'RUNNING' })).toMatchObject({ type, typeName: name });
  });
  it('CDB: the current shape (TaskDetail) and the seed shape give one record', () => {
    const current = cdb({
      JobId: 9,
      TaskType: 'ROLLBACK',
      TaskStatus: 'FAILED',
      InstanceIds: ['cdb-1'],
      AsyncRequestId: 'a-1',
      Code: -5003,
      Message: '',
      Progress: 50,
      StartTime: '2020-01-01 08:00:00',
      EndTime: '2020-01-01 08:01:00',
    });
    const seed = cdb({
      JobId: 9,
      Type: 1,
      Status: 3,
      Code: -5003,
      Message: '',
      Data: [{ InstanceId: 'cdb-1', Message: 'dial tcp :0: connection refused' }],
      Progress: 50,
      StartTime: '2020-01-01 08:00:00',
      EndTime: '2020-01-01 08:01:00',
    });
    const common = {
      id: '9',
      typeName: 'ROLLBACK',
      instanceId: 'cdb-1',
      status: 'failed',
      progress: 50,
      startedAt: at('2020-01-01T00:00:00Z'),
      endedAt: at('2020-01-01T00:01:00Z'),
    };
    expect(current).toMatchObject({ ...common, type: 'ROLLBACK', statusRaw: 'FAILED', message: null });
    expect(seed).toMatchObject({
      ...common,
      type: '1',
      statusRaw: '3',
      message: 'dial tcp :0: connection refused',
    });
    // The top-level Message wins when it says something.
    expect(cdb({ JobId: 1, Type: 1, Status: 3, Message: 'top', Data: [{ Message: 'inner' }] }).message).toBe(
      'top',
    );
  });
  it.each([
    ['012', 'FLOW_BACKUPINSTANCE'],
    ['FLOW_BACKUPINSTANCE', 'FLOW_BACKUPINSTANCE'],
    ['999', null],
  ])('Redis TaskType %j is named %j', (type, name) => {
    expect(redis({ TaskType: type })).toMatchObject({ type, typeName: name });
  });
  it('CDB Items as JSON-encoded strings, instance from InstanceIds[0]', () => {
    const task = cdb(
      JSON.stringify({
        JobId: 7,
        Type: 1,
        Status: 1,
        Progress: 40,
        InstanceIds: ['cdb-1'],
        StartTime: '2020-01-01 08:00:00',
        EndTime: '0000-00-00 00:00:00',
      }),
    );
    expect(task).toMatchObject({
      id: '7',
      status: 'running',
      progress: 40,
      instanceId: 'cdb-1',
      endedAt: null,
      startedAt: at('2020-01-01T00:00:00Z'),
    });
    expect(() => cdb('not json')).toThrow(MalformedResponseError);
  });

  const hw = (task: Record<string, unknown>) =>
    huaweiRds.parseResponse(
      ok(
        JSON.stringify({
          total_count: 1,
          tasks: [
            {
              id: 'a',
              name: 'n',
              status: 'Running',
              create_time: '2020-07-15T07:46:10+0000',
              end_time: '2020-07-15T09:46:10+0000',
              ...task,
            },
          ],
        }),
      ),
      CONTEXT,
    ).tasks[0];
  it('Huawei process: a percentage, empty means 100 when completed and null when failed; planned end only once ended', () => {
    expect(hw({ process: '45' })).toMatchObject({ status: 'running', progress: 45, endedAt: null });
    expect(hw({ status: 'Completed', process: '' }).progress).toBe(100);
    expect(hw({ status: 'Failed', process: '', fail_reason: 'no space' })).toMatchObject({
      status: 'failed',
      progress: null,
      message: 'no space',
    });
  });
});

describe('error envelopes', () => {
  const tc3 =
    (code: string, headers: Record<string, string> = {}) =>
    () =>
      tencentRedis.parseResponse(
        ok(JSON.stringify({ Response: { Error: { Code: code, Message: 'm' }, RequestId: 'r' } }), headers),
        CONTEXT,
      );
  const error = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return e as ApiError;
    }
    throw new Error('no error thrown');
  };
  const kind = (e: unknown) => {
    if (e instanceof InvalidInputError) return 'exit 2';
    if (!(e instanceof ApiError)) return 'other';
    if (e.clockSkew) return 'clock';
    if (e.credentialsRefused) return 'refresh';
    return e.retryable ? 'retry' : 'exit 4';
  };
  // Every code of the seeds' error tables and of the vendor facts (section 3), and what it means.
  it.each([
    // DescribeTaskList's table
    ['FailedOperation.SystemError', 'exit 4'],
    ['InternalError.DbOperationFailed', 'exit 4'],
    ['InternalError.InternalError', 'exit 4'],
    ['InvalidParameter.PermissionDenied', 'exit 4'],
    // DescribeTasks' table
    ['CdbError', 'exit 4'],
    ['InternalError.DatabaseAccessError', 'exit 4'],
    ['InternalError.DesError', 'exit 4'],
    ['InvalidParameter', 'exit 2'],
    ['InvalidParameter.InstanceNotFound', 'exit 2'],
    ['OperationDenied', 'exit 4'],
    ['OperationDenied.WrongStatus', 'exit 4'],
    // Common codes
    ['RequestLimitExceeded', 'retry'],
    ['RequestLimitExceeded.UinLimitExceeded', 'retry'],
    ['ResourceUnavailable', 'retry'],
    ['ResourceInUse', 'retry'],
    ['AuthFailure.SignatureExpire', 'clock'],
    ['AuthFailure.TokenFailure', 'refresh'],
    ['AuthFailure.SignatureFailure', 'exit 4'],
    ['UnauthorizedOperation', 'exit 4'],
    ['UnsupportedRegion', 'exit 2'],
    ['InvalidAction', 'exit 4'],
    ['InvalidParameterValue', 'exit 2'],
    ['MissingParameter', 'exit 2'],
    ['ServiceUnavailable', 'retry'],
  ])('Tencent 3.0 %s: %s', (code, expected) => {
    expect(kind(error(tc3(code, { date: 'Tue, 24 Nov 2026 03:00:00 GMT' })))).toBe(expected);
  });
  it('Tencent 3.0 messages name the region, the instance and the endpoint', () => {
    const context = {
      ...CONTEXT,
      region: 'ap-nowhere',
      instanceId: 'cdb-missing',
      endpoint: new URL('https://user:pw@wrong.example.test:8443/some/path?q=1'),
    };
    const fail = (code: string) =>
      error(() =>
        tencentCdb.parseResponse(
          ok(JSON.stringify({ Response: { Error: { Code: code, Message: 'm' }, RequestId: 'r' } })),
          context,
        ),
      ).message;
    expect(fail('UnsupportedRegion')).toMatch(/does not serve the region "ap-nowhere"/);
    expect(fail('InvalidParameter.InstanceNotFound')).toMatch(/has no instance "cdb-missing"/);
    expect(fail('InternalError.DatabaseAccessError')).toMatch(/check "cdb-missing"/);
    const wrong = fail('InvalidAction');
    expect(wrong).toMatch(
      /^https:\/\/wrong\.example\.test:8443 does not serve Tencent Cloud CDB DescribeTasks/,
    );
    expect(wrong).not.toMatch(/pw|some\/path/);
  });
  it.each([
    [502, '<html>bad gateway</html>', 'retry'],
    [503, '{"Response":{"Error":{"Code":"InternalError","Message":"m"}}}', 'retry'],
    [429, '', 'retry'],
    [404, '<html>Not Found</html>', 'exit 4'],
    [403, 'Forbidden', 'exit 4'],
    [200, '<html>a captive portal</html>', 'retry'],
  ])('Tencent 3.0 HTTP %i with %j: %s', (status, body, expected) => {
    const e = error(() => tencentRedis.parseResponse({ status, headers: {}, body }, CONTEXT));
    expect(kind(e)).toBe(expected);
    if (status === 404) expect(e.message).toMatch(/does not serve .*\(HTTP 404\)/);
  });
  it.each([
    [4000, 'exit 2'],
    [11201, 'exit 2'],
    [4100, 'exit 4'],
    [4104, 'exit 4'],
    [4105, 'refresh'],
    [4200, 'clock'],
    [4400, 'retry'],
    [4500, 'retry'],
    [5100, 'retry'],
    [6000, 'retry'],
    [6100, 'exit 4'],
    [6200, 'retry'],
  ])('v2 code %i: %s', (code, expected) => {
    const v2 = () =>
      tencentRedisV2.parseResponse(ok(JSON.stringify({ code, message: 'm', codeDesc: 'd' })), CONTEXT);
    expect(kind(error(v2))).toBe(expected);
  });
  it.each([
    [502, '<html>bad gateway</html>', 'retry'],
    [404, '<html>Not Found</html>', 'exit 4'],
  ])('v2 HTTP %i with %j: %s', (status, body, expected) => {
    expect(kind(error(() => tencentRedisV2.parseResponse({ status, headers: {}, body }, CONTEXT)))).toBe(
      expected,
    );
  });
  const sentAt = at('2026-11-24T03:00:00Z');
  it.each([
    [429, { error_code: 'APIGW.0308', error_msg: 'm' }, {}, 'retry'],
    [429, { error_code: 'APIG.0308', error_msg: 'm' }, {}, 'retry'],
    // IAM authentication failed: an expired token or a bad key.
    [401, { error_code: 'APIGW.0301', error_msg: 'm' }, { date: 'Tue, 24 Nov 2026 03:01:00 GMT' }, 'refresh'],
    // The same code, with the gateway's clock 20 minutes from the request's: a stale X-Sdk-Date.
    [401, { error_code: 'APIGW.0301', error_msg: 'm' }, { date: 'Tue, 24 Nov 2026 03:20:00 GMT' }, 'clock'],
    [401, { error_code: 'APIGW.0303', error_msg: 'm' }, {}, 'exit 4'],
    [403, { error_code: 'RDS.0004', error_msg: 'm' }, {}, 'exit 4'],
    [404, { error_code: 'APIGW.0101', error_msg: 'm' }, {}, 'exit 4'],
    [400, { error_code: 'DBS.280001', error_msg: 'm' }, {}, 'exit 2'],
    [400, { errCode: 'DBS.280001', errMsg: 'm' }, {}, 'exit 2'],
    [500, { error_code: 'DBS.200000', error_msg: 'm' }, {}, 'retry'],
    [502, '<html>bad gateway</html>', {}, 'retry'],
    [404, '<html>Not Found</html>', {}, 'exit 4'],
  ])('Huawei HTTP %i %j: %s', (status, body, headers, expected) => {
    const e = error(() =>
      huaweiRds.parseResponse(
        { status, headers, body: typeof body === 'string' ? body : JSON.stringify(body) },
        { ...CONTEXT, sentAt },
      ),
    );
    expect(kind(e)).toBe(expected);
    if (typeof body === 'object' && 'errCode' in body) expect(e.message).toMatch(/DBS\.280001/);
  });
});

describe('parsers survive arbitrary JSON', () => {
  const envelopes: Record<string, (value: unknown) => unknown> = {
    'tencent-redis': (value) => ({ Response: { TotalCount: 1, Tasks: [value] } }),
    'tencent-redis-v2': (value) => ({ code: 0, totalCount: 1, data: { redisTaskSet: [value] } }),
    'tencent-cdb': (value) => ({ Response: { TotalCount: 1, Items: [value] } }),
    'huawei-rds': (value) => ({ total_count: 1, tasks: [value] }),
  };
  const typed = (error: unknown) =>
    error instanceof MalformedResponseError ||
    error instanceof ApiError ||
    error instanceof InvalidInputError;
  it.each(Object.entries(API_MODULES))(
    '%s: a Page or a typed error, never anything else',
    (name, api: ApiModule) => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.json(),
            fc.jsonValue().map((v) => JSON.stringify(envelopes[name](v))),
          ),
          fc.integer({ min: 200, max: 599 }),
          (body, status) => {
            try {
              const page = api.parseResponse({ status, headers: {}, body }, CONTEXT);
              expect(Array.isArray(page.tasks)).toBe(true);
              expect(Number.isInteger(page.total)).toBe(true);
            } catch (error) {
              if (!typed(error)) throw error;
            }
          },
        ),
        { numRuns: 1000 },
      );
    },
  );
});

describe('vendor text in errors is one line of plain text', () => {
  // eslint-disable-next-line no-control-regex
  const RAW = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
  const hostileMessage = `\x1b]0;pwned\x07\x1b[2J磁盘\u202e已满\r\n${'x'.repeat(1024 * 1024)}`;
  const hostileCode = 'AuthFailure.\x1b[31mSignatureFailure\x1b[0m\n';
  const thrown = (fn: () => unknown): ApiError => {
    try {
      fn();
    } catch (e) {
      return e as ApiError;
    }
    throw new Error('no error thrown');
  };
  const expectClean = (error: Error) => {
    expect(error.message).not.toMatch(RAW);
    expect(error.message).not.toContain('[31m');
    expect(error.message).not.toContain('pwned');
    expect(error.message.length).toBeLessThan(800);
    expect(error.message).toContain('磁盘 已满 xxx');
    expect(error.message).toContain('…');
  };

  it('Tencent 3.0: Code, Message and RequestId', () => {
    const body = JSON.stringify({
      Response: {
        Error: { Code: hostileCode, Message: hostileMessage },
        RequestId: `req\x1b[1m-1\n${'r'.repeat(5000)}`,
      },
    });
    for (const api of [tencentRedis, tencentCdb]) {
      const error = thrown(() => api.parseResponse(ok(body), CONTEXT));
      expect(error).toBeInstanceOf(ApiError);
      expectClean(error);
      expect(error.message).toContain('(AuthFailure.SignatureFailure)');
      expect(error.code).toBe('AuthFailure.SignatureFailure');
      expect(error.requestId).not.toMatch(RAW);
      expect(error.requestId?.startsWith('req-1 rrr')).toBe(true);
      expect(error.requestId!.length).toBeLessThanOrEqual(200);
    }
  });

  it('Tencent 3.0: a hostile Message on a parameter error (exit 2) too', () => {
    const body = JSON.stringify({
      Response: { Error: { Code: 'InvalidParameterValue', Message: hostileMessage }, RequestId: 'r' },
    });
    const error = thrown(() => tencentCdb.parseResponse(ok(body), CONTEXT));
    expect(error).toBeInstanceOf(InvalidInputError);
    expectClean(error);
  });

  it('Redis v2: codeDesc and message', () => {
    const body = JSON.stringify({ code: 4100, codeDesc: hostileCode, message: hostileMessage });
    const error = thrown(() => tencentRedisV2.parseResponse(ok(body), CONTEXT));
    expectClean(error);
    expect(error.message).toContain('(4100): AuthFailure.SignatureFailure: 磁盘');
  });

  it('Huawei: error_code, error_msg and X-Request-Id', () => {
    const error = thrown(() =>
      huaweiRds.parseResponse(
        {
          status: 403,
          headers: { 'x-request-id': 'id\x1b[0m\u009b2J' },
          body: JSON.stringify({ error_code: hostileCode, error_msg: hostileMessage }),
        },
        CONTEXT,
      ),
    );
    expectClean(error);
    expect(error.code).toBe('AuthFailure.SignatureFailure');
    expect(error.requestId).toBe('id');
  });

  it('a code that is nothing but escapes still names something', () => {
    const body = JSON.stringify({ Response: { Error: { Code: '\x1b[0m', Message: '' }, RequestId: 'r' } });
    expect(thrown(() => tencentRedis.parseResponse(ok(body), CONTEXT)).message).toMatch(
      /error UnknownError$/,
    );
  });
});

describe('ids are strings end to end', () => {
  it('a 20-digit TaskId or JobId keeps every digit', () => {
    const redis = tencentRedis.parseResponse(
      ok(
        '{"Response":{"TotalCount":1,"Tasks":[{"TaskId":12345678901234567891,"TaskType":"012","Result":1}]}}',
      ),
      CONTEXT,
    );
    expect(redis.tasks[0].id).toBe('12345678901234567891');
    const cdb = tencentCdb.parseResponse(
      ok('{"Response":{"TotalCount":1,"Items":[{"JobId":98765432109876543210,"Type":1,"Status":1}]}}'),
      CONTEXT,
    );
    expect(cdb.tasks[0].id).toBe('98765432109876543210');
  });
  it.each([
    ['{"a":12345678901234567890}', { a: '12345678901234567890' }],
    ['{"a":-12345678901234567890}', { a: '-12345678901234567890' }],
    [
      '{"a":"x12345678901234567890\\"1234567890123456789"}',
      { a: 'x12345678901234567890"1234567890123456789' },
    ],
    [
      '{"a":1234567890123456.5,"b":12345678901234567e2}',
      { a: 1234567890123456.5, b: Number('12345678901234567e2') },
    ],
    ['[123456789012345,9007199254740993]', [123456789012345, '9007199254740993']],
  ])('%s', (text, value) => {
    expect(JSON.parse(quoteLongIntegers(text))).toEqual(value);
  });
});
