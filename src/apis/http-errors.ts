import { ApiError, ApiErrorDetails, InvalidInputError } from '../errors';
import { FIELD_MAX_LENGTH, MESSAGE_MAX_LENGTH, oneLine } from '../text';
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

/** `credentials`: an authentication refusal that fresh temporary credentials may cure (an expired token). */
export type ErrorKind = 'throttled' | 'server' | 'auth' | 'credentials' | 'clock-skew' | 'invalid' | 'other';

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
  vendorRequestId?: string,
): Error {
  const code = oneLine(vendorCode, FIELD_MAX_LENGTH) || 'UnknownError';
  const message = oneLine(vendorMessage, MESSAGE_MAX_LENGTH);
  const requestId = vendorRequestId === undefined ? undefined : oneLine(vendorRequestId, FIELD_MAX_LENGTH);
  const said = message ? `: ${message}` : '';
  const base: Omit<ApiErrorDetails, 'retryable'> = { code, httpStatus: response.status, requestId };
  switch (kind) {
    case 'invalid':
      return new InvalidInputError(`${title} refused a parameter (${code})${said}; correct the filters.`);
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
