import { InvalidInputError } from '../../core/errors';
import { Io } from '../io';
import { MergedOptions, ParsedCommandLine, TaskCommandName, outputOption, quietOption } from '../options';
import { resultJson, resultTable } from '../output';
import { ProgressReporter } from '../progress';
import { resolveQuery } from '../../runner/query';
import { checkTasks, failUnlessMet, listTasks, waitForTasks } from '../../runner/run';

/** What each command can print on stdout; `none` leaves only the exit code and stderr (TaskGate uses it). */
const OUTPUTS: Record<TaskCommandName, readonly string[]> = {
  list: ['json', 'table'],
  wait: ['json', 'none'],
  check: ['json', 'none'],
};

/** `list`, `wait` and `check` on the command line. */
export async function runTaskCommand(
  name: TaskCommandName,
  options: MergedOptions,
  parsed: ParsedCommandLine,
  io: Io,
): Promise<number> {
  const chosen = outputOption(parsed, io.env);
  const output = chosen.value ?? (name === 'list' && io.stdoutIsTTY ? 'table' : 'json');
  if (!OUTPUTS[name].includes(output)) {
    throw new InvalidInputError(
      `${chosen.label} must be ${OUTPUTS[name].join(' or ')} for "${name}", not "${output}".`,
    );
  }
  const quiet = quietOption(parsed, io.env);
  const query = resolveQuery(options.raw, io.env, options.label);
  const events = new ProgressReporter({
    write: io.stderr,
    live: io.stderrIsTTY,
    color: io.stderrIsTTY && !io.env.NO_COLOR,
    quiet,
  });
  const run = { events, signal: io.signal };
  if (name === 'list') {
    const outcome = await listTasks(query, run);
    io.stdout(
      output === 'table'
        ? resultTable(query.api, outcome.total, outcome.tasks)
        : resultJson(query.api, outcome.total, outcome.tasks),
    );
    return 0;
  }
  const outcome = name === 'check' ? await checkTasks(query, run) : await waitForTasks(query, run);
  if (output === 'json') io.stdout(resultJson(query.api, outcome.total, outcome.tasks, outcome.conditionMet));
  failUnlessMet(outcome);
  return 0;
}
