import * as os from 'node:os';
import * as path from 'node:path';
import { Io } from '../../src/cli/io';
import { run } from '../../src/cli/run';
import { childEnv } from './emulator';
import { ProcessResult, runProgram } from './terraform';

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

/** The bundled CLI, as users and Terraform run it. */
export const CLI = path.resolve(__dirname, '../../lib/taskgate.js');

/** Runs the bundled CLI as a child process (no shell), bounded by the hang backstop of runProgram. */
export function cliProcess(
  args: string[],
  options: { env?: Record<string, string | undefined>; input?: string } = {},
): Promise<ProcessResult> {
  return runProgram([process.execPath, CLI, ...args], {
    cwd: os.tmpdir(),
    env: childEnv(options.env),
    input: options.input,
  });
}
