import { IncomingMessage, RequestListener, ServerResponse, createServer } from 'node:http';
import { createServer as createSecureServer } from 'node:https';
import { Socket } from 'node:net';
import { Exchange, answerFailure, clientErrorAnswer, exchangeOf } from './http';

/** The emulator's HTTP or HTTPS server once it listens. */
export interface Listening {
  readonly port: number;
  /** Resolves after `ms`; never, if the server closes first. */
  sleep(ms: number): Promise<void>;
  /** Stops listening, closes every connection and drops every pending sleep. */
  close(): Promise<void>;
}

export interface ListenOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** The server's own clock, for the Date header. */
  readonly serverNow: () => number;
  /** Serves one request; whatever it throws is answered on that request alone. */
  readonly serve: (exchange: Exchange) => Promise<void>;
  /** HTTPS with this key and certificate chain (PEM); plain HTTP without. */
  readonly tls?: { readonly key: string; readonly cert: string };
}

/** Listens on 127.0.0.1, keeping track of connections and timers so that close leaves nothing behind. */
export async function listen(options: ListenOptions): Promise<Listening> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const handle: RequestListener = (request: IncomingMessage, response: ServerResponse) => {
    const fail = (error: unknown) => answerFailure(request, response, error, options.serverNow);
    try {
      options.serve(exchangeOf(request, response, options.serverNow)).catch(fail);
    } catch (error) {
      fail(error);
    }
  };
  const { tls } = options;
  const server = tls ? createSecureServer({ key: tls.key, cert: tls.cert }, handle) : createServer(handle);
  // Idle connections stay open longer than any client keeps one (fetch: 4 s, Node's agent: 5 s), so
  // that the client, not the server, ends them: a request written to a connection at the moment the
  // server drops it fails with ECONNRESET. close() still ends every connection at once.
  server.keepAliveTimeout = 65_000;
  server.on('clientError', (error: Error & { code?: string }, socket: Socket) => {
    if (error.code !== 'ECONNRESET' && socket.writable) socket.end(clientErrorAnswer(error));
    else socket.destroy();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as { port: number }).port,
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, ms);
        timers.add(timer);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        timers.forEach((timer) => clearTimeout(timer));
        timers.clear();
        server.close(() => resolve());
        sockets.forEach((socket) => socket.destroy());
      }),
  };
}
