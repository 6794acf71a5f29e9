import { MalformedResponseError } from '../core/errors';
import { formatLocal } from '../core/times';
import { signTc3 } from '../signing/tc3';
import { ErrorContext, ErrorKind, nonApiAnswer, vendorError } from './http-errors';
import { FIELD_MAX_LENGTH, oneLine } from '../core/text';
import { isObject, objectAt, parseJsonBody, textAt } from './parse';
import { HttpRequest, HttpResponse } from '../engine/types';
import { RequestContext } from './types';

const CONTENT_TYPE = 'application/json; charset=utf-8';

/** A signed Tencent Cloud API 3.0 request: POST / with a JSON body, TC3-HMAC-SHA256 over content-type and host. */
export function buildTc3Request(
  spec: { service: string; action: string; version: string },
  payload: Record<string, unknown>,
  context: RequestContext,
): HttpRequest {
  const { credentials } = context;
  if (credentials.cloud !== 'tencent') throw new Error('Tencent Cloud APIs need Tencent Cloud credentials');
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(context.now.getTime() / 1000);
  // The Host actually sent, port included: the server signs what it receives.
  const host = context.endpoint.host;
  const signature = signTc3({
    secretId: credentials.secretId,
    secretKey: credentials.secretKey,
    service: spec.service,
    method: 'POST',
    headers: { 'content-type': CONTENT_TYPE, host },
    timestamp,
    payload: body,
  });
  const headers: Record<string, string> = {
    Authorization: signature.authorization,
    'Content-Type': CONTENT_TYPE,
    Host: host,
    'X-TC-Action': spec.action,
    'X-TC-Version': spec.version,
    'X-TC-Timestamp': String(timestamp),
  };
  if (context.region) headers['X-TC-Region'] = context.region;
  if (credentials.token) headers['X-TC-Token'] = credentials.token;
  return { method: 'POST', url: new URL('/', context.endpoint).toString(), headers, body };
}

/**
 * What an API 3.0 error code means. Retried, as the official provider retries them
 * (terraform-provider-tencentcloud common/common.go `retryableErrorCode`): RequestLimitExceeded*,
 * ResourceUnavailable*, ResourceInUse*; never InternalError* ("retry won't fix anything"). The common
 * codes' meanings are the API 3.0 common error codes page.
 */
function classify(code: string): ErrorKind {
  const family = (...prefixes: string[]) => prefixes.some((prefix) => code.startsWith(prefix));
  if (family('RequestLimitExceeded')) return 'throttled';
  // ServiceUnavailable ("the service is temporarily unavailable", a common code) says it will pass.
  if (family('ResourceUnavailable', 'ResourceInUse', 'ServiceUnavailable')) return 'server';
  if (code === 'AuthFailure.SignatureExpire') return 'clock-skew';
  // "AuthFailure.TokenFailure: Token error": an expired temporary token; fresh ones may pass.
  if (code === 'AuthFailure.TokenFailure') return 'credentials';
  if (family('AuthFailure', 'UnauthorizedOperation') || code === 'InvalidParameter.PermissionDenied') {
    return 'auth';
  }
  // "UnsupportedRegion: the interface does not support the given region": the user's region.
  if (code === 'UnsupportedRegion') return 'region';
  // "InvalidAction: the interface does not exist": a host or version that does not serve the action.
  if (code === 'InvalidAction') return 'endpoint';
  // DescribeTasks' own error table: "InvalidParameter.InstanceNotFound: 实例不存在" (no such instance).
  if (family('InvalidParameter.InstanceNotFound', 'ResourceNotFound')) return 'not-found';
  if (family('InvalidParameter', 'MissingParameter', 'UnknownParameter')) return 'invalid';
  // The seeds' tables: InternalError.*, FailedOperation.SystemError, CdbError, OperationDenied.*.
  if (family('InternalError', 'FailedOperation', 'CdbError', 'OperationDenied', 'LimitExceeded')) {
    return 'failed';
  }
  return 'other';
}

/** CDB answers InternalError.DatabaseAccessError for an instance it cannot find, too (cdb/extension_mysql.go). */
const DATABASE_ACCESS_ERROR = 'InternalError.DatabaseAccessError';

/**
 * The `Response` object of a Tencent Cloud API 3.0 answer, or the typed error its `Response.Error`
 * stands for. The API answers its errors with HTTP 200; another status is the gateway's, whatever the
 * body (the official provider retries every non-200 answer).
 */
export function unwrapTc3Response(
  response: HttpResponse,
  title: string,
  context: ErrorContext,
): Record<string, unknown> {
  const gateway = nonApiAnswer(title, response, context);
  if (gateway && (response.status === 429 || response.status >= 500)) throw gateway;
  let parsed: unknown;
  try {
    parsed = parseJsonBody(response.body, title);
  } catch (error) {
    throw gateway ?? error;
  }
  const envelope = isObject(parsed) ? parsed.Response : undefined;
  if (!isObject(envelope)) {
    throw gateway ?? new MalformedResponseError(`${title} sent an answer without a Response object`);
  }
  const requestId = typeof envelope.RequestId === 'string' ? envelope.RequestId : undefined;
  if (envelope.Error !== undefined) {
    const error = objectAt(envelope.Error, 'Response.Error');
    const code = textAt(error.Code, 'Response.Error.Code') ?? 'UnknownError';
    const message = typeof error.Message === 'string' ? error.Message : '';
    const hint =
      code === DATABASE_ACCESS_ERROR && context.instanceId !== undefined
        ? ` (CDB also answers this for an instance that does not exist: check ${JSON.stringify(oneLine(context.instanceId, FIELD_MAX_LENGTH))})`
        : '';
    throw vendorError(classify(code), title, code, `${message}${hint}`, response, context, requestId);
  }
  if (gateway) throw gateway;
  return envelope;
}

/** Whole-second bounds for Tencent's `YYYY-MM-DD HH:mm:ss` filters, never narrower than asked. */
export function tencentTimeBounds(
  after: Date | undefined,
  before: Date | undefined,
  zoneOffsetMinutes: number,
): { begin?: string; end?: string } {
  const floor = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);
  const ceil = (d: Date) => new Date(Math.ceil(d.getTime() / 1000) * 1000);
  return {
    begin: after ? formatLocal(floor(after), zoneOffsetMinutes) : undefined,
    end: before ? formatLocal(ceil(before), zoneOffsetMinutes) : undefined,
  };
}

/** True when a time filter falls on whole seconds, so the server's second-granular window is exact. */
export function wholeSeconds(...dates: (Date | undefined)[]): boolean {
  return dates.every((d) => d === undefined || d.getTime() % 1000 === 0);
}
