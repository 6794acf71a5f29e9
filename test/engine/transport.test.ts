import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiError } from '../../src/core/errors';
import { nodeTransport } from '../../src/engine/transport';

describe('https transport', () => {
  it('verifies certificates: a self-signed server is refused at once, not retried', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    let served = 0;
    const server = https.createServer(
      { key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) },
      (_req, res) => {
        served++;
        res.end('{}');
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      // Not even the variable that switches verification off for the rest of Node switches it off here.
      const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
      const error = await nodeTransport
        .send({ method: 'GET', url: `https://127.0.0.1:${port}/`, headers: {} }, { timeoutMs: 5000 })
        .catch((e: unknown) => e)
        .finally(() => {
          if (before === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
          else process.env.NODE_TLS_REJECT_UNAUTHORIZED = before;
        });
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).retryable).toBe(false);
      expect((error as ApiError).message).toMatch(
        /failed TLS certificate verification \(DEPTH_ZERO_SELF_SIGNED_CERT\)/,
      );
      expect(served).toBe(0);
    } finally {
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
