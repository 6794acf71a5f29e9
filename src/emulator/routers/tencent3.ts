import { randomUUID } from 'node:crypto';
import { formatLocal, parseLocal } from '../../core/times';
import { ApiName } from '../../core/model';
import { TaskState } from '../store';
import { EmulatedTask, Outcome } from '../task';
import { Refusal, verifyTc3 } from './auth';
import { HTTP_ERROR_CODES, htmlPage, httpError } from './gateway';
import { Answer, ReceivedRequest, RouteContext, Router, intParam, json, truncated } from './types';

/** Tencent Cloud documents its `YYYY-MM-DD HH:mm:ss` times in Beijing time (UTC+08:00). */
const TENCENT_ZONE_OFFSET_MINUTES = 8 * 60;

/** Tencent Cloud API 3.0 errors are HTTP 200 with Response.Error; the log names the code. */
export function tc3Error(code: string, message: string): Answer {
  return {
    ...json(200, { Response: { Error: { Code: code, Message: message }, RequestId: randomUUID() } }),
    refusal: code,
  };
}

/**
 * Tencent Cloud API 3.0's common error codes (the "Common Error Codes" page every API's error section
 * points to; vendor-facts section 3), each with the message the emulator sends. All come on HTTP 200.
 */
const COMMON_CODES: Readonly<Record<string, string>> = {
  'AuthFailure.InvalidAuthorization': 'The Authorization header does not follow the TC3-HMAC-SHA256 format.',
  'AuthFailure.InvalidSecretId': 'Invalid key (not a TencentCloud API key type).',
  'AuthFailure.MFAFailure': 'MFA failure.',
  'AuthFailure.SecretIdNotFound': 'The SecretId is not found, please ensure that your SecretId is correct.',
  'AuthFailure.SignatureExpire':
    'Signature expired: the request timestamp is more than 5 minutes from server time.',
  'AuthFailure.SignatureFailure':
    'The provided credentials could not be validated. Please check your signature is correct.',
  'AuthFailure.TokenFailure': 'The provided token is invalid or has expired.',
  'AuthFailure.UnauthorizedOperation': 'The request is not authorized by CAM.',
  DryRunOperation: 'DryRun operation: the request would have succeeded.',
  FailedOperation: 'The operation failed.',
  InternalError: 'An internal error has occurred. Retry your request.',
  InvalidAction: 'The action does not exist at this endpoint and version.',
  InvalidParameter: 'A parameter is invalid.',
  InvalidParameterValue: 'A parameter value is invalid.',
  InvalidRequest: 'The multipart request body is invalid.',
  IpInBlacklist: 'The IP address is in the blocklist.',
  IpNotInWhitelist: 'The IP address is not in the allowlist.',
  LimitExceeded: 'A quota limit was exceeded.',
  MissingParameter: 'A required parameter is missing.',
  NoSuchProduct: 'The product does not exist.',
  NoSuchVersion: 'The API version does not exist.',
  RequestLimitExceeded:
    'Your current request times equals to `100` in a second, which exceeds the frequency limit `100` for a second. Please reduce the frequency of calls.',
  'RequestLimitExceeded.GlobalRegionUinLimitExceeded':
    'The account exceeds its frequency limit across regions.',
  'RequestLimitExceeded.IPLimitExceeded': 'The IP address exceeds its frequency limit.',
  'RequestLimitExceeded.UinLimitExceeded': 'The account exceeds its frequency limit.',
  RequestSizeLimitExceeded: 'The request is too large.',
  ResourceInUse: 'The resource is in use.',
  ResourceInsufficient: 'The resource is insufficient.',
  ResourceNotFound: 'The resource does not exist.',
  ResourceUnavailable: 'The resource is unavailable.',
  ResponseSizeLimitExceeded: 'The response is too large.',
  ServiceUnavailable: 'The service is unavailable now.',
  UnauthorizedOperation: 'The operation is not authorized.',
  UnknownParameter: 'An unknown parameter was sent.',
  UnsupportedOperation: 'The operation is not supported.',
  UnsupportedProtocol: 'The HTTP request method or protocol is not supported.',
  UnsupportedRegion: 'The API does not support this region.',
};

export const REFUSAL_CODES: Record<Refusal['kind'], string> = {
  malformed: 'AuthFailure.InvalidAuthorization',
  'unknown-key': 'AuthFailure.SecretIdNotFound',
  expired: 'AuthFailure.SignatureExpire',
  replay: 'AuthFailure.SignatureFailure',
  signature: 'AuthFailure.SignatureFailure',
  token: 'AuthFailure.TokenFailure',
  'token-expired': 'AuthFailure.TokenFailure',
};

export const tencentTime = (ms: number) => formatLocal(new Date(ms), TENCENT_ZONE_OFFSET_MINUTES);
export const tencentTimeParam = (text: string) => parseLocal(text, TENCENT_ZONE_OFFSET_MINUTES)?.getTime();

/**
 * A Tencent Cloud API 3.0 router: routes on X-TC-Action/X-TC-Version, verifies TC3 with the API's
 * service, checks Limit/Offset, and leaves filtering and rendering to the spec.
 */
