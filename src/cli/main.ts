import { InterruptedError, InvalidInputError } from '../core/errors';
import { Io } from './io';
import { run } from './run';

/** The first error writing stdout (a full disk, a closed pipe): the result did not arrive. */
let stdoutError: NodeJS.ErrnoException | undefined;

async function readStdin(maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      process.stdin.destroy();
      throw new InvalidInputError(
        `the query on stdin is larger than ${Math.round(maxBytes / 1024)} KiB; Terraform sends a small map of strings.`,
      );
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The `taskgate` executable: wires the process to `run` and turns SIGINT/SIGTERM into exit 130. */
function main(): void {
  // Certificates are always verified (the transport says so explicitly); this only silences Node's warning.
  delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    stdoutError ??= error;
  });
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      controller.abort(new InterruptedError(`interrupted by ${signal}; nothing was changed.`));
      // Whatever is still in flight, stop promptly.
      setTimeout(() => process.exit(130), 1500).unref();
    });
  }
  const io: Io = {
    env: process.env,
    stdout: (text) => {
      if (!stdoutError) process.stdout.write(text);
    },
    stderr: (text) => process.stderr.write(text),
    readStdin,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    signal: controller.signal,
  };
  run(process.argv.slice(2), io).then(exitWhenFlushed, (error: unknown) => {
    process.stderr.write(`taskgate: unexpected error: ${String(error).split('\n')[0]}\n`);
    exitWhenFlushed(4);
  });
}

/**
 * Exits once stdout and stderr are flushed (pipes are asynchronous: a large result would be cut),
 * without waiting for idle keep-alive sockets. A result that could not be written is a failure.
 */
function exitWhenFlushed(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending > 0) return;
    if (stdoutError && code !== 130) {
      process.stderr.write(
        `taskgate: could not write the result to stdout (${stdoutError.code ?? stdoutError.message}).\n`,
        () => process.exit(4),
      );
      return;
    }
    process.exit(code);
  };
  process.stdout.write('', (error) => {
    if (error) stdoutError ??= error;
    done();
  });
  process.stderr.write('', done);
}

main();
