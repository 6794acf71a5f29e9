import { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { Answer, json } from './routers/types';
import { ScenarioError } from './scenario/json';
import { InvalidInputError } from '../core/errors';

const MAX_BODY = 1024 * 1024;

/** An HTTP-level refusal of one request: answered with its status and a JSON error. */
class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** One request and its answer, as the control plane and the fault pipeline see them. */
export interface Exchange {
  readonly method: string;
  /** The request target's path, without the query. */
  readonly path: string;
  /** The raw query string, without `?`. */
  readonly rawQuery: string;
  readonly headers: IncomingHttpHeaders;
  /** The body as text; a RequestError (413) beyond 1 MiB. */
  readBody(): Promise<string>;
  /** Sends the answer, its Date header from the server's clock. */
  answer(answer: Answer): void;
  /** Closes the connection without an answer. */
  drop(): void;
  /** True once the connection is gone: dropped, or the client gave up. */
  readonly closed: boolean;
}

/** The exchange of one request; a RequestError (400) when its target is not a path we serve. */
export function exchangeOf(
  request: IncomingMessage,
  response: ServerResponse,
  serverNow: () => number,
): Exchange {
  const { path, rawQuery } = requestTarget(request.url ?? '');
  return {
    method: request.method ?? 'GET',
    path,
    rawQuery,
    headers: request.headers,
    readBody: () => readBody(request),
    answer: (answer) => send(response, answer, serverNow()),
    drop: () => request.socket.destroy(),
    get closed() {
      return request.socket.destroyed;
    },
  };
}

function send(response: ServerResponse, answer: Answer, now: number): void {
  response.writeHead(answer.status, {
    date: new Date(now).toUTCString(),
    'content-length': Buffer.byteLength(answer.body),
    ...answer.headers,
  });
  response.end(answer.body);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        // Stop keeping it; the answer closes the connection.
        request.removeAllListeners('data');
        request.resume();
        reject(new RequestError(413, `the request body is larger than ${MAX_BODY} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

// RFC 3986 characters of a path and query; anything else (`[`, `{`, `|`, ...) is not a request target we serve.
const ORIGIN_FORM = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/;

/** Splits an origin-form request target (`/path?query`) without `new URL`, which reads `//x` as a host. */
function requestTarget(target: string): { path: string; rawQuery: string } {
  if (!ORIGIN_FORM.test(target)) {
    throw new RequestError(400, 'the request target must be a path such as /v3/PROJECT/tasklist');
  }
  const question = target.indexOf('?');
  return question < 0
    ? { path: target, rawQuery: '' }
    : { path: target.slice(0, question), rawQuery: target.slice(question + 1) };
}

/** Whatever went wrong with one request is answered on that request alone. */
export function answerFailure(
  request: IncomingMessage,
  response: ServerResponse,
  error: unknown,
  serverNow: () => number,
): void {
  if (response.headersSent || request.socket.destroyed) {
    request.socket.destroy();
    return;
  }
  const status =
    error instanceof RequestError
      ? error.status
      : error instanceof ScenarioError || error instanceof InvalidInputError
        ? 400
        : 500;
  const message = `${status === 500 ? 'the emulator failed on this request: ' : ''}${(error as Error)?.message}`;
  try {
    const answer = json(status, { error: message }, status === 413 ? { connection: 'close' } : {});
    send(response, answer, serverNow());
  } catch {
    request.socket.destroy();
  }
}

/** The answer to a request the HTTP parser could not read (the socket is closed after it). */
export function clientErrorAnswer(error: Error & { code?: string }): string {
  const [status, reason] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout']
        : [400, 'Bad Request'];
  const body = JSON.stringify({
    error: `the request could not be read as HTTP (${error.code ?? 'parse error'})`,
  });
  return [
    `HTTP/1.1 ${status} ${reason}`,
    'content-type: application/json',
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
    '',
    body,
  ].join('\r\n');
}
