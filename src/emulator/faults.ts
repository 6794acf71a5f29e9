import { ApiName } from '../core/model';

export const FAULT_KINDS = [
  'throttle',
  'error5xx',
  'reset',
  'delay',
  'malformed',
  'headInsert',
  'headRemove',
  'skew',
  'error',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** An armed fault: fires on the next `remaining` requests (of one API, when scoped). */
export interface Fault {
  readonly kind: FaultKind;
  remaining: number;
  readonly api?: ApiName;
  /** Scopes the fault to a service that issues credentials (an identity router's name) instead. */
  readonly service?: string;
  /** delay: how long to hold the answer; skew: how far the server's clock is off. */
  readonly ms: number;
  /** throttle: Retry-After seconds to send. */
  readonly retryAfterSeconds?: number;
  /** error5xx: the HTTP status. */
  readonly status: number;
  /** headInsert/headRemove: how many tasks. */
  readonly tasks: number;
  /** error: the API's error code to answer with (one its router lists). */
  readonly code?: string;
  /** error: the message to send instead of the code's usual one. */
  readonly message?: string;
  /** error: the body form, where the API's errors come in several. */
  readonly form?: string;
}

/** The armed faults. Each is consumed as it fires; `skew` stays until reset. */
export class Faults {
  private armed: Fault[] = [];
  skewMs = 0;

  arm(fault: Fault): void {
    if (fault.kind === 'skew') {
      this.skewMs = fault.ms;
      return;
    }
    this.armed.push(fault);
  }

  /** Takes one firing of the first armed fault of this kind that applies to the API. */
  take(kind: FaultKind, api: ApiName): Fault | undefined {
    return this.fire((f) => f.kind === kind && !f.service && (!f.api || f.api === api));
  }

  /** Takes one firing of the first armed fault of this kind scoped to the identity service. */
  takeForService(kind: FaultKind, service: string): Fault | undefined {
    return this.fire((f) => f.kind === kind && f.service === service);
  }

  private fire(applies: (fault: Fault) => boolean): Fault | undefined {
    const fault = this.armed.find((f) => f.remaining > 0 && applies(f));
    if (!fault) return undefined;
    fault.remaining--;
    this.armed = this.armed.filter((f) => f.remaining > 0);
    return fault;
  }

  list(): readonly Fault[] {
    return this.armed;
  }

  clear(): void {
    this.armed = [];
    this.skewMs = 0;
  }
}
