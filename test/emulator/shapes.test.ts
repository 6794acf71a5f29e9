import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunningEmulator } from '../../src/emulator';
import { control, huaweiCall, send, tc3Call, v2Call, useTestEmulator } from './support';

// What each API answers with, as the service sends it today, and as its seed page's example shows.

let emulator: RunningEmulator;
useTestEmulator((started) => (emulator = started));

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '../fixtures', name), 'utf8'));
const keysOf = (item: object) => Object.keys(item).sort();

async function scenario(body: Record<string, unknown>): Promise<void> {
  const loaded = await control(emulator.url, 'scenario', body);
  expect(loaded).toMatchObject({ status: 201 });
}

const redisTasks = async (payload: Record<string, unknown> = {}) =>
  (await send(tc3Call(emulator.url, 'tencent-redis', payload))).body.Response.Tasks;
const cdbItems = async (payload: Record<string, unknown> = {}) =>
  (await send(tc3Call(emulator.url, 'tencent-cdb', payload))).body.Response.Items;

describe('tencent-redis DescribeTaskList: task types are three-digit codes in answers', () => {
  const task = (type: string, instanceId: string) => ({
    api: 'tencent-redis',
    type,
    instanceId,
    start: '-1m',
  });

  it('a type given as a name or as a code is answered as the code; codes and names the table lacks as given', async () => {
    await scenario({
      tasks: [
        task('FLOW_BACKUPINSTANCE', 'crs-name'),
        task('034', 'crs-code'),
        task('FLOW_CHANGE_REPLICA_TO_MSTER', 'crs-seed-spelling'),
        task('099', 'crs-new-code'),
        task('FLOW_SOMETHING_NEW', 'crs-new-name'),
      ],
    });
    const byInstance = Object.fromEntries((await redisTasks()).map((t: any) => [t.InstanceId, t.TaskType]));
    expect(byInstance).toEqual({
      'crs-name': '012',
      'crs-code': '034',
      'crs-seed-spelling': '049',
      'crs-new-code': '099',
      'crs-new-name': 'FLOW_SOMETHING_NEW',
    });
  });

  it('the TaskTypes filter takes names and codes, and matches either way', async () => {
    await scenario({ tasks: [task('FLOW_BACKUPINSTANCE', 'crs-backup'), task('034', 'crs-params')] });
    const instances = async (types: string[]) =>
      (await redisTasks({ TaskTypes: types })).map((t: any) => t.InstanceId).sort();
    expect(await instances(['FLOW_BACKUPINSTANCE'])).toEqual(['crs-backup']);
    expect(await instances(['012'])).toEqual(['crs-backup']);
    // The official provider's acceptance test filters with ["034"].
    expect(await instances(['034'])).toEqual(['crs-params']);
    expect(await instances(['FLOW_MODIFYINSTANCEPARAMS'])).toEqual(['crs-params']);
    expect(await instances(['012', 'FLOW_MODIFYINSTANCEPARAMS'])).toEqual(['crs-backup', 'crs-params']);
    expect(await instances(['FLOW_CREATE'])).toEqual([]);
  });

  it('an item has the fields of the seed example, whichever shape is asked for', async () => {
    const [seedItem] = fixture('tencent-redis-DescribeTaskList.json').Response.Tasks;
    for (const shape of ['current', 'seed']) {
      emulator.reset();
      await scenario({ shape, tasks: [task('FLOW_BACKUPINSTANCE', 'crs-1')] });
      const [item] = await redisTasks();
      expect(keysOf(item)).toEqual(keysOf(seedItem));
    }
  });
});

