import { credentialsFromEnv, loadScenarioFile, startEmulator } from '../../emulator';
import { InvalidInputError } from '../../errors';
import { Io } from '../io';

/** `taskgate emulator`: serves until SIGINT/SIGTERM, then closes every socket and exits 130. */
export async function runEmulator(
  options: { port?: string; scenario?: string; quiet: boolean },
  io: Io,
): Promise<number> {
  const port = options.port === undefined ? 0 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidInputError(`--port must be a port number from 0 to 65535, not "${options.port}".`);
  }
  let scenario;
  try {
    scenario = options.scenario === undefined ? undefined : loadScenarioFile(options.scenario);
  } catch (error) {
    throw new InvalidInputError(`${(error as Error).message}; see the README's scenario format.`);
  }
  const emulator = await startEmulator({
    port,
    scenario,
    credentials: credentialsFromEnv(io.env),
    log: options.quiet ? undefined : (line) => io.stderr(`${line}\n`),
  });
  io.stdout(`listening on ${emulator.url}\n`);
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) return resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await emulator.close();
  return 130;
}
