import { ApiError } from '../errors';
import { HttpRequest, HttpResponse } from '../apis/types';

/** Sends one signed request. Failures that a retry may cure are retryable ApiErrors. */
export interface Transport {
  send(request: HttpRequest, options: { signal?: AbortSignal; timeoutMs: number }): Promise<HttpResponse>;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 20 * 1024 * 1024;

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the endpoint';
  }
}

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The transport on Node's fetch: a timeout per request, no redirects, headers lower-cased. */
export const fetchTransport: Transport = {
  async send(request, { signal, timeoutMs }) {
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    // fetch derives Host from the URL, which is what the request was signed with.
    const { Host: _host, ...headers } = request.headers as Record<string, string>;
    const where = `${request.method} ${hostOf(request.url)}`;
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers,
        body: request.body,
        redirect: 'error',
        signal: combined,
      });
      const length = Number(response.headers.get('content-length') ?? 0);
      if (length > MAX_BODY_BYTES) {
        throw new ApiError(`${where} answered with ${length} bytes, more than a task list can be`, {
          retryable: false,
          httpStatus: response.status,
        });
      }
      const body = await response.text();
      const lowered: Record<string, string> = {};
      response.headers.forEach((value, name) => (lowered[name.toLowerCase()] = value));
      return { status: response.status, headers: lowered, body };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (error instanceof ApiError) throw error;
      if (timeout.aborted) {
        throw new ApiError(`${where} timed out after ${Math.round(timeoutMs / 100) / 10}s`, {
          retryable: true,
          code: 'RequestTimeout',
        });
      }
      const code = causeCode(error) ?? 'ConnectionError';
      throw new ApiError(`${where} failed (${code})`, { retryable: true, code });
    }
  },
};
