import { getApi } from '../../src/apis';
import { ApiModule, Credentials } from '../../src/apis/types';
import { HttpRequest } from '../../src/engine/types';
import { RunningEmulator, createEmulatorClock, startEmulator } from '../../src/emulator';
import { control as controlAt, huawei, request as buildRequest, send, useTestEmulator } from './support';

// The emulator's timeline clock, over the control interface and in process.

let emulator: RunningEmulator;
useTestEmulator((started) => (emulator = started));

const request = (api: ApiModule, options: Parameters<typeof buildRequest>[2] = {}): HttpRequest =>
  buildRequest(emulator.url, api, options);

/** A control-interface call: POST with a JSON body, or GET without one. */
const control = (path: string, body?: unknown) => controlAt(emulator.url, path, body);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const clockOf = async () => Date.parse((await control('health')).body.clock);

describe('timeline clock: freeze, resume, step, reset', () => {
  it('frozen, the clock stands still; resumed, it follows real time from where it stood', async () => {
    const frozen = await control('clock', { freeze: true });
    expect(frozen).toMatchObject({ status: 200, body: { clockFrozen: true, clockStepMs: 0 } });
    const at = Date.parse(frozen.body.clock);
    await pause(30);
    expect(await clockOf()).toBe(at);
    expect((await control('clock', { advance: '1h' })).body.clock).toBe(
      new Date(at + 3_600_000).toISOString(),
    );
    expect((await control('clock', { resume: true })).body.clockFrozen).toBe(false);
    await pause(30);
    const resumed = await clockOf();
    expect(resumed).toBeGreaterThan(at + 3_600_000);
    expect(resumed).toBeLessThan(at + 3_600_000 + 60_000);
  });

  it('a scenario that freezes the clock freezes it at the instant its tasks were placed', () => {
    // Real time moves 25 ms at every read, as on a busy machine: the frozen clock must not move with it.
    let real = Date.now();
    const spy = jest.spyOn(Date, 'now').mockImplementation(() => (real += 25));
    try {
      emulator.load({
        clock: { freeze: true, step: '1s' },
        tasks: [{ api: 'tencent-redis', type: 'FLOW_BACKUPINSTANCE', instanceId: 'crs-at', start: '-1s' }],
      });
    } finally {
      spy.mockRestore();
    }
    const [task] = emulator.store.all();
    expect(emulator.clock.now() - task.startAt).toBe(1000);
  });

  it('with a step, each API request sees the task one step further on, and 0s turns it off', async () => {
    await control('clock', { freeze: true, step: '1s' });
    await control('tasks', {
      api: 'tencent-redis',
      type: 'FLOW_BACKUPINSTANCE',
      instanceId: 'crs-step',
      start: '0s',
      runningFor: '10s',
    });
    const api = getApi('tencent-redis');
    const seen: string[] = [];
    for (let i = 0; i < 12; i++) {
      const [task] = (await send(request(api))).body.Response.Tasks;
      seen.push(`${task.Result}:${task.Progress}`);
    }
    expect(seen).toEqual([
      '1:0',
      '1:0.1',
      '1:0.2',
      '1:0.3',
      '1:0.4',
      '1:0.5',
      '1:0.6',
      '1:0.7',
      '1:0.8',
      '1:0.9',
      '2:1',
      '2:1',
    ]);
    // Control requests do not step.
    const at = await clockOf();
    expect(await clockOf()).toBe(at);
    expect((await control('clock', { step: '0s' })).body.clockStepMs).toBe(0);
    await send(request(api));
    expect(await clockOf()).toBe(at);
  });

  it('the step also moves a clock that follows real time, refused requests included', async () => {
    await control('clock', { step: '1h' });
    const before = await clockOf();
    await send(
      request(getApi('huawei-rds'), { credentials: { ...huawei, secretKey: 'wrong' } as Credentials }),
    );
    const after = await clockOf();
    expect(after - before).toBeGreaterThanOrEqual(3_600_000);
    expect(after - before).toBeLessThan(3_600_000 + 60_000);
  });

  it('a scenario sets the clock first, and its relative start times count from there', async () => {
    const loaded = await control('scenario', {
      clock: { set: '2030-01-01T08:00:00+08:00', freeze: true, step: '2s' },
      tasks: [{ api: 'tencent-cdb', type: '1', instanceId: 'cdb-1', start: '-5s', runningFor: '10s' }],
    });
    expect(loaded.status).toBe(201);
    expect((await control('health')).body).toMatchObject({
      ok: true,
      clock: '2030-01-01T00:00:00.000Z',
      clockFrozen: true,
      clockStepMs: 2000,
    });
    expect((await control('tasks')).body.tasks[0].startAt).toBe('2029-12-31T23:59:55.000Z');
  });

  it.each([
    [{ clock: { speed: 2 } }, /scenario\.clock has an unknown key "speed"/],
    [{ clock: { freeze: 'yes' } }, /scenario\.clock\.freeze must be true/],
    [{ clock: { freeze: true, resume: true } }, /cannot both freeze and resume/],
    [{ clock: { step: 'often' } }, /scenario\.clock\.step must be a duration/],
    [{ clock: { set: 'tomorrow' } }, /scenario\.clock\.set must be an ISO time/],
  ])('a bad scenario clock is a 400 naming the key: %j', async (scenario, message) => {
    const before = await control('health');
    const answer = await control('scenario', scenario);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(message);
    expect((await control('health')).body.clockFrozen).toBe(before.body.clockFrozen);
  });

  it('a bad clock request is a 400 and changes nothing', async () => {
    for (const body of [{}, { advance: 'soon' }, { freeze: true, tick: 1 }]) {
      const answer = await control('clock', body);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatch(/^clock( |\.)/);
    }
    expect((await control('health')).body.clockFrozen).toBe(false);
  });

  it('reset puts the clock back: following real time, no step, real now', async () => {
    await control('clock', { set: '2150-01-01T00:00:00Z', freeze: true, step: '5s' });
    expect((await control('reset', {})).status).toBe(200);
    const health = (await control('health')).body;
    expect(health).toMatchObject({ clockFrozen: false, clockStepMs: 0 });
    expect(Math.abs(Date.parse(health.clock) - Date.now())).toBeLessThan(60_000);
  });

  it('in process: the RunningEmulator clock freezes, steps, and reset() restores how it was started', async () => {
    const start = Date.parse('2031-05-01T00:00:00Z');
    const own = await startEmulator({ clock: createEmulatorClock({ start, frozen: true }) });
    try {
      own.clock.setStep(500);
      own.clock.advance(1000);
      expect(own.clock.mode()).toEqual({ frozen: true, stepMs: 500 });
      expect(own.clock.now()).toBe(start + 1000);
      own.clock.resume();
      expect(own.clock.mode().frozen).toBe(false);
      own.reset();
      expect(own.clock.mode()).toEqual({ frozen: true, stepMs: 0 });
      expect(own.clock.now()).toBe(start);
      own.load({ clock: { advance: '-1m', step: '1s' } });
      expect(own.clock.now()).toBe(start - 60_000);
      expect(own.clock.mode().stepMs).toBe(1000);
    } finally {
      await own.close();
    }
  });
});
