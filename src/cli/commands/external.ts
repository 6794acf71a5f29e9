import { InvalidInputError } from '../../core/errors';
import { Io } from '../io';
import { LABELLERS } from '../../core/options';
import { KEYS_BY_COMMAND, MAX_QUERY_BYTES, checkKeysFor, parseExternalQuery } from '../options';
import { externalJson } from '../output';
import { SILENT } from '../../runner/events';
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
  const run = { events: SILENT, signal: io.signal };
  const outcome =
    name === 'list'
      ? await listTasks(query, run)
      : name === 'check'
        ? await checkTasks(query, run)
        : await waitForTasks(query, run);
  if (name === 'wait') failUnlessMet(outcome);
  const reported =
    name === 'wait' && (raw.expect !== undefined || raw.max_age !== undefined)
      ? await checkTasks(query, run)
      : outcome;
  io.stdout(externalJson(query.api, reported.total, reported.tasks, reported.conditionMet));
  return 0;
}