describe('tencent-cdb DescribeTasks: the current TaskDetail by default, the seed shape on request', () => {
  const failed = {
    api: 'tencent-cdb',
    type: '2',
    instanceId: 'cdb-atjl8gns',
    start: '-2m',
    runningFor: '1s',
    outcome: 'failed',
    message: 'dial tcp :0: connection refused',
    asyncRequestId: 'a1b2c3d4-e5f6',
  };

  it('current: TaskType and TaskStatus names, InstanceIds, AsyncRequestId, and the reason in Message', async () => {
    await scenario({ tasks: [failed] });
    const [item] = await cdbItems();
    // tencentcloud-sdk-go cdb/v20170320/models.go, TaskDetail.
    expect(keysOf(item)).toEqual(
      [
        'AsyncRequestId',
        'Code',
        'EndTime',
        'InstanceIds',
        'JobId',
        'Message',
        'Progress',
        'StartTime',
        'TaskStatus',
        'TaskType',
      ].sort(),
    );
    expect(item).toMatchObject({
      TaskType: 'SQL OPERATION',
      TaskStatus: 'FAILED',
      InstanceIds: ['cdb-atjl8gns'],
      AsyncRequestId: 'a1b2c3d4-e5f6',
      Message: 'dial tcp :0: connection refused',
      Code: -5003,
      JobId: expect.any(Number),
    });
  });

  it.each([
    ['1', 'ROLLBACK'],
    ['ROLLBACK', 'ROLLBACK'],
    ['6', 'INITIAL'],
    ['13', 'SWITCH DR TO MASTER'],
    ['SQL OPERATION', 'SQL OPERATION'],
    ['42', '42'],
  ])('current: a task of type %s is answered as %s', async (type, name) => {
    await scenario({ tasks: [{ api: 'tencent-cdb', type, instanceId: 'cdb-1', start: '-1m' }] });
    expect((await cdbItems())[0].TaskType).toBe(name);
  });

  it.each([
    ['running', 'RUNNING', 1, { runningFor: '1h' }],
    ['pending', 'INITIAL', 0, { pendingFor: '1h' }],
    ['succeeded', 'SUCCEED', 2, {}],
    ['cancelled', 'KILLED', 4, { outcome: 'cancelled' }],
    ['paused', 'PAUSED', 6, { outcome: 'paused' }],
  ])('a %s task is %s in the current shape and %i in the seed shape', async (_phase, name, number, extra) => {
    const task = { api: 'tencent-cdb', type: '7', instanceId: 'cdb-1', start: '-1m', ...extra };
    await scenario({ tasks: [task, { ...task, instanceId: 'cdb-2', shape: 'seed' }] });
    const items = await cdbItems();
    expect(items.map((item: any) => item.TaskStatus ?? item.Status).sort()).toEqual([name, number].sort());
  });

  it('seed: Type and Status integers, Data[], and a failed job reason in Data[0].Message with an empty Message', async () => {
    await scenario({ tasks: [{ ...failed, shape: 'seed' }] });
    const [item] = await cdbItems();
    // The seed's JobId 51788.
    expect(item).toMatchObject({
      Type: 2,
      Status: 3,
      Code: -5003,
      Message: '',
      Data: [{ InstanceId: 'cdb-atjl8gns', Message: 'dial tcp :0: connection refused' }],
    });
    const seedKeys = fixture('tencent-cdb-DescribeTasks.json').Response.Items.map(keysOf);
    expect(seedKeys).toContainEqual(keysOf(item));
    expect(item.TaskType).toBeUndefined();
  });

  it('a scenario-wide shape applies to the tasks that name none; string-items serves JSON strings', async () => {
    await scenario({
      shape: 'seed',
      tasks: [
        { api: 'tencent-cdb', type: 'ROLLBACK', instanceId: 'cdb-seed', start: '-3m' },
        { api: 'tencent-cdb', type: '1', instanceId: 'cdb-current', start: '-2m', shape: 'current' },
        {
          api: 'tencent-cdb',
          type: '1',
          instanceId: 'cdb-strings',
          start: '-1m',
          cdbEncoding: 'string-items',
        },
        {
          api: 'tencent-cdb',
          type: '1',
          instanceId: 'cdb-current-strings',
          start: '-30s',
          shape: 'current',
          cdbEncoding: 'string-items',
        },
      ],
    });
    const [currentStrings, strings, current, seed] = await cdbItems();
    expect(seed).toMatchObject({ Type: 1, Status: 2, Data: [{ InstanceId: 'cdb-seed' }] });
    expect(current).toMatchObject({
      TaskType: 'ROLLBACK',
      TaskStatus: 'SUCCEED',
      InstanceIds: ['cdb-current'],
    });
    expect(typeof strings).toBe('string');
    expect(JSON.parse(strings)).toMatchObject({ Type: 1, Status: 2, Data: [{ InstanceId: 'cdb-strings' }] });
    expect(JSON.parse(currentStrings)).toMatchObject({
      TaskType: 'ROLLBACK',
      InstanceIds: ['cdb-current-strings'],
    });
  });

  it('the older cdbEncoding values still load: objects is the seed shape, task-status-string the current one', async () => {
    await scenario({
      tasks: [
        { api: 'tencent-cdb', type: '5', instanceId: 'cdb-objects', start: '-2m', cdbEncoding: 'objects' },
        {
          api: 'tencent-cdb',
          type: '5',
          instanceId: 'cdb-names',
          start: '-1m',
          cdbEncoding: 'task-status-string',
        },
      ],
    });
    const [names, objects] = await cdbItems();
    expect(objects).toMatchObject({ Type: 5, Status: 2 });
    expect(names).toMatchObject({ TaskType: 'MODIFY PARAM', TaskStatus: 'SUCCEED' });
  });

  it('the request filters stay integers: TaskTypes matches a task whichever form its type was given in', async () => {
    await scenario({
      tasks: [
        { api: 'tencent-cdb', type: 'ROLLBACK', instanceId: 'cdb-name', start: '-2m' },
        { api: 'tencent-cdb', type: '1', instanceId: 'cdb-number', start: '-1m' },
        { api: 'tencent-cdb', type: '7', instanceId: 'cdb-reboot', start: '-1m', runningFor: '1h' },
      ],
    });
    const instances = async (payload: Record<string, unknown>) =>
      (await cdbItems(payload)).map((item: any) => item.InstanceIds[0]).sort();
    expect(await instances({ TaskTypes: [1] })).toEqual(['cdb-name', 'cdb-number']);
    expect(await instances({ TaskStatus: [1] })).toEqual(['cdb-reboot']);
    const named = await send(tc3Call(emulator.url, 'tencent-cdb', { TaskTypes: ['ROLLBACK'] }));
    expect(named.body.Response.Error.Code).toBe('InvalidParameter');
  });

  it('a bad shape is a 400 naming the field and the allowed values', async () => {
    const bad = await control(emulator.url, 'tasks', {
      api: 'tencent-cdb',
      type: '1',
      instanceId: 'c',
      shape: 'new',
    });
    expect(bad).toEqual({
      status: 400,
      body: { error: 'tasks[0].shape must be one of current, seed, not "new"' },
    });
    const scenarioWide = await control(emulator.url, 'scenario', { shape: 'old', tasks: [] });
    expect(scenarioWide.body.error).toBe('scenario.shape must be one of current, seed, not "old"');
  });
});

