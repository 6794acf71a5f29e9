import { InterruptedError } from '../errors';
import { Io } from './io';
import { run } from './run';

/** The `taskgate` executable: wires the process to `run` and turns SIGINT/SIGTERM into exit 130. */
function main(): void {
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
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    signal: controller.signal,
  };
  run(process.argv.slice(2), io).then(exitWhenFlushed, (error: unknown) => {
    process.stderr.write(`taskgate: unexpected error: ${String(error)}\n`);
    exitWhenFlushed(4);
  });
}

/**
 * Exits once stdout and stderr are flushed (pipes are asynchronous: a large result would be cut),
 * without waiting for idle keep-alive sockets.
 */
function exitWhenFlushed(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

main();
