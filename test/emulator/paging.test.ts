import { RunningEmulator } from '../../src/emulator';
import { testEmulator } from '../support/emulator';
import { control, huaweiCall, send, tc3Call, v2Call } from './support';

// Page sizes and offsets as each service takes them.

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await testEmulator();
  // Five tasks of each API, one a minute apart.
  const tasks = ['tencent-redis', 'tencent-cdb', 'tencent-redis-v2', 'huawei-rds'].flatMap((api) =>
    [1, 2, 3, 4, 5].map((n) => ({
      api,
      type: api === 'tencent-cdb' ? '1' : 'backup',
      instanceId: `i-${n}`,
      start: `-${n}m`,
    })),
  );
  expect(await control(emulator.url, 'tasks', { tasks })).toMatchObject({ status: 201 });
});
afterAll(() => emulator.close());

const redis = (payload: Record<string, unknown>) => send(tc3Call(emulator.url, 'tencent-redis', payload));

describe('tencent-redis: Offset is a whole multiple of Limit', () => {
  it.each([
    [0, 2],
    [2, 2],
    [4, 2],
    [3, 3],
    [0, 100],
  ])('Offset %i with Limit %i is served', async (offset, limit) => {
    const answer = await redis({ Offset: offset, Limit: limit });
    expect(answer.body.Response.TotalCount).toBe(5);
    expect(answer.body.Response.Tasks).toHaveLength(Math.max(0, Math.min(limit, 5 - offset)));
  });

  it.each([
    ['Offset 1 with Limit 2', { Offset: 1, Limit: 2 }],
    ['Offset 3 with Limit 2', { Offset: 3, Limit: 2 }],
    ['Offset 5 with Limit 100', { Offset: 5, Limit: 100 }],
    ['Offset 10 with the default Limit (20)', { Offset: 10 }],
  ])('%s is refused with InvalidParameterValue, on HTTP 200', async (_name, payload) => {
    const answer = await redis(payload);
    expect(answer.status).toBe(200);
    expect(answer.body.Response.Error).toEqual({
      Code: 'InvalidParameterValue',
      Message: expect.stringContaining('integral multiple of `Limit`'),
    });
  });

  it('tencent-cdb takes any offset, as its page documents no such rule', async () => {
    const answer = await send(tc3Call(emulator.url, 'tencent-cdb', { Offset: 3, Limit: 2 }));
    expect(answer.body.Response.Items.map((item: any) => item.InstanceIds[0])).toEqual(['i-4', 'i-5']);
  });

  it('v2 offset counts records (the seed: offset=110 limit=40 reads records 110-149)', async () => {
    const answer = await send(v2Call(emulator.url, { offset: '3', limit: '2' }));
    expect(answer.body.data.redisTaskSet.map((task: any) => task.redisId)).toEqual(['i-4', 'i-5']);
  });
});

describe('documented page limits', () => {
  it('Huawei limit over 50 is a 400; Tencent Limit over 100 is InvalidParameterValue', async () => {
    const hw = await send(huaweiCall(emulator.url, [['limit', '51']]));
    expect(hw.status).toBe(400);
    const tc = await redis({ Limit: 101 });
    expect(tc.body.Response.Error.Code).toBe('InvalidParameterValue');
  });

  it('Huawei offset counts records', async () => {
    const answer = await send(
      huaweiCall(emulator.url, [
        ['offset', '3'],
        ['limit', '2'],
      ]),
    );
    expect(answer.body.tasks.map((task: any) => task.instance_id)).toEqual(['i-4', 'i-5']);
  });
});
