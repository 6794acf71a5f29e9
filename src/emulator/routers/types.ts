import { ApiName } from '../../core/model';
import { IssuedKey } from '../identity';
import { NonceCache } from '../nonces';
import { IdentitySettings } from '../scenario/identity';
import { EmulatorCredentials } from '../scenario/credentials';
import { TaskStore } from '../store';
import { Outcome } from '../task';

/** An API request as routers see it: read whole, headers lower-cased. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  /** The raw query string, without `?`. */
  readonly rawQuery: string;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What a router answers; the core adds the Date and Content-Length headers. */
export interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Set when the answer refuses the request: the reason the request log gives (`refused: <reason>`). */
  readonly refusal?: string;
}

/** An error a fault asks a router for: one of its `errorCodes`, and the fault's other settings. */
export interface ErrorRequest {
  readonly code: string;
  /** The HTTP status of a gateway 5xx. */
  readonly status: number;
  /** Replaces the code's usual message. */
  readonly message?: string;
  /** One of the router's `errorForms`. */
  readonly form?: string;
}

/** What a router may read while it answers a request. */
export interface RouteContext {
  readonly request: ReceivedRequest;
  readonly store: TaskStore;
  /** The task timeline's now. */
  readonly now: number;
  /** The server's clock for signatures: real time shifted by a skew fault, never the timeline's clock. */
  readonly authNow: number;
  readonly credentials: EmulatorCredentials;
  readonly nonces: NonceCache;
}

/** One API as the emulator serves it: how to recognise its requests, answer them, and refuse them its way. */
export interface Router {
  readonly api: ApiName;
  /** The outcomes a task spec may give this API's tasks: those its status field can say (all when left out). */
  readonly outcomes?: readonly Outcome[];
  matches(request: ReceivedRequest): boolean;
  /** The action name for the request log. */
  readonly action: string;
  /** The request's parameters for the log: never signatures, tokens, keys or key ids. */
  logParams(request: ReceivedRequest): Record<string, unknown>;
  /** The answer to a request no fault took: the listing, or a refusal (with its `refusal` reason). */
  handle(context: RouteContext): Answer;
  /** The API's answer to a throttled request (a throttle fault; the core adds its Retry-After). */
  throttled(): Answer;
  /** The API's answer to a failure on its side, with this 5xx status (an error5xx fault). */
  serverError(status: number): Answer;
  /** The codes an `error` fault may ask of this API: its vendor's, then the HTTP-level ones. */
  readonly errorCodes: readonly string[];
  /** The body forms its errors come in, when there are several (the first is the default). */
  readonly errorForms?: readonly string[];
  /** The error an `error` fault asks for, in the API's own envelope and HTTP status. */
  vendorError(request: ErrorRequest): Answer;
  /**
   * A truncated answer in the API's own shape, for a malformed-body fault. The four keep to 33 bytes:
   * clients name the length in their error (`not JSON (33 bytes)`).
   */
  malformed(): Answer;
  /** A new source of task ids in the API's own style, for one emulator (ids count on across resets). */
  taskIds(): () => string;
}

export const json = (status: number, value: unknown, headers?: Record<string, string>): Answer => ({
  status,
  body: JSON.stringify(value),
  headers: { 'content-type': 'application/json', ...headers },
});

/** An answer cut off mid-JSON: HTTP 200 and a JSON content type, with a body no parser reads. */
export const truncated = (body: string): Answer => ({
  status: 200,
  body,
  headers: { 'content-type': 'application/json' },
});

export function queryParams(rawQuery: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQuery)) params[name] = value;
  return params;
}

/** Reads an integer parameter; undefined when absent, NaN when not an integer. */
export function intParam(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isInteger(n) ? n : NaN;
}

/** What an identity router (STS, IAM, a metadata service) may read and do while it answers. */
export interface IdentityContext {
  readonly request: ReceivedRequest;
  /** The timeline clock's now: issued credentials live and expire on it. */
  readonly now: number;
  readonly authNow: number;
  readonly credentials: EmulatorCredentials;
  readonly identity: IdentitySettings;
  /** Issues a temporary key of a kind (`tencent`, `huawei`, `huawei-subject`), living `lifetimeMs`. */
  issue(kind: string, lifetimeMs: number, idPrefix: string): IssuedKey;
  /** The keys of a kind issued so far. */
  issued(kind: string): readonly IssuedKey[];
}

/** A service that hands out temporary credentials: STS, IAM, an instance metadata service. */
export interface IdentityRouter {
  /** For the request log, and what a fault's `service` names. */
  readonly name: string;
  matches(request: ReceivedRequest): boolean;
  /** The action name for the log. */
  action(request: ReceivedRequest): string;
  /** The request's parameters for the log: never a token, a key or a signature. */
  logParams(request: ReceivedRequest): Record<string, unknown>;
  handle(context: IdentityContext): Answer;
  /** The service's own answer to a failure of its own (an `error5xx` fault). */
  serverError(status: number): Answer;
}