describe('tencent-redis-v2 and huawei-rds: the seed examples are what the services send', () => {
  it('v2: data.redisTaskSet items have the seed example fields', async () => {
    await scenario({
      tasks: [{ api: 'tencent-redis-v2', type: 'backupInstance', instanceId: 'crs-1', start: '-1m' }],
    });
    const answer = (await send(v2Call(emulator.url, {}))).body;
    const seed = fixture('tencent-redis-v2-GetRedisTaskList.json');
    expect(keysOf(answer)).toEqual(keysOf(seed));
    expect(keysOf(answer.data.redisTaskSet[0])).toEqual(keysOf(seed.data.redisTaskSet[0]));
    expect(answer.data.redisTaskSet[0]).toMatchObject({ taskName: 'backupInstance', status: 2, progress: 1 });
  });

  it('Huawei: tasks items have the seed example fields; process is "" once finished', async () => {
    await scenario({
      tasks: [
        { api: 'huawei-rds', type: 'CreateBackup', instanceId: 'i-1', start: '-2m' },
        { api: 'huawei-rds', type: 'CreateBackup', instanceId: 'i-2', start: '-1m', runningFor: '1h' },
      ],
    });
    const answer = (await send(huaweiCall(emulator.url, []))).body;
    const seed = fixture('huawei-rds-tasklist.json');
    expect(keysOf(answer)).toEqual(keysOf(seed));
    const [running, done] = answer.tasks;
    expect(keysOf(done)).toEqual([...keysOf(seed.tasks[0]), 'fail_reason'].sort());
    expect(done).toMatchObject({ status: 'Completed', process: '' });
    expect(running).toMatchObject({ status: 'Running', process: expect.stringMatching(/^\d{1,2}$/) });
  });
});
