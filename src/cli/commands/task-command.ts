import { InvalidInputError } from '../../errors';
import { Io } from '../io';
import { ParsedCommandLine, RawOptions, flagLabel } from '../options';
import { resultJson, resultTable } from '../output';
import { ProgressReporter } from '../progress';
import { resolveQuery } from '../query';
import { checkTasks, failUnlessMet, listTasks, waitForTasks } from './tasks';

/** `list`, `wait` and `check` on the command line. */
export async function runTaskCommand(
  name: 'list' | 'wait' | 'check',
  raw: RawOptions,
  parsed: ParsedCommandLine,
  io: Io,
): Promise<number> {
  const output = parsed.output ?? (io.stdoutIsTTY ? 'table' : 'json');
  if (output !== 'json' && output !== 'table') {
    throw new InvalidInputError(`--output must be json or table, not "${output}".`);
  }
  const query = resolveQuery(raw, io.env, flagLabel);
  const progress = new ProgressReporter({
    write: io.stderr,
    live: io.stderrIsTTY,
    color: io.stderrIsTTY && !io.env.NO_COLOR,
    quiet: parsed.quiet,
  });
  if (name === 'list') {
    const outcome = await listTasks(query, progress, io.signal);
    io.stdout(
      output === 'table'
        ? resultTable(query.api, outcome.total, outcome.tasks)
        : resultJson(query.api, outcome.total, outcome.tasks),
    );
    return 0;
  }
  const outcome =
    name === 'check'
      ? await checkTasks(query, progress, io.signal)
      : await waitForTasks(query, progress, io.signal);
  io.stdout(resultJson(query.api, outcome.total, outcome.tasks, outcome.conditionMet));
  failUnlessMet(outcome);
  return 0;
}
