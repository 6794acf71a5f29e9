import { InvalidInputError } from '../../errors';
import { Io } from '../io';
import { LABELLERS } from '../../options';
import { KEYS_BY_COMMAND, MAX_QUERY_BYTES, checkKeysFor, parseExternalQuery } from '../options';
import { externalJson } from '../output';
import { ProgressReporter } from '../../runner/progress';
import { resolveQuery } from '../../runner/query';
import { checkTasks, failUnlessMet, listTasks, waitForTasks } from '../../runner/run';

const EXTERNAL_COMMANDS = ['list', 'wait', 'check'] as const;

/**
 * Terraform's external program protocol (CONTRACT section 6). A false check exits 0 with
 * condition_met "false" so a postcondition can report it; a wait that ends failed exits 1.
 */
export async function runExternal(io: Io): Promise<number> {
  const raw = parseExternalQuery(await io.readStdin(MAX_QUERY_BYTES));
  const command = (raw.command as string | undefined) ?? 'check';
  if (!(EXTERNAL_COMMANDS as readonly string[]).includes(command)) {
    throw new InvalidInputError(
      `query key "command" must be one of ${EXTERNAL_COMMANDS.join(', ')}, not "${command}".`,
    );
  }
  const name = command as (typeof EXTERNAL_COMMANDS)[number];
  // A wait may carry an assertion (expect, max_age): it is checked once the wait is over.
  const keys = name === 'wait' ? new Set([...KEYS_BY_COMMAND.wait, 'expect', 'max_age'] as const) : undefined;
  checkKeysFor(name, raw, LABELLERS.query, keys);
  const query = resolveQuery(raw, io.env, LABELLERS.query);
  // Terraform shows the program's stderr only when it fails, as the error: keep it to the one line.
  const progress = new ProgressReporter({ write: io.stderr, live: false, color: false, quiet: true });
  const outcome =
    name === 'list'
      ? await listTasks(query, progress, io.signal)
      : name === 'check'
        ? await checkTasks(query, progress, io.signal)
        : await waitForTasks(query, progress, io.signal);
  if (name === 'wait') failUnlessMet(outcome);
  const reported =
    name === 'wait' && (raw.expect !== undefined || raw.max_age !== undefined)
      ? await checkTasks(query, progress, io.signal)
      : outcome;
  io.stdout(externalJson(query.api, reported.total, reported.tasks, reported.conditionMet));
  return 0;
}
