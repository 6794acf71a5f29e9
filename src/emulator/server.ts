import { ApiName } from '../model';
import { EmulatorClock, createEmulatorClock } from './clock';
import { CONTROL_PREFIX, serveControl } from './control';
import { Faults } from './faults';
import { Exchange } from './http';
import { listen } from './lifecycle';
import { RequestLogEntry, loggableParams } from './log';
import { LIMITS } from './limits';
import { ROUTERS } from './routers';
import { ReceivedRequest, Router, json } from './routers/types';
import { EmulatorCredentials, Scenario } from './scenario';
import { EmulatorState } from './state';
import { TaskStore } from './store';

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
  const state = new EmulatorState({
    clock: options.clock ?? createEmulatorClock(),
    routers,
    credentials: options.credentials,
    log: options.log,
    maxLoggedRequests: options.maxLoggedRequests,
  });
  if (options.scenario) state.load(options.scenario);
  const { clock, store, faults } = state;
  const record = (entry: Parameters<EmulatorState['record']>[0]) => state.record(entry);
  // Known once listening; the control interface accepts only its own loopback Host and Origin.
  let port = 0;

  async function serveApi(router: Router, received: ReceivedRequest, exchange: Exchange) {
    const api = router.api;
    const base = {
      api,
      action: router.action,
      params: loggableParams(router.logParams(received), state.credentials),
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
      authNow: state.serverNow(),
      credentials: state.credentials,
      nonces: state.nonces,
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

  async function serve(exchange: Exchange) {
    if (exchange.path.startsWith(CONTROL_PREFIX)) {
      return serveControl(state, exchange.path.slice(CONTROL_PREFIX.length), exchange, port);
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

  const listening = await listen({ port: options.port ?? 0, serverNow: () => state.serverNow(), serve });
  port = listening.port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    store,
    faults,
    clock,
    requests: () => state.log.list(),
    load: (scenario) => state.load(scenario),
    reset: () => state.reset(),
    close: () => listening.close(),
  };
}
