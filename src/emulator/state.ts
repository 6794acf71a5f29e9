import { EmulatorClock, changeClock, clockTarget } from './clock';
import { Fault, Faults } from './faults';
import { IssuedKeys } from './identity';
import { IDENTITY_ROUTERS, withIssuedKeys } from './routers';
import { LIMITS } from './limits';
import { RequestLog, RequestLogEntry } from './log';
import { NonceCache } from './nonces';
import { Router } from './routers/types';
import { IdentitySettings, identitySecrets, mergeIdentity, parseIdentity } from './scenario/identity';
import { Scenario, parseScenario } from './scenario';
import { parseClockChange } from './scenario/clock';
import { EmulatorCredentials } from './scenario/credentials';
import { parseFaultSpec } from './scenario/faults';
import { ScenarioError } from './scenario/json';
import { parseTaskSpec } from './scenario/tasks';
import { TaskStore } from './store';
import { EmulatedTask, NewTask } from './task';

export interface EmulatorStateOptions {
  readonly clock: EmulatorClock;
  /** The APIs served: each numbers its own tasks. */
  readonly routers: readonly Router[];
  readonly credentials?: EmulatorCredentials;
  /** Where the request log prints its lines. */
  readonly log?: (line: string) => void;
  readonly maxLoggedRequests?: number;
}

/**
 * What the emulator holds (the clock, tasks, faults, keys, nonces and the request log) and the
 * checked ways to change it: each refuses, changing nothing, what would go past the LIMITS.
 */
export class EmulatorState {
  readonly clock: EmulatorClock;
  readonly store: TaskStore;
  readonly faults = new Faults();
  readonly nonces = new NonceCache();
  readonly log: RequestLog;
  readonly issued = new IssuedKeys();
  identity: IdentitySettings = {};
  private keys: EmulatorCredentials;
  private readonly routers: readonly Router[];

  constructor(options: EmulatorStateOptions) {
    this.clock = options.clock;
    this.routers = options.routers;
    const taskIds = new Map(options.routers.map((router) => [router.api, router.taskIds()]));
    this.store = new TaskStore(this.clock, (api) => taskIds.get(api)?.() ?? '');
    this.log = new RequestLog(options.log, options.maxLoggedRequests);
    // The caller's lists are copied: keys a scenario adds never land in them.
    this.keys = Object.fromEntries(
      Object.entries(options.credentials ?? {}).map(([cloud, keys]) => [cloud, [...(keys ?? [])]]),
    ) as EmulatorCredentials;
  }

  /**
   * The keys the routers accept: the caller's, those of every scenario loaded since, and the
   * temporary keys the identity services issued (with their expiry and token).
   */
  get credentials(): EmulatorCredentials {
    return withIssuedKeys(this.keys, this.issued);
  }

  /** Every credential value the log must never show: keys, issued keys, tokens and the identity settings' tokens. */
  secretValues(): string[] {
    const keys = Object.values(this.keys)
      .flatMap((list: object[] | undefined) => list ?? [])
      .flatMap((key) => Object.values(key));
    return [...keys, ...this.issued.values(), ...identitySecrets(this.identity)].filter(
      (value): value is string => typeof value === 'string' && value.length >= 4,
    );
  }

  /** Adds roles, providers, agencies or instance roles (checked first: a bad one changes nothing). */
  addIdentity(value: unknown, where = 'identity'): void {
    this.identity = mergeIdentity(this.identity, parseIdentity(value, where));
  }

  /**
   * The server's own clock: real time, off by the skew fault. Signatures and the Date header use it,
   * never the task timeline's clock, so moving the timeline cannot make a valid request stale.
   */
  serverNow(): number {
    return Date.now() + this.faults.skewMs;
  }

  /** Logs a request at the timeline clock's now. */
  record(entry: Omit<RequestLogEntry, 'seq' | 'at' | 'clock'>): void {
    this.log.record(entry, this.clock.now());
  }

