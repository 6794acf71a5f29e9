import { ApiName } from '../model';
import { EmulatorClock, changeClock, createEmulatorClock, describeClock } from './clock';
import { controlRefusal } from './control-guard';
import { Fault, Faults } from './faults';
import { Exchange } from './http';
import { listen } from './lifecycle';
import { RequestLog, RequestLogEntry, loggableParams } from './log';
import { LIMITS } from './limits';
import { ROUTERS } from './routers';
import { ReceivedRequest, Router, json } from './routers/types';
import { NonceCache } from './nonces';
import {
  EmulatorCredentials,
  Scenario,
  ScenarioError,
  listOf,
  parseClockChange,
  parseFaultSpec,
  parseScenario,
  parseTaskSpec,
} from './scenario';
import { TaskStore, stateAt } from './store';

export const CONTROL_PREFIX = '/_taskgate/';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly clock?: EmulatorClock;
  readonly scenario?: Scenario;
  readonly credentials?: EmulatorCredentials;
  /** One line per request, safe for a terminal (the CLI prints them to stderr). */
  readonly log?: (line: string) => void;
  /** How many requests the log keeps, newest last. @default 10000 */
  readonly maxLoggedRequests?: number;
  /** The APIs to serve, one router each, tried in order. @default the four APIs' routers */
  readonly routers?: readonly Router[];
}

export interface RunningEmulator {
  readonly url: string;
  readonly port: number;
  readonly store: TaskStore;
  readonly faults: Faults;
  readonly clock: EmulatorClock;
  requests(): readonly RequestLogEntry[];
  /** Loads a scenario: its clock settings, credentials, tasks (relative to the clock it sets) and faults. */
  load(scenario: Scenario): void;
  /** Clears tasks, faults, the log and the nonce cache, and puts the clock back as it started. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts the emulator of the task-list APIs (the four, unless `routers` says otherwise) on 127.0.0.1. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const routers = options.routers ?? ROUTERS;
  const clock = options.clock ?? createEmulatorClock();
  const taskIds = new Map(routers.map((router) => [router.api, router.taskIds()]));
  const store = new TaskStore(clock, (api) => taskIds.get(api)?.() ?? '');
  const faults = new Faults();
  const nonces = new NonceCache();
  const log = new RequestLog(options.log, options.maxLoggedRequests);
  // The caller's lists are copied: keys a scenario adds never land in them.
  let credentials = Object.fromEntries(
    Object.entries(options.credentials ?? {}).map(([cloud, keys]) => [cloud, [...(keys ?? [])]]),
  ) as EmulatorCredentials;
  // Known once listening; the control interface accepts only its own loopback Host and Origin.
  let port = 0;

  /** Refuses what would take the store or the armed faults past their limits (before anything changes). */
  const checkRoom = (newTasks: number, newFaults: readonly Fault[]) => {
    const held = store.all().length;
    if (held + newTasks > LIMITS.tasks) {
      throw new ScenarioError(
        `the emulator holds at most ${LIMITS.tasks} tasks and has ${held}: reset it or send fewer`,
      );
    }
    const armed = faults.list().length;
    if (armed + newFaults.filter((fault) => fault.kind !== 'skew').length > LIMITS.faults) {
      throw new ScenarioError(
        `at most ${LIMITS.faults} faults can be armed at once and ${armed} are: reset or send fewer`,
      );
    }
  };

  const load = (scenario: Scenario) => {
    const parsed = parseScenario(scenario);
    // Everything is checked before anything changes: a bad scenario leaves the emulator as it was.
    const clockChange = parsed.clock && parseClockChange(parsed.clock, 'scenario.clock', clock.now());
    const now = (clockChange?.setMs ?? clock.now()) + (clockChange?.advanceMs ?? 0);
    const tasks = (parsed.tasks ?? []).map((task, i) => parseTaskSpec(task, `tasks[${i}]`, now));
    const armed = (parsed.faults ?? []).map((fault, i) => parseFaultSpec(fault, `faults[${i}]`));
    checkRoom(tasks.length, armed);
    credentials = keyLists(credentials, parsed.credentials ?? {});
    if (clockChange) changeClock(clock, clockChange);
    tasks.forEach((task) => store.add(task));
    armed.forEach((fault) => faults.arm(fault));
  };
  if (options.scenario) load(options.scenario);

  const record = (entry: Omit<RequestLogEntry, 'seq' | 'at' | 'clock'>) => log.record(entry, clock.now());

  // The server's own clock: real time, off by the skew fault. Signatures and the Date header use it,
  // never the task timeline's clock, so moving the timeline cannot make a valid request stale.
  const serverNow = () => Date.now() + faults.skewMs;

