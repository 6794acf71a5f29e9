import { EmulatorClock, createEmulatorClock } from './clock';
import { CONTROL_PREFIX, serveControl } from './control';
import { serveApi } from './fault-pipeline';
import { Faults } from './faults';
import { Exchange } from './http';
import { Listening, listen } from './lifecycle';
import { RequestLogEntry } from './log';
import { IDENTITY_ROUTERS, ROUTERS } from './routers';
import { loggableParams } from './log';
import { IdentityRouter, ReceivedRequest, Router, json } from './routers/types';
import { Scenario } from './scenario';
import { EmulatorCredentials } from './scenario/credentials';
import { EmulatorState } from './state';
import { TaskStore } from './store';
import { createEmulatorTls } from './tls';

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
  /**
   * Serve HTTPS with a certificate from a throwaway authority made now, whose PEM is written to a
   * private temporary directory removed by close(). @default false (plain HTTP)
   */
  readonly tls?: boolean;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT`, or `https://127.0.0.1:PORT` with `tls`. */
  readonly url: string;
  readonly port: number;
  readonly store: TaskStore;
  readonly faults: Faults;
  readonly clock: EmulatorClock;
  /** With `tls`: the authority's certificate (PEM) and the file holding it, for NODE_EXTRA_CA_CERTS. */
  readonly ca?: { readonly pem: string; readonly path: string };
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

  const serve = async (exchange: Exchange): Promise<void> => {
    if (exchange.path.startsWith(CONTROL_PREFIX)) {
      // The guard compares Host and Origin with the port, known by the time requests arrive.
      return serveControl(state, exchange.path.slice(CONTROL_PREFIX.length), exchange, listening.port);
    }
    const received = await receivedOf(exchange);
    const identity = IDENTITY_ROUTERS.find((candidate) => candidate.matches(received));
    if (identity) return serveIdentity(state, identity, received, exchange, listening.sleep);
    const router = routers.find((candidate) => candidate.matches(received));
    if (!router) {
      state.record({ status: 404, outcome: `refused: no API at ${received.method} ${received.path}` });
      return exchange.answer(json(404, { error: 'no such API on this emulator' }));
    }
    return serveApi(state, router, received, exchange, listening.sleep);
  };
  const tls = options.tls ? createEmulatorTls() : undefined;
  let listening: Listening;
  try {
    listening = await listen({ port: options.port ?? 0, serverNow: () => state.serverNow(), serve, tls });
  } catch (error) {
    tls?.remove();
    throw error;
  }

  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${listening.port}`,
    port: listening.port,
    store: state.store,
    faults: state.faults,
    clock: state.clock,
    requests: () => state.log.list(),
    load: (scenario) => state.load(scenario),
    reset: () => state.reset(),
    ca: tls && { pem: tls.caPem, path: tls.caPath },
    close: async () => {
      await listening.close();
      tls?.remove();
    },
  };
}

/**
 * Answers an STS, IAM or metadata request: a fault scoped to the service (the connection reset, the
 * answer delayed, or the service's own 5xx), else the service's answer. Each request is logged (never
 * what it carries or what was issued) and moves a stepping clock like any request.
 */
async function serveIdentity(
  state: EmulatorState,
  router: IdentityRouter,
  received: ReceivedRequest,
  exchange: Exchange,
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  const action = `${router.name} ${router.action(received)}`;
  const record = (status: number, outcome: string) =>
    state.record({
      action,
      params: loggableParams(router.logParams(received), state.secretValues()),
      status,
      outcome,
    });
  try {
    const { faults } = state;
    if (faults.takeForService('reset', router.name)) {
      record(0, 'fault: reset');
      return exchange.drop();
    }
    const delay = faults.takeForService('delay', router.name);
    if (delay) {
      record(0, `fault: delay ${delay.ms}ms`);
      await sleep(delay.ms);
      if (exchange.closed) return;
    }
    const failure = faults.takeForService('error5xx', router.name);
    if (failure) {
      const answer = router.serverError(failure.status);
      record(answer.status, 'fault: error5xx');
      return exchange.answer(answer);
    }
    const answer = router.handle({
      request: received,
      now: state.clock.now(),
      authNow: state.serverNow(),
      credentials: state.credentials,
      identity: state.identity,
      issue: (kind, lifetimeMs, idPrefix) =>
        state.issued.issue(kind, state.clock.now(), lifetimeMs, idPrefix),
      issued: (kind) => state.issued.list(kind),
    });
    // Logged after the answer is made, so that what it issued is known to the redaction too.
    if (!delay) record(answer.status, answer.refusal === undefined ? 'ok' : `refused: ${answer.refusal}`);
    exchange.answer(answer);
  } finally {
    state.clock.tick();
  }
}

/** An API request as routers read it: the whole body, and the headers that came once, names lower-cased. */
async function receivedOf(exchange: Exchange): Promise<ReceivedRequest> {
  const body = await exchange.readBody();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(exchange.headers)) {
    if (typeof value === 'string') headers[name.toLowerCase()] = value;
  }
  return { method: exchange.method, path: exchange.path, rawQuery: exchange.rawQuery, headers, body };
}