export function tc3Router(spec: {
  api: ApiName;
  /** The outcomes its tasks may have: those its status field can say. */
  outcomes: readonly Outcome[];
  service: string;
  action: string;
  version: string;
  regionRequired: boolean;
  /** Whether Offset must be a whole multiple of Limit. */
  offsetMultipleOfLimit: boolean;
  /** The API's own error codes (its page's error section), each with its message. */
  errorCodes: Readonly<Record<string, string>>;
  /** The API's task ids are numbers, counting up from this one. */
  firstTaskId: number;
  /** The start of a listing, cut off: the body of a malformed-body fault. */
  truncatedListing: string;
  /** The visible tasks matching the payload's filters, or an error Answer for a bad parameter. */
  filter(
    payload: Record<string, unknown>,
    entries: { task: EmulatedTask; state: TaskState }[],
  ): typeof entries | Answer;
  render(listing: {
    total: number;
    entries: { task: EmulatedTask; state: TaskState }[];
  }): Record<string, unknown>;
}): Router {
  const payloadOf = (request: ReceivedRequest): Record<string, unknown> | undefined => {
    try {
      const value: unknown = JSON.parse(request.body || '{}');
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : undefined;
    } catch {
      return undefined;
    }
  };
  const messages: Readonly<Record<string, string>> = { ...COMMON_CODES, ...spec.errorCodes };
  return {
    api: spec.api,
    outcomes: spec.outcomes,
    action: spec.action,
    matches: (request) =>
      request.method === 'POST' &&
      request.path === '/' &&
      request.headers['x-tc-action'] === spec.action &&
      request.headers['x-tc-version'] === spec.version,
    logParams: (request) => payloadOf(request) ?? {},
    throttled: () =>
      tc3Error(
        'RequestLimitExceeded',
        'Your current request times equals to `100` in a second, which exceeds the frequency limit `100` for a second. Please reduce the frequency of calls.',
      ),
    // API 3.0 errors come on HTTP 200: a 5xx is the gateway's, and its body is not the API's (vendor-facts section 3).
    serverError: (status) => htmlPage(status, `HTTP ${status}`),
    errorCodes: [...Object.keys(messages), ...HTTP_ERROR_CODES],
    vendorError: (request) =>
      httpError(request) ?? tc3Error(request.code, request.message ?? messages[request.code]),
    malformed: () => truncated(spec.truncatedListing),
    taskIds: () => {
      let next = spec.firstTaskId;
      return () => String(next++);
    },
    handle(context: RouteContext): Answer {
      const refusal = verifyTc3(
        context.request,
        spec.service,
        context.credentials,
        context.authNow,
        context.now,
      );
      if (refusal) return tc3Error(REFUSAL_CODES[refusal.kind], refusal.message);
      const payload = payloadOf(context.request);
      if (!payload) return tc3Error('InvalidParameter', 'The request body is not a JSON object.');
      if (payload.InstanceId !== undefined && typeof payload.InstanceId !== 'string') {
        return tc3Error('InvalidParameter', 'The parameter `InstanceId` must be a string.');
      }
      if (spec.regionRequired && !context.request.headers['x-tc-region']) {
        return tc3Error('MissingParameter', 'The request is missing a required parameter `Region`.');
      }
      const limit = intParam(payload.Limit) ?? 20;
      const offset = intParam(payload.Offset) ?? 0;
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
        return tc3Error('InvalidParameterValue', 'The value of `Limit` must be an integer from 1 to 100.');
      }
      if (!Number.isInteger(offset) || offset < 0) {
        return tc3Error('InvalidParameterValue', 'The value of `Offset` must be a non-negative integer.');
      }
      if (spec.offsetMultipleOfLimit && offset % limit !== 0) {
        return tc3Error(
          'InvalidParameterValue',
          `The value of \`Offset\` (${offset}) must be an integral multiple of \`Limit\` (${limit}).`,
        );
      }
      const matched = spec.filter(payload, context.store.visible(spec.api, context.now));
      if (!Array.isArray(matched)) return matched;
      const body = spec.render({
        total: matched.length,
        entries: matched.slice(offset, offset + limit),
      });
      return json(200, { Response: { ...body, RequestId: randomUUID() } });
    },
  };
}

/** Checks an optional array-of-X parameter; returns an error Answer when it is not one. */
export function arrayParam(
  payload: Record<string, unknown>,
  name: string,
  kind: 'string' | 'integer',
): unknown[] | Answer | undefined {
  const value = payload[name];
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) ||
    !value.every((v) => (kind === 'string' ? typeof v === 'string' : Number.isInteger(v)))
  ) {
    return tc3Error('InvalidParameter', `The parameter \`${name}\` must be an array of ${kind}s.`);
  }
  return value;
}

/** The BeginTime/EndTime style window on start times; an error Answer for an unreadable time. */
export function timeWindow(
  payload: Record<string, unknown>,
  beginName: string,
  endName: string,
): { begin?: number; end?: number } | Answer {
  const read = (name: string) => {
    const value = payload[name];
    if (value === undefined || value === '') return undefined;
    const ms = typeof value === 'string' ? tencentTimeParam(value) : undefined;
    return ms ?? NaN;
  };
  const begin = read(beginName);
  const end = read(endName);
  if (Number.isNaN(begin) || Number.isNaN(end)) {
    return tc3Error(
      'InvalidParameterValue',
      `\`${beginName}\`/\`${endName}\` must look like 2017-12-31 10:40:01.`,
    );
  }
  return { begin, end };
}
