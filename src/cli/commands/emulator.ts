import { ScenarioError, credentialsFromEnv, loadScenarioFile, startEmulator } from '../../emulator';
import { InvalidInputError } from '../../errors';
import { Io } from '../io';

/** A value quoted for a one-line message: escaped and short. */
const quoted = (value: string) =>
  JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value).replace(
    /[\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

/** `--port`: a plain decimal number from 0 to 65535 (not 0x50, 1e3, " 80" or 80.0, which Number() reads). */
function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new InvalidInputError(
      `--port must be a whole number from 0 to 65535 (0 picks a free port), not ${quoted(value)}.`,
    );
  }
  return port;
}

/** `taskgate emulator`: serves until SIGINT/SIGTERM, then closes every socket and exits 130. */
export async function runEmulator(
  options: { port?: string; scenario?: string; quiet: boolean },
  io: Io,
): Promise<number> {
  const port = parsePort(options.port);
  let scenario;
  try {
    scenario = options.scenario === undefined ? undefined : loadScenarioFile(options.scenario);
  } catch (error) {
    throw new InvalidInputError(`${(error as Error).message}; see the README's scenario format.`);
  }
  let emulator;
  try {
    emulator = await startEmulator({
      port,
      scenario,
      credentials: credentialsFromEnv(io.env),
      log: options.quiet ? undefined : (line) => io.stderr(`${line}\n`),
    });
  } catch (error) {
    // The file's shape was checked on reading; its tasks and faults are checked as they load.
    if (error instanceof ScenarioError) {
      throw new InvalidInputError(
        `scenario ${options.scenario}: ${error.message}; see the README's scenario format.`,
      );
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new InvalidInputError(
        `port ${port} is in use on 127.0.0.1; stop what listens there, or pick another --port (0 picks a free one).`,
      );
    }
    if (code === 'EACCES') {
      throw new InvalidInputError(
        `port ${port} needs privileges on this machine; pick a --port above 1023, or 0 for a free one.`,
      );
    }
    throw error;
  }
  io.stdout(`listening on ${emulator.url}\n`);
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) return resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await emulator.close();
  return 130;
}