  /** Loads a scenario: its clock change, keys, tasks (relative to the clock it sets) and faults. */
  load(scenario: Scenario): void {
    const parsed = parseScenario(scenario);
    // Everything is checked before anything changes: a bad scenario leaves the emulator as it was.
    const clockChange = parsed.clock && parseClockChange(parsed.clock, 'scenario.clock', this.clock.now());
    const now = clockChange ? clockTarget(this.clock, clockChange) : this.clock.now();
    const tasks = (parsed.tasks ?? []).map((task, i) =>
      parseTaskSpec(task, `tasks[${i}]`, now, parsed.shape),
    );
    const armed = (parsed.faults ?? []).map((fault, i) => parseFaultSpec(fault, `faults[${i}]`));
    this.checkRoom(tasks.length, armed);
    checkServices(armed);
    this.checkErrors(armed);
    const identity =
      parsed.identity === undefined ? undefined : parseIdentity(parsed.identity, 'scenario.identity');
    this.keys = keyLists(this.keys, parsed.credentials ?? {});
    if (identity) this.identity = mergeIdentity(this.identity, identity);
    // The tasks were placed relative to `now`: the clock lands exactly there, however long the checks took.
    if (clockChange) changeClock(this.clock, clockChange, now);
    tasks.forEach((task) => this.store.add(task));
    armed.forEach((fault) => this.faults.arm(fault));
  }

  addTasks(tasks: readonly NewTask[]): EmulatedTask[] {
    this.checkRoom(tasks.length, []);
    return tasks.map((task) => this.store.add(task));
  }

  armFaults(faults: readonly Fault[]): void {
    this.checkRoom(0, faults);
    checkServices(faults);
    this.checkErrors(faults);
    faults.forEach((fault) => this.faults.arm(fault));
  }

  /** Clears tasks, faults, the log and the nonce cache, and puts the clock back as it started. */
  reset(): void {
    this.clock.reset();
    this.store.clear();
    this.faults.clear();
    this.nonces.clear();
    this.log.clear();
  }

  /** An error fault names a code its API's router answers with (every router's, without an API), and a form it has. */
  private checkErrors(faults: readonly Fault[]): void {
    faults.forEach((fault, i) => {
      if (fault.code === undefined) return;
      const routers = this.routers.filter((router) => fault.api === undefined || router.api === fault.api);
      if (routers.length === 0) throw new ScenarioError(`faults[${i}].api is not served by this emulator`);
      const known = routers[0].errorCodes.filter((code) => routers.every((r) => r.errorCodes.includes(code)));
      if (!known.includes(fault.code)) {
        const whose =
          fault.api === undefined
            ? 'an error every API answers with (name its "api")'
            : `a ${fault.api} error`;
        throw new ScenarioError(
          `faults[${i}].code ${JSON.stringify(fault.code)} is not ${whose}; use one of ${known.join(', ')}`,
        );
      }
      const forms = routers.length === 1 ? (routers[0].errorForms ?? []) : [];
      if (fault.form !== undefined && !forms.includes(fault.form)) {
        throw new ScenarioError(
          forms.length === 0
            ? `faults[${i}].form: ${fault.api ?? 'these'} errors come in one form only`
            : `faults[${i}].form must be one of ${forms.join(', ')}`,
        );
      }
    });
  }

  /** Refuses what would take the store or the armed faults past their limits. */
  private checkRoom(newTasks: number, newFaults: readonly Fault[]): void {
    const held = this.store.all().length;
    if (held + newTasks > LIMITS.tasks) {
      throw new ScenarioError(
        `the emulator holds at most ${LIMITS.tasks} tasks and has ${held}: reset it or send fewer`,
      );
    }
    const armed = this.faults.list().length;
    if (armed + newFaults.filter((fault) => fault.kind !== 'skew').length > LIMITS.faults) {
      throw new ScenarioError(
        `at most ${LIMITS.faults} faults can be armed at once and ${armed} are: reset or send fewer`,
      );
    }
  }
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

/** A fault's `service` names one of the identity routers. */
function checkServices(faults: readonly Fault[]): void {
  const names = IDENTITY_ROUTERS.map((router) => router.name);
  faults.forEach((fault, i) => {
    if (fault.service !== undefined && !names.includes(fault.service))
      throw new ScenarioError(`faults[${i}].service must be one of ${names.join(', ')}`);
  });
}
