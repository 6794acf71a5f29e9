import { Io } from '../../src/cli/io';
import { run } from '../../src/cli/run';
import { childEnv } from './emulator';

/**
 * Runs the CLI in this process (the same `run` the executable calls) with the environment a child
 * would get: for the many checks of input, where starting Node each time would only cost time.
 */
export async function inProcess(
  argv: string[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    env: childEnv(env),
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    readStdin: async () => '',
    stdoutIsTTY: false,
    stderrIsTTY: false,
    signal: new AbortController().signal,
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}
