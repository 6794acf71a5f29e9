import { InvalidInputError, TaskgateError } from '../core/errors';
import { LABELLERS, OPTIONS, OptionKey } from '../core/options';
import { LINE_MAX_LENGTH, oneLine } from '../core/text';
import { COMMAND_HELP, TOP_HELP } from './help';
import { Io } from './io';
import {
  COMMANDS,
  CommandName,
  KEYS_BY_COMMAND,
  ParsedCommandLine,
  checkKeysFor,
  checkVariables,
  parseCommandLine,
  shown,
  withEnvironment,
} from './options';
import { didYouMean } from './suggest';
import { VERSION } from '../core/version';

/** Runs one invocation; returns the exit code (CONTRACT section 3). Every failure is one line on stderr. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  try {
    return await dispatch(parseCommandLine(argv), io);
  } catch (error) {
    return report(io.signal.aborted ? io.signal.reason : error, io);
  }
}

function commandName(command: string): CommandName {
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new InvalidInputError(
      `unknown command "${shown(command)}"${didYouMean(command, COMMANDS)}; use list, wait, check, external, emulator or provider.`,
    );
  }
  return command as CommandName;
}

async function dispatch(parsed: ParsedCommandLine, io: Io): Promise<number> {
  const { command } = parsed;
  if (command === undefined) {
    if (parsed.version && !parsed.help) {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    if (parsed.help) {
      io.stdout(TOP_HELP);
      return 0;
    }
    throw new InvalidInputError(
      'a command is required: list, wait, check, external, emulator or provider (see "taskgate --help").',
    );
  }
  const name = commandName(command);
  if (parsed.help) {
    io.stdout(COMMAND_HELP[name]);
    return 0;
  }
  if (parsed.version) throw new InvalidInputError('--version takes no command: run "taskgate --version".');
  refuseForeign(name, parsed);
  // Each command is loaded on demand: the CLI runs once per Terraform data source read.
  switch (name) {
    case 'external': {
      checkVariables(io.env);
      const { runExternal } = await import('./commands/external');
      return runExternal(io);
    }
    case 'emulator': {
      const { runEmulator } = await import('./commands/emulator');
      return runEmulator(parsed, io);
    }
    case 'provider': {
      const { runProvider } = await import('./commands/provider');
      return runProvider(parsed, io);
    }
    default: {
      checkVariables(io.env);
      checkKeysFor(name, parsed.raw, LABELLERS.flag);
      const { runTaskCommand } = await import('./commands/task-command');
      return runTaskCommand(name, withEnvironment(parsed.raw, KEYS_BY_COMMAND[name], io.env), parsed, io);
    }
  }
}

/** Options that belong to another command are usage errors, not silently ignored. */
function refuseForeign(name: CommandName, parsed: ParsedCommandLine): void {
  const foreign: string[] = [];
  if (name !== 'emulator' && parsed.port !== undefined) foreign.push('--port');
  if (name !== 'emulator' && parsed.scenario !== undefined) foreign.push('--scenario');
  if (name !== 'emulator' && parsed.tls) foreign.push('--tls');
  if (name !== 'provider' && parsed.dir !== undefined) foreign.push('--dir');
  if (name !== 'provider' && parsed.platforms !== undefined) foreign.push('--platform');
  if (name !== 'provider' && parsed.native) foreign.push('--native');
  const takesNoQuery = name === 'external' || name === 'emulator' || name === 'provider';
  if (takesNoQuery && parsed.output !== undefined) foreign.push('--output');
  if ((name === 'external' || name === 'provider') && parsed.quiet) foreign.push('--quiet');
  if (takesNoQuery && Object.keys(parsed.raw).length > 0) {
    foreign.push(...(Object.keys(parsed.raw) as OptionKey[]).map((key) => `--${OPTIONS[key].flag}`));
  }
  if (foreign.length > 0) {
    throw new InvalidInputError(
      `${foreign[0]} is not an option of "${name}"; see "taskgate ${name} --help".`,
    );
  }
}

function report(error: unknown, io: Io): number {
  const debug = io.env.TASKGATE_DEBUG === '1';
  // Messages may quote what a server or a user sent: one line, no control characters, bounded.
  if (error instanceof TaskgateError) {
    io.stderr(`taskgate: ${oneLine(error.message, LINE_MAX_LENGTH)}\n`);
    if (debug && error.stack) io.stderr(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(
    `taskgate: unexpected error: ${oneLine(message.split('\n')[0], LINE_MAX_LENGTH)} (set TASKGATE_DEBUG=1 for details)\n`,
  );
  if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return 4;
}
