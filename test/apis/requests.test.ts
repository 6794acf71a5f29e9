import { ApiName, describeApi } from '../../src/core/model';
import { LABELLERS } from '../../src/core/options';
import { RawOptions, validateQuery } from '../../src/validation';
import { huaweiRds } from '../../src/apis/huawei-rds';
import { tencentCdb } from '../../src/apis/tencent-cdb';
import { tencentRedis } from '../../src/apis/tencent-redis';
import { tencentRedisV2 } from '../../src/apis/tencent-redis-v2';
import { ApiModule } from '../../src/apis/types';
import { InvalidInputError } from '../../src/core/errors';
import { TaskFilter } from '../../src/core/model';

const context = (api: ApiModule) => ({
  endpoint: new URL('https://example.test'),
  credentials:
    describeApi(api.name).cloud === 'tencent'
      ? { cloud: 'tencent' as const, secretId: 'i', secretKey: 'k' }
      : { cloud: 'huawei' as const, accessKey: 'a', secretKey: 's' },
  region: 'r',
  projectId: 'p1',
  now: new Date('2026-01-01T00:00:00Z'),
  nonce: 7,
});
const body = (api: ApiModule, filter: TaskFilter) =>
  JSON.parse(api.buildRequest(filter, { offset: 200, limit: 100 }, context(api)).body as string);
const query = (api: ApiModule, filter: TaskFilter) =>
  Object.fromEntries(
    new URL(api.buildRequest(filter, { offset: 50, limit: 50 }, context(api)).url).searchParams,
  );
const after = new Date('2017-02-08T16:46:34.500+08:00');
const before = new Date('2017-02-09T00:00:00+08:00');

describe("filters become each API's parameters", () => {
  it('tencent-redis', () => {
    expect(
      body(tencentRedis, {
        instanceId: 'crs-1',
        instanceName: 'n',
        taskTypes: ['FLOW_BACKUPINSTANCE', '012', 'flow_modifyinstanceparams'],
        statuses: ['failed', 'running'],
        startedAfter: after,
        startedBefore: before,
        taskId: '9',
      }),
    ).toEqual({
      Limit: 100,
      Offset: 200,
      InstanceId: 'crs-1',
      InstanceName: 'n',
      // Names become the codes answers carry, each once.
      TaskTypes: ['012', '034'],
      Result: [4, 1],
      // No BeginTime/EndTime: whether EndTime bounds a task's start or its end is not documented.
    });
    expect(tencentRedis.filtersAreServerSide({ startedAfter: after })).toBe(false);
    // A status the API has no code for stays client side, so the server drops nothing asked for.
    expect(body(tencentRedis, { statuses: ['cancelled', 'failed'] }).Result).toBeUndefined();
    expect(tencentRedis.filtersAreServerSide({ statuses: ['cancelled'] })).toBe(false);
    expect(tencentRedis.filtersAreServerSide({ taskId: '9' })).toBe(false);
    expect(tencentRedis.filtersAreServerSide({ instanceId: 'x', statuses: ['failed'] })).toBe(true);
  });

  it('tencent-redis-v2: task_ prefixes, failed as 3 and -1, record offsets', () => {
    expect(
      query(tencentRedisV2, {
        instanceId: 'crs-1',
        instanceName: '测试API专用',
        taskTypes: ['backupInstance', 'task_cleanInstance'],
        statuses: ['failed'],
        startedAfter: after,
      }),
    ).toMatchObject({
      redisId: 'crs-1',
      redisName: '测试API专用',
      'taskType.0': 'task_backupInstance',
      'taskType.1': 'task_cleanInstance',
      'taskStatus.0': '3',
      'taskStatus.1': '-1',
      beginTime: '2017-02-08 16:46:34',
      offset: '50',
      limit: '50',
      Region: 'r',
      Nonce: '7',
      Timestamp: '1767225600',
    });
    expect(tencentRedisV2.canonicalTaskType('task_backupInstance')).toBe(
      tencentRedisV2.canonicalTaskType('backupInstance'),
    );
  });

  it('tencent-cdb', () => {
    expect(
      body(tencentCdb, {
        instanceId: 'cdb-1',
        asyncRequestId: 'a-1',
        taskTypes: ['1', '6'],
        statuses: ['cancelled', 'paused', 'unknown'],
        startedBefore: before,
      }),
    ).toEqual({
      Offset: 200,
      Limit: 100,
      InstanceId: 'cdb-1',
      AsyncRequestId: 'a-1',
      TaskTypes: [1, 6],
      TaskStatus: [4, 5, 6, -1],
      StartTimeEnd: '2017-02-09 00:00:00',
    });
  });

  it('huawei-rds: single values server side, the rest client side', () => {
    expect(
      query(huaweiRds, {
        taskId: 't',
        instanceId: 'i',
        taskTypes: ['CreateBackup'],
        statuses: ['succeeded'],
        startedAfter: after,
      }),
    ).toEqual({
      offset: '50',
      limit: '50',
      id: 't',
      instance_id: 'i',
      name: 'CreateBackup',
      status: 'Completed',
      // No start_time: it needs end_time, documented as the task's end, which running tasks lack.
    });
    const many = query(huaweiRds, { taskTypes: ['a', 'b'], statuses: ['running', 'failed'] });
    expect(many.name).toBeUndefined();
    expect(many.status).toBeUndefined();
    expect(huaweiRds.filtersAreServerSide({ taskTypes: ['a', 'b'] })).toBe(false);
    expect(huaweiRds.filtersAreServerSide({ instanceName: 'n' })).toBe(false);
    expect(
      new URL(huaweiRds.buildRequest({}, { offset: 0, limit: 50 }, context(huaweiRds)).url).pathname,
    ).toBe('/v3/p1/tasklist');
  });
});

