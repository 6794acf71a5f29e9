import { MalformedResponseError } from '../errors';
import { formatLocal } from '../engine/times';
import { signTc3 } from '../signing/tc3';
import { ErrorKind, vendorError } from './http-errors';
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

function classify(code: string): ErrorKind {
  if (code.startsWith('RequestLimitExceeded')) return 'throttled';
  if (code === 'AuthFailure.SignatureExpire') return 'clock-skew';
  // "AuthFailure.TokenFailure: Token error" (the common error codes of API 3.0, e.g.
  // https://www.tencentcloud.com/document/api/1284/75543): an expired temporary token; fresh ones may pass.
  if (code === 'AuthFailure.TokenFailure') return 'credentials';
  if (code.startsWith('AuthFailure') || code.startsWith('UnauthorizedOperation')) return 'auth';
  if (code === 'InvalidParameter.PermissionDenied') return 'auth';
  if (
    /^(InvalidParameter|InvalidParameterValue|MissingParameter|UnknownParameter|InvalidAction)/.test(code)
  ) {
    return 'invalid';
  }
  if (/^(InternalError|FailedOperation\.SystemError|ResourceUnavailable|ServiceUnavailable)/.test(code)) {
    return 'server';
  }
  return 'other';
}

/**
 * The `Response` object of a Tencent Cloud API 3.0 answer, or the typed error its `Response.Error`
 * (sent with any HTTP status) stands for.
 */
export function unwrapTc3Response(response: HttpResponse, title: string): Record<string, unknown> {
  if (response.status === 429) {
    throw vendorError('throttled', title, 'HTTP 429', '', response);
  }
  let parsed: unknown;
  try {
    parsed = parseJsonBody(response.body, title);
  } catch (error) {
    if (response.status >= 500) throw vendorError('server', title, `HTTP ${response.status}`, '', response);
    throw error;
  }
  const envelope = isObject(parsed) ? parsed.Response : undefined;
  if (!isObject(envelope)) {
    if (response.status >= 500) throw vendorError('server', title, `HTTP ${response.status}`, '', response);
    throw new MalformedResponseError(`${title} sent an answer without a Response object`);
  }
  const requestId = typeof envelope.RequestId === 'string' ? envelope.RequestId : undefined;
  if (envelope.Error !== undefined) {
    const error = objectAt(envelope.Error, 'Response.Error');
    const code = textAt(error.Code, 'Response.Error.Code') ?? 'UnknownError';
    const message = typeof error.Message === 'string' ? error.Message : '';
    throw vendorError(classify(code), title, code, message, response, requestId);
  }
  if (response.status >= 500) throw vendorError('server', title, `HTTP ${response.status}`, '', response);
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
