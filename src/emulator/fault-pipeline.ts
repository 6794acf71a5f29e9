import { ApiName } from '../core/model';
import { Fault, FaultKind } from './faults';
import { Exchange } from './http';
import { LIMITS } from './limits';
import { loggableParams } from './log';
import { Answer, ReceivedRequest, Router } from './routers/types';
import { EmulatorState } from './state';

/** Faults that answer in the router's place, tried in this order (after reset and delay). */
const ANSWERING_FAULTS: readonly { kind: FaultKind; answer(router: Router, fault: Fault): Answer }[] = [
  {
    kind: 'throttle',
    answer: (router, fault) => {
      const answer = router.throttled();
      return fault.retryAfterSeconds === undefined
        ? answer
        : { ...answer, headers: { ...answer.headers, 'retry-after': String(fault.retryAfterSeconds) } };
    },
  },
  { kind: 'error5xx', answer: (router, fault) => router.serverError(fault.status) },
  {
    kind: 'error',
    answer: (router, fault) =>
      router.vendorError({
        code: fault.code ?? '',
        status: fault.status,
        message: fault.message,
        form: fault.form,
      }),
  },
  { kind: 'malformed', answer: (router) => router.malformed() },
];

/**
 * Answers one API request: an armed fault that applies to its API (the connection reset, the
 * answer delayed, or replaced by the router's throttle, 5xx or truncated answer), else the router's
 * own answer; then moves the head of the list if a head fault is armed. Every request is logged,
 * and moves a stepping clock one step, whatever its answer.
 */
export async function serveApi(
  state: EmulatorState,
  router: Router,
  received: ReceivedRequest,
  exchange: Exchange,
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  try {
    await answer(state, router, received, exchange, sleep);
  } finally {
    // Each poll sees the timelines one step further on.
    state.clock.tick();
  }
}

async function answer(
  state: EmulatorState,
  router: Router,
  received: ReceivedRequest,
  exchange: Exchange,
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  const { api, action } = router;
  const { faults, store } = state;
  const params = loggableParams(router.logParams(received), state.secretValues());
  const record = (status: number, outcome: string) => state.record({ api, action, params, status, outcome });
  if (faults.take('reset', api)) {
    record(0, 'fault: reset');
    return exchange.drop();
  }
  const delay = faults.take('delay', api);
  if (delay) {
    // Logged on arrival: a client that times out never sees the answer.
    record(0, `fault: delay ${delay.ms}ms`);
    await sleep(delay.ms);
    if (exchange.closed) return;
  }
  for (const { kind, answer } of ANSWERING_FAULTS) {
    const fault = faults.take(kind, api);
    if (!fault) continue;
    const answered = answer(router, fault);
    record(answered.status, fault.code === undefined ? `fault: ${kind}` : `fault: ${kind} ${fault.code}`);
    return exchange.answer(answered);
  }
  const answered = router.handle({
    request: received,
    store,
    now: state.clock.now(),
    authNow: state.serverNow(),
    credentials: state.credentials,
    nonces: state.nonces,
  });
  if (!delay) record(answered.status, answered.refusal === undefined ? 'ok' : `refused: ${answered.refusal}`);
  exchange.answer(answered);
  // Head changes land between this page and the next one.
  const insert = faults.take('headInsert', api);
  if (insert) insertAtHead(state, api, insert.tasks);
  const remove = faults.take('headRemove', api);
  if (remove) store.removeNewest(api, remove.tasks);
}

/** New running tasks at the head of the API's list, like its newest (while the store has room). */
function insertAtHead(state: EmulatorState, api: ApiName, count: number): void {
  const { store, clock } = state;
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
}
