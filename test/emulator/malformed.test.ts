import { RunningEmulator } from '../../src/emulator';
import { parseRaw, rawExchange, useTestEmulator } from './support';

let emulator: RunningEmulator;
useTestEmulator((started) => (emulator = started));

describe('any request, however malformed, is answered on its own', () => {
  const HOST = 'Host: 127.0.0.1\r\n';
  const GARBAGE: [string, number, string][] = [
    ['a request target new URL() cannot read', 400, `GET //[ HTTP/1.1\r\n${HOST}\r\n`],
    [
      'a path that new URL() would read as a host (not the control interface)',
      404,
      `GET //_taskgate/reset HTTP/1.1\r\n${HOST}\r\n`,
    ],
    ['an asterisk target', 400, `GET * HTTP/1.1\r\n${HOST}\r\n`],
    ['an absolute-form target', 400, `GET http://example.com/_taskgate/health HTTP/1.1\r\n${HOST}\r\n`],
    ['brackets and braces in the path', 400, `GET /v2/index.php?a={}[] HTTP/1.1\r\n${HOST}\r\n`],
    ['an unknown method', 400, `BREW /pot HTTP/1.1\r\n${HOST}\r\n`],
    ['an escape sequence in the target', 400, `GET /\x1b[31m HTTP/1.1\r\n${HOST}\r\n`],
    ['a header line without a colon', 400, `GET / HTTP/1.1\r\n${HOST}no colon here\r\n\r\n`],
    ['a content-length that is not a number', 400, `POST / HTTP/1.1\r\n${HOST}Content-Length: abc\r\n\r\n`],
    ['a header of 64 KiB', 431, `GET / HTTP/1.1\r\n${HOST}X-Big: ${'a'.repeat(65536)}\r\n\r\n`],
    ['not HTTP at all (a TLS hello)', 400, '\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n'],
  ];

  it.each(GARBAGE)('%s: a JSON %i, and the next request is served', async (_name, status, bytes) => {
    const answer = parseRaw(await rawExchange(emulator.port, bytes));
    expect(answer).toMatchObject({ status, contentType: 'application/json' });
    expect(typeof answer.body.error).toBe('string');
    const health = await fetch(`${emulator.url}/_taskgate/health`);
    expect(health.status).toBe(200);
  });

  it('a body over 1 MiB is a 413 for that request alone', async () => {
    const body = 'x'.repeat(1024 * 1024 + 10);
    const bytes = `POST / HTTP/1.1\r\n${HOST}Content-Length: ${body.length}\r\n\r\n${body}`;
    const answer = parseRaw(await rawExchange(emulator.port, bytes));
    expect(answer).toMatchObject({ status: 413, contentType: 'application/json' });
    expect((await fetch(`${emulator.url}/_taskgate/health`)).status).toBe(200);
  });

  it('a connection dropped half-way through a request leaves the server serving', async () => {
    await rawExchange(
      emulator.port,
      `POST /_taskgate/tasks HTTP/1.1\r\n${HOST}Content-Length: 100\r\n\r\n{"api"`,
    );
    expect((await fetch(`${emulator.url}/_taskgate/health`)).status).toBe(200);
  });
});
