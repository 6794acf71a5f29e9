import { request as httpRequest } from 'node:http';
import { ApiError } from '../core/errors';
import { FIELD_MAX_LENGTH, oneLine } from '../core/text';
import { HttpRequest, HttpResponse } from './types';

/** Sends one signed request. Failures that a retry may cure are retryable ApiErrors. */
export interface Transport {
  send(request: HttpRequest, options: { signal?: AbortSignal; timeoutMs: number }): Promise<HttpResponse>;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/** The code of the ApiError a request gets when it outlives its timeout. */
export const REQUEST_TIMEOUT = 'RequestTimeout';
const MAX_BODY_BYTES = 20 * 1024 * 1024;

/**
 * The transport on node:http and node:https (certificate checks on, no redirects followed): it starts
 * in a fraction of the time global fetch needs, and the CLI runs once per Terraform read.
 */
export const nodeTransport: Transport = {
  async send(request, { signal, timeoutMs }) {
    const send = request.url.startsWith('https:') ? httpsRequest() : httpRequest;
    return new Promise<HttpResponse>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const url = new URL(request.url);
      const where = `${request.method} ${url.host}`;
      // Node derives Host from the URL, which is what the request was signed with.
      const { Host: _host, ...headers } = request.headers as Record<string, string>;
      const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
      if (body) headers['Content-Length'] = String(body.length);
      let settled = false;
      const finish = (error: unknown, response?: HttpResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve(response as HttpResponse);
      };
      // Certificate checks are explicit: NODE_TLS_REJECT_UNAUTHORIZED=0 cannot switch them off.
      const options = { method: request.method, headers, rejectUnauthorized: true };
      const outgoing = send(url, options, (incoming) => {
        const status = incoming.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          // Followed, a redirect would carry a signed request elsewhere; retried, it would redirect again.
          outgoing.destroy();
          finish(
            new ApiError(
              `${where} answered with a redirect (HTTP ${status}) to ${redirectTarget(incoming.headers.location, url)}; ` +
                'taskgate does not follow redirects: point the endpoint at the API itself',
              { retryable: false, code: `HTTP ${status}`, httpStatus: status },
            ),
          );
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        incoming.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            outgoing.destroy();
            finish(new ApiError(`${where} answered with more than a task list can be`, { retryable: false }));
            return;
          }
          chunks.push(chunk);
        });
        incoming.on('end', () => {
          const lowered: Record<string, string> = {};
          for (const [name, value] of Object.entries(incoming.headers)) {
            if (value !== undefined)
              lowered[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
          }
          finish(undefined, {
            status,
            headers: lowered,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        incoming.on('error', (error) => finish(connectionError(where, error)));
      });
      const timer = setTimeout(() => {
        outgoing.destroy();
        finish(
          new ApiError(`${where} timed out after ${Math.round(timeoutMs / 100) / 10}s`, {
            retryable: true,
            code: REQUEST_TIMEOUT,
          }),
        );
      }, timeoutMs);
      const onAbort = () => {
        outgoing.destroy();
        finish(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      outgoing.on('error', (error) => finish(connectionError(where, error)));
      outgoing.end(body);
    });
  },
};

/**
 * node:https, loaded when a request first needs it (plain loopback http never pays for TLS). A require,
 * not import(): the provider's bundle runs in a vm.Script, where import() has no loader and throws.
 */
function httpsRequest(): typeof import('node:https').request {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('node:https') as typeof import('node:https')).request;
}

/** Where a redirect points: origin and path only (a query may hold a token), as one plain line. */
function redirectTarget(location: string | undefined, base: URL): string {
  if (!location) return 'nowhere (no Location header)';
  try {
    const target = new URL(location, base);
    return `"${oneLine(`${target.origin}${target.pathname}`, FIELD_MAX_LENGTH)}"`;
  } catch {
    return 'an unreadable Location';
  }
}

/**
 * A connection failure, named by its code, without URL or headers. Resets, refusals and timeouts may pass;
 * a certificate that fails verification will not, so it is not retried.
 */
function connectionError(where: string, error: unknown): ApiError {
  const code = (error as { code?: unknown }).code;
  const name = typeof code === 'string' ? code : 'ConnectionError';
  if (/CERT|SELF_SIGNED|ERR_TLS|ERR_SSL/.test(name)) {
    return new ApiError(
      `${where} failed TLS certificate verification (${name}); use a certificate that a trusted authority signed (trust one of your own with NODE_EXTRA_CA_CERTS)`,
      {
        retryable: false,
        code: name,
      },
    );
  }
  return new ApiError(`${where} failed (${name})`, { retryable: true, code: name });
}