describe('task types in either form', () => {
  it.each([
    ['tencent-redis', ['FLOW_BACKUPINSTANCE', '012', 'flow_backupinstance', 'FLOW_CHANGE_REPLICA_TO_MSTER']],
    ['tencent-cdb', ['1', 'ROLLBACK', 'rollback', '01', 'SQL OPERATION']],
  ] as [ApiName, string[]][])('%s accepts %j', (name, types) => {
    expect(
      validateQuery({ api: name, task_types: types }, LABELLERS.flag, { partial: true }).filter.taskTypes,
    ).toEqual(types);
  });
  it('CDB sends integers whichever form was given', () => {
    expect(body(tencentCdb, { taskTypes: ['ROLLBACK', '1', 'sql operation', '13'] }).TaskTypes).toEqual([
      1, 2, 13,
    ]);
  });
  it('either form compares equal to the other', () => {
    expect(tencentRedis.canonicalTaskType('FLOW_BACKUPINSTANCE')).toBe(tencentRedis.canonicalTaskType('012'));
    expect(tencentCdb.canonicalTaskType('ROLLBACK')).toBe(tencentCdb.canonicalTaskType('1'));
    expect(tencentCdb.canonicalTaskType('NEW THING')).toBe(tencentCdb.canonicalTaskType('new thing'));
  });
});

describe('options an API cannot express are refused, naming the API', () => {
  it.each([
    ['tencent-cdb', { instance_name: 'n' }, /^--instance-name is not supported by tencent-cdb/],
    ['tencent-cdb', { task_types: ['RESIZE'] }, /"RESIZE" is not a tencent-cdb task type: give an integer/],
    ['tencent-redis', { task_types: ['FLOW_NOSUCH'] }, /"FLOW_NOSUCH" is not a tencent-redis task type/],
    ['tencent-redis', { task_types: ['12'] }, /three-digit code/],
    ['tencent-redis-v2', { task_id: '1' }, /^--task-id is not supported by tencent-redis-v2/],
    [
      'tencent-redis-v2',
      { async_request_id: 'a' },
      /^--async-request-id is not supported by tencent-redis-v2/,
    ],
    ['tencent-redis', { async_request_id: 'a' }, /^--async-request-id is not supported by tencent-redis/],
    ['huawei-rds', { async_request_id: 'a' }, /^--async-request-id is not supported by huawei-rds/],
  ] as [ApiName, RawOptions, RegExp][])('%s %j', (name, raw, message) => {
    const validate = () => validateQuery({ api: name, ...raw }, LABELLERS.flag, { partial: true });
    expect(validate).toThrow(InvalidInputError);
    expect(validate).toThrow(message);
  });
});
