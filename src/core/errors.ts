/**
 * Typed errors. Each knows its exit code (CONTRACT section 3); the CLI maps them in one place.
 * Messages are one sentence that says what happened and what to do, and never hold a secret.
 */
export abstract class TaskgateError extends Error {
  abstract readonly exitCode: number;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Usage, values, missing credentials, an option the API cannot express: exit 2. */
export class InvalidInputError extends TaskgateError {
  readonly exitCode = 2;
}

/** The condition does not hold (a task failed or was cancelled, a check is false): exit 1. */
export class ConditionFailedError extends TaskgateError {
  readonly exitCode = 1;
}

/** `--timeout` or `--appear-timeout` passed: exit 3. */
export class TimeoutError extends TaskgateError {
  readonly exitCode = 3;
  /** True when the deadline passed before the read sent anything: the previous verdict is the whole story. */
  readonly beforeRequest: boolean;
  constructor(message: string, options: { beforeRequest?: boolean } = {}) {
    super(message);
    this.beforeRequest = options.beforeRequest ?? false;
  }
}

/** Interrupted by SIGINT or SIGTERM: exit 130. */
export class InterruptedError extends TaskgateError {
  readonly exitCode = 130;
}

export interface ApiErrorDetails {
  /** Whether trying the same request again may succeed (throttling, 5xx, resets, timeouts, bad bodies). */
  readonly retryable: boolean;
  /** The vendor's error code, e.g. `AuthFailure.SignatureFailure`, `4100`, `APIGW.0301`. */
  readonly code?: string;
  readonly httpStatus?: number;
  /** Server-requested delay before the next attempt (Retry-After). */
  readonly retryAfterMs?: number;
  /** The server's clock, when it refused our timestamp as stale (used to correct clock skew). */
  readonly serverDate?: Date;
  /** True when the server refused the request's timestamp as outside its window. */
  readonly clockSkew?: boolean;
  /** True when the server refused the credentials in a way that fresh temporary credentials may cure. */
  readonly credentialsRefused?: boolean;
  readonly requestId?: string;
}

/** The API could not be used: authentication refused, or errors that persisted after retries: exit 4. */
export class ApiError extends TaskgateError {
  readonly exitCode = 4;
  readonly retryable: boolean;
  readonly code?: string;
  readonly httpStatus?: number;
  readonly retryAfterMs?: number;
  readonly serverDate?: Date;
  readonly clockSkew: boolean;
  readonly credentialsRefused: boolean;
  readonly requestId?: string;
  constructor(message: string, details: ApiErrorDetails) {
    super(message);
    this.retryable = details.retryable;
    this.code = details.code;
    this.httpStatus = details.httpStatus;
    this.retryAfterMs = details.retryAfterMs;
    this.serverDate = details.serverDate;
    this.clockSkew = details.clockSkew ?? false;
    this.credentialsRefused = details.credentialsRefused ?? false;
    this.requestId = details.requestId;
  }
}

/** The answer could not be read as the API documents it. Retryable: a proxy or a partial body may cause it. */
export class MalformedResponseError extends ApiError {
  constructor(message: string, details: Partial<ApiErrorDetails> = {}) {
    super(message, { ...details, retryable: true });
  }
}