  async function serveApi(router: Router, received: ReceivedRequest, exchange: Exchange) {
    const api = router.api;
    const base = {
      api,
      action: router.action,
      params: loggableParams(router.logParams(received), credentials),
    };
    if (faults.take('reset', api)) {
      record({ ...base, status: 0, outcome: 'fault: reset' });
      exchange.drop();
      return;
    }
    const delay = faults.take('delay', api);
    if (delay) {
      // Logged on arrival: a client that times out never sees the answer.
      record({ ...base, status: 0, outcome: `fault: delay ${delay.ms}ms` });
      await listening.sleep(delay.ms);
      if (exchange.closed) return;
    }
    const throttle = faults.take('throttle', api);
    if (throttle) {
      const answer = router.throttled();
      const headers =
        throttle.retryAfterSeconds === undefined
          ? answer.headers
          : { ...answer.headers, 'retry-after': String(throttle.retryAfterSeconds) };
      record({ ...base, status: answer.status, outcome: 'fault: throttle' });
      return exchange.answer({ ...answer, headers });
    }
    const failure = faults.take('error5xx', api);
    if (failure) {
      record({ ...base, status: failure.status, outcome: 'fault: error5xx' });
      return exchange.answer(router.serverError(failure.status));
    }
    if (faults.take('malformed', api)) {
      record({ ...base, status: 200, outcome: 'fault: malformed' });
      return exchange.answer(router.malformed());
    }
    const answer = router.handle({
      request: received,
      store,
      now: clock.now(),
      authNow: serverNow(),
      credentials,
      nonces,
    });
    const outcome = answer.refusal === undefined ? 'ok' : `refused: ${answer.refusal}`;
    if (!delay) record({ ...base, status: answer.status, outcome });
    exchange.answer(answer);
    // Head changes land between this page and the next one.
    const insert = faults.take('headInsert', api);
    if (insert) insertAtHead(api, insert.tasks);
    const remove = faults.take('headRemove', api);
    if (remove) store.removeNewest(api, remove.tasks);
  }

  const insertAtHead = (api: ApiName, count: number) => {
    const newest = store.visible(api)[0]?.task;
    const room = LIMITS.tasks - store.all().length;
    for (let i = 0; i < Math.min(count, room); i++) {
      store.add({
        api,
        type: newest?.type ?? 'inserted',
        instanceId: newest?.instanceId ?? 'inserted',
        instanceName: newest?.instanceName,
        startAt: Math.max(clock.now(), (newest?.startAt ?? 0) + 1000),
        pendingMs: 0,
        runningMs: 60_000,
        outcome: 'running',
      });
    }
  };

  async function serveControl(path: string, exchange: Exchange) {
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
    const route = `${exchange.method} ${path}`;
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
        const parsed = specs.map((spec, i) => parseTaskSpec(spec, `tasks[${i}]`, now));
        checkRoom(parsed.length, []);
        const created = parsed.map((task) => store.add(task));
        return reply(201, { created: created.map((task) => ({ api: task.api, id: task.id })) });
      }
      case 'POST faults': {
        const value = input();
        const specs = Array.isArray((value as { faults?: unknown }).faults)
          ? listOf((value as { faults: unknown[] }).faults, 'faults', LIMITS.faultsPerRequest)
          : [value];
        const parsed = specs.map((spec, i) => parseFaultSpec(spec, `faults[${i}]`));
        checkRoom(0, parsed);
        parsed.forEach((fault) => faults.arm(fault));
        return reply(201, { armed: faults.list().length, skewMs: faults.skewMs });
      }
      case 'GET requests':
        return reply(200, { requests: log.list() });
      case 'POST reset':
        reset();
        return reply(200, { ok: true });
      case 'POST scenario':
        load(input() as Scenario);
        return reply(201, { tasks: store.all().length });
      case 'POST clock':
        changeClock(clock, parseClockChange(input(), 'clock', clock.now()));
        return reply(200, describeClock(clock));
      default:
        return reply(404, { error: `no control endpoint ${route}; see the README's emulator section` });
    }
  }

  const reset = () => {
    clock.reset();
    store.clear();
    faults.clear();
    nonces.clear();
    log.clear();
  };

  async function serve(exchange: Exchange) {
    if (exchange.path.startsWith(CONTROL_PREFIX)) {
      return serveControl(exchange.path.slice(CONTROL_PREFIX.length), exchange);
    }
    const body = await exchange.readBody();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(exchange.headers)) {
      if (typeof value === 'string') headers[name.toLowerCase()] = value;
    }
    const received: ReceivedRequest = {
      method: exchange.method,
      path: exchange.path,
      rawQuery: exchange.rawQuery,
      headers,
      body,
    };
    const router = routers.find((candidate) => candidate.matches(received));
    if (!router) {
      record({ status: 404, outcome: `refused: no API at ${received.method} ${received.path}` });
      return exchange.answer(json(404, { error: 'no such API on this emulator' }));
    }
    try {
      return await serveApi(router, received, exchange);
    } finally {
      // A step per API request, whatever its answer: each poll sees the timelines one step further on.
      clock.tick();
    }
  }

  const listening = await listen({ port: options.port ?? 0, serverNow, serve });
  port = listening.port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    store,
    faults,
    clock,
    requests: () => log.list(),
    load,
    reset,
    close: () => listening.close(),
  };
}

/**
 * The keys so far and the added ones, cloud by cloud (the added ones' clouds first), each kept once:
 * the core holds every cloud's keys alike and leaves reading them to the routers.
 */
function keyLists(old: EmulatorCredentials, added: EmulatorCredentials): EmulatorCredentials {
  const lists = (credentials: EmulatorCredentials) =>
    credentials as Readonly<Record<string, readonly object[] | undefined>>;
  const merged: Record<string, object[]> = {};
  for (const cloud of new Set([...Object.keys(added), ...Object.keys(old)])) {
    const kept = lists(old)[cloud] ?? [];
    const seen = new Set(kept.map((entry) => JSON.stringify(entry)));
    merged[cloud] = [
      ...kept,
      ...(lists(added)[cloud] ?? []).filter((entry) => !seen.has(JSON.stringify(entry))),
    ];
    if (merged[cloud].length > LIMITS.credentials) {
      throw new ScenarioError(`the emulator accepts at most ${LIMITS.credentials} ${cloud} keys`);
    }
  }
  return merged as EmulatorCredentials;
}
