import { EmulatorCredentials, ScenarioError, loadScenarioFile, startEmulator } from '../../emulator';
import { InvalidInputError } from '../../core/errors';
import { quoted } from '../../core/text';
import { Io } from '../io';

const quote = (value: string) => quoted(value, 40);

/** `--port`: a plain decimal number from 0 to 65535 (not 0x50, 1e3, " 80" or 80.0, which Number() reads). */
function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new InvalidInputError(
      `--port must be a whole number from 0 to 65535 (0 picks a free port), not ${quote(value)}.`,
    );
  }
  return port;
}

// What a key or token can hold: printable ASCII, no spaces (it travels in request headers).
const KEY_TEXT = /^[\x21-\x7e]+$/;
const UNUSABLE = Symbol('unusable');

/** The first of `names` set to more than spaces, trimmed; UNUSABLE when no key could be that text. */
function variable(env: NodeJS.ProcessEnv, names: readonly string[]): string | typeof UNUSABLE | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return KEY_TEXT.test(value) ? value : UNUSABLE;
  }
  return undefined;
}

/**
 * The keys the emulator accepts from its own environment: the variables the clients read, read
 * here on its own (sharing the clients' reader would mirror a mistake in it). A cloud gets no key
 * when one is missing, or when a variable it reads, its token included, holds what no key can.
 */
export function emulatorKeysFromEnv(env: NodeJS.ProcessEnv): EmulatorCredentials {
  const tencent = () => {
    const secretId = variable(env, ['TENCENTCLOUD_SECRET_ID']);
    const secretKey = variable(env, ['TENCENTCLOUD_SECRET_KEY']);
    if (secretId === UNUSABLE || secretKey === UNUSABLE || !secretId || !secretKey) return [];
    const token = variable(env, ['TENCENTCLOUD_SECURITY_TOKEN', 'TENCENTCLOUD_SESSION_TOKEN']);
    return token === UNUSABLE ? [] : [{ secretId, secretKey, token }];
  };
  const huawei = () => {
    // The first pair with both set wins.
    for (const [accessKeyName, secretKeyName] of [
      ['HW_ACCESS_KEY', 'HW_SECRET_KEY'],
      ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK'],
    ]) {
      const accessKey = variable(env, [accessKeyName]);
      if (accessKey === UNUSABLE) return [];
      if (!accessKey) continue;
      const secretKey = variable(env, [secretKeyName]);
      if (secretKey === UNUSABLE) return [];
      if (!secretKey) continue;
      return variable(env, ['HW_SECURITY_TOKEN']) === UNUSABLE ? [] : [{ accessKey, secretKey }];
    }
    return [];
  };
  return { tencent: tencent(), huawei: huawei() };
}

/**
 * `taskgate emulator`: serves until SIGINT/SIGTERM, then closes every socket (and with --tls removes
 * its authority's directory) and exits 130.
 */
export async function runEmulator(
  options: { port?: string; scenario?: string; quiet: boolean; tls: boolean },
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
      credentials: emulatorKeysFromEnv(io.env),
      tls: options.tls,
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
  if (emulator.ca) io.stdout(`ca-certificate ${emulator.ca.path}\n`);
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) return resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await emulator.close();
  return 130;
}
