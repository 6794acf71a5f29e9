import { changeClock, describeClock } from './clock';
import { controlRefusal } from './control-guard';
import { Exchange } from './http';
import { LIMITS } from './limits';
import { json } from './routers/types';
import { Scenario } from './scenario';
import { parseClockChange } from './scenario/clock';
import { parseFaultSpec } from './scenario/faults';
import { ScenarioError, listOf } from './scenario/json';
import { parseTaskSpec } from './scenario/tasks';
import { EmulatorState } from './state';
import { stateAt } from './store';

/** The reserved path prefix of the control interface. */
export const CONTROL_PREFIX = '/_taskgate/';

/**
 * Serves one control request (`endpoint`: its path after the prefix). Only this machine may use
 * the interface: the guard refuses a foreign Host or Origin with 403, before the body is read.
 */
export async function serveControl(
  state: EmulatorState,
  endpoint: string,
  exchange: Exchange,
  port: number,
): Promise<void> {
  const { clock, store, faults } = state;
  const reply = (status: number, value: unknown) => exchange.answer(json(status, value));
  const refused = controlRefusal(exchange.method, exchange.headers, port);
  if (refused) return reply(403, { error: refused });
  const now = clock.now();
  const body = exchange.method === 'POST' ? await exchange.readBody() : '';
  const input = (): unknown => {
    try {
      return body === '' ? {} : JSON.parse(body);
    } catch {
      throw new ScenarioError('the body is not JSON');
    }
  };
  const route = `${exchange.method} ${endpoint}`;
  switch (route) {
    case 'GET health':
      return reply(200, { ok: true, ...describeClock(clock) });
    case 'GET tasks':
      return reply(200, {
        tasks: store.all().map((task) => ({
          ...task,
          startAt: new Date(task.startAt).toISOString(),
          state: stateAt(task, now) ?? 'scheduled',
        })),
      });
    case 'POST tasks': {
      const value = input();
      const specs = Array.isArray((value as { tasks?: unknown }).tasks)
        ? listOf((value as { tasks: unknown[] }).tasks, 'tasks', LIMITS.tasksPerRequest)
        : [value];
      const created = state.addTasks(specs.map((spec, i) => parseTaskSpec(spec, `tasks[${i}]`, now)));
      return reply(201, { created: created.map((task) => ({ api: task.api, id: task.id })) });
    }
    case 'POST faults': {
      const value = input();
      const specs = Array.isArray((value as { faults?: unknown }).faults)
        ? listOf((value as { faults: unknown[] }).faults, 'faults', LIMITS.faultsPerRequest)
        : [value];
      state.armFaults(specs.map((spec, i) => parseFaultSpec(spec, `faults[${i}]`)));
      return reply(201, { armed: faults.list().length, skewMs: faults.skewMs });
    }
    case 'GET requests':
      return reply(200, { requests: state.log.list() });
    case 'POST reset':
      state.reset();
      return reply(200, { ok: true });
    case 'POST scenario':
      state.load(input() as Scenario);
      return reply(201, { tasks: store.all().length });
    case 'POST identity':
      state.addIdentity(input());
      return reply(200, { ok: true });
    case 'POST clock':
      changeClock(clock, parseClockChange(input(), 'clock', clock.now()));
      return reply(200, describeClock(clock));
    default:
      return reply(404, { error: `no control endpoint ${route}; see the README's emulator section` });
  }
}
