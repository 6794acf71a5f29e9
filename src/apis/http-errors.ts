import { ApiError, ApiErrorDetails, InvalidInputError } from '../core/errors';
import { FIELD_MAX_LENGTH, MESSAGE_MAX_LENGTH, oneLine } from '../core/text';
import { HttpResponse } from '../engine/types';

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(
  headers: Readonly<Record<string, string>>,
  now = Date.now(),
): number | undefined {
  const value = headers['retry-after']?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The server's clock from its Date header, used to correct our clock when it refuses a stale signature. */
export function serverDate(headers: Readonly<Record<string, string>>): Date | undefined {
  const value = headers['date'];
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * What a vendor's error means for the user, whatever code spells it:
 * - `throttled`, `server`: transient, retried within the read's bounds;
 * - `failed`: the service failed and says retrying will not help (not retried);
 * - `auth`: the credentials or their permissions were refused;
 * - `credentials`: refused in a way fresh temporary credentials may cure (an expired token);
 * - `clock-skew`: the request's timestamp is outside the service's window;
 * - `invalid`: a parameter was refused (bad input); `region`: the region is not served;
 * - `not-found`: the instance asked for does not exist;
 * - `endpoint`: the endpoint does not serve this API (a wrong host, path or version);
 * - `other`: anything else, not retried.
 */
export type ErrorKind =
  | 'throttled'
  | 'server'
  | 'failed'
  | 'auth'
  | 'credentials'
  | 'clock-skew'
  | 'invalid'
  | 'region'
  | 'not-found'
  | 'endpoint'
  | 'other';

/** What an error message may name besides the API: where the request went and what it asked. */
export interface ErrorContext {
  readonly endpoint: URL;
  readonly region?: string;
  readonly instanceId?: string;
}

/** A value the user gave, quoted for a one-line message. */
function value(text: string): string {
  return JSON.stringify(oneLine(text, FIELD_MAX_LENGTH));
}

/**
 * Builds the typed error for a classified vendor error. Messages name the API and the vendor's code and
 * say what to do; they carry the vendor's message but never a request header or secret. Everything the
 * server sent is made one line of plain text first: it ends on a terminal.
 */
export function vendorError(
  kind: ErrorKind,
  title: string,
  vendorCode: string,
  vendorMessage: string,
  response: HttpResponse,
  context: ErrorContext,
  vendorRequestId?: string,
): Error {
  const code = oneLine(vendorCode, FIELD_MAX_LENGTH) || 'UnknownError';
  const message = oneLine(vendorMessage, MESSAGE_MAX_LENGTH);
  const requestId = vendorRequestId === undefined ? undefined : oneLine(vendorRequestId, FIELD_MAX_LENGTH);
  const said = message ? `: ${message}` : '';
  const base: Omit<ApiErrorDetails, 'retryable'> = { code, httpStatus: response.status, requestId };
  // Scheme, host and port only: never userinfo, a path or a query.
  const where = context.endpoint.origin;
  switch (kind) {
    case 'invalid':
      return new InvalidInputError(`${title} refused a parameter (${code})${said}; correct the filters.`);
    case 'region':
      return new InvalidInputError(
        `${title} does not serve the region ${context.region === undefined ? '(none given)' : value(context.region)} (${code})${said}; give a region it serves.`,
      );
    case 'not-found':
      return new InvalidInputError(
        `${title} has no instance ${context.instanceId === undefined ? '(none given)' : value(context.instanceId)} (${code})${said}; check the instance id and the region.`,
      );
    case 'endpoint':
      return new ApiError(
        `${where} does not serve ${title} (${code})${said}; point the endpoint at the API's host, or leave it unset for the public one.`,
        { ...base, retryable: false },
      );
    case 'throttled':
      return new ApiError(`${title} is throttling requests (${code})`, {
        ...base,
        retryable: true,
        retryAfterMs: retryAfterMs(response.headers),
      });
    case 'server':
      return new ApiError(`${title} failed on its side (${code})${said}`, {
        ...base,
        retryable: true,
        retryAfterMs: retryAfterMs(response.headers),
      });
    case 'failed':
      return new ApiError(`${title} failed on its side (${code})${said}; try again later.`, {
        ...base,
        retryable: false,
      });
    case 'clock-skew':
      return new ApiError(
        `${title} refused the request's timestamp as stale (${code}); check this machine's clock`,
        { ...base, retryable: false, clockSkew: true, serverDate: serverDate(response.headers) },
      );
    case 'auth':
    case 'credentials':
      return new ApiError(
        `${title} refused the credentials (${code})${said}; check the access key variables and their permissions`,
        { ...base, retryable: false, credentialsRefused: kind === 'credentials' },
      );
    case 'other':
      return new ApiError(`${title} answered with error ${code}${said}`, { ...base, retryable: false });
  }
}

/**
 * The error of an answer that is not the API's JSON: throttling and failures at the gateway are
 * retried; any other status (an HTML 404 from a wrong endpoint, a proxy's 403) is the endpoint's.
 */
export function nonApiAnswer(
  title: string,
  response: HttpResponse,
  context: ErrorContext,
): Error | undefined {
  const status = response.status;
  const code = `HTTP ${status}`;
  if (status === 429) return vendorError('throttled', title, code, '', response, context);
  if (status >= 500) return vendorError('server', title, code, '', response, context);
  if (status >= 300 || status < 200) return vendorError('endpoint', title, code, '', response, context);
  return undefined;
}
