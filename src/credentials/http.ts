import { isObject, parseJsonBody } from '../apis/parse';
import { MAX_TIMER_MS } from '../engine/clock';
import { DEFAULT_REQUEST_TIMEOUT_MS, REQUEST_TIMEOUT, Transport, nodeTransport } from '../engine/transport';
import { Attempt, HttpRequest, HttpResponse } from '../engine/types';
import { ApiError, InvalidInputError, MalformedResponseError, TimeoutError } from '../core/errors';
import { isLoopbackHost } from '../validation';

/** How credential sources reach the network: the engine's transport, bounded like every request. */
export interface FetchOptions {
  readonly transport?: Transport;
  readonly requestTimeoutMs?: number;
}

/**
 * Sends one request of a credential source within the attempt's time left: a request still in flight
 * at the deadline is abandoned, and the refresh counts against the timeout like any request.
 */
export async function send(
  request: HttpRequest,
  attempt: Attempt,
  options: FetchOptions,
  timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
): Promise<HttpResponse> {
  const left = attempt.timeLeftMs ?? Infinity;
  if (left <= 0) throw new TimeoutError('the deadline passed before credentials could be fetched');
  const cut = left < timeoutMs;
  try {
    return await (options.transport ?? nodeTransport).send(request, {
      signal: attempt.signal,
      timeoutMs: Math.min(timeoutMs, left, MAX_TIMER_MS),
    });
  } catch (error) {
    if (cut && error instanceof ApiError && error.code === REQUEST_TIMEOUT) {
      throw new TimeoutError('the deadline passed while credentials were being fetched');
    }
    throw error;
  }
}

/** A JSON object answer, or a MalformedResponseError naming who sent something else. */
export function jsonObject(response: HttpResponse, title: string): Record<string, unknown> {
  const body = parseJsonBody(response.body, title);
  if (!isObject(body)) throw new MalformedResponseError(`${title} sent an answer that is not an object`);
  return body;
}

/** What a key or token can hold: it travels in (or is hashed next to) request headers. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/**
 * A key, secret or token of a credential answer, which must be able to travel in a header; never
 * quoted in the error, it may be a secret.
 */
export function credentialField(value: unknown, title: string, field: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new MalformedResponseError(`${title} sent no ${field}`);
  }
  if (!HEADER_SAFE.test(value)) {
    throw new MalformedResponseError(`${title} sent a ${field} that no key or token can hold`);
  }
  return value;
}

/** The metadata services' own addresses: plain http, link-local, and the only such ones ever contacted. */
export const METADATA_BASES = {
  tencent: 'http://metadata.tencentyun.com',
  huawei: 'http://169.254.169.254',
} as const;

/**
 * The metadata base URL: the vendor's, or TASKGATE_METADATA_ENDPOINT for tests and the emulator,
 * which must be plain http to a loopback host.
 */
export function metadataBase(cloud: keyof typeof METADATA_BASES, env: NodeJS.ProcessEnv): URL {
  const override = env.TASKGATE_METADATA_ENDPOINT?.trim();
  if (!override) return new URL(METADATA_BASES[cloud]);
  let url: URL;
  try {
    url = new URL(override);
  } catch {
    throw new InvalidInputError('TASKGATE_METADATA_ENDPOINT is not a URL; use http://127.0.0.1:PORT.');
  }
  if (
    url.protocol !== 'http:' ||
    !isLoopbackHost(url.hostname) ||
    url.username ||
    url.password ||
    url.search ||
    url.hash ||
    // Both services are called at their own absolute paths: a path here would be dropped.
    url.pathname !== '/'
  ) {
    throw new InvalidInputError(
      'TASKGATE_METADATA_ENDPOINT must be a plain http:// base URL on a loopback host (127.0.0.1, localhost, [::1]); it stands in for the metadata services in tests.',
    );
  }
  return url;
}
