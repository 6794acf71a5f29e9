import { describeTaskType } from '../engine/describe';
import { ApiName, Task } from '../core/model';
import { toRecord } from '../runner/record';
import { jsonForTerminal, oneLine } from '../core/text';

/** The section 4 result object printed by list, wait and check. */
export function resultJson(
  api: ApiName,
  total: number,
  tasks: readonly Task[],
  conditionMet?: boolean,
): string {
  const result: Record<string, unknown> = { api };
  if (conditionMet !== undefined) result.condition_met = conditionMet;
  result.total = total;
  result.tasks = tasks.map((task) => toRecord(task, api));
  return `${jsonForTerminal(result)}\n`;
}

/**
 * The flat all-strings object of the external protocol (section 6): the newest selected task's
 * fields, `""` when there is none.
 */
export function externalResult(
  api: ApiName,
  total: number,
  tasks: readonly Task[],
  conditionMet: boolean | undefined,
): Record<string, string> {
  const newest = tasks[0] ? toRecord(tasks[0], api) : undefined;
  const text = (value: string | number | null | undefined) =>
    value === null || value === undefined ? '' : String(value);
  return {
    count: String(total),
    condition_met: conditionMet === undefined ? '' : String(conditionMet),
    task_id: text(newest?.id),
    task_type: text(newest?.type),
    // An addition to the contract's keys: the readable name of the type (`FLOW_BACKUPINSTANCE` for `012`).
    task_type_name: text(newest?.type_name),
    status: text(newest?.status),
    status_raw: text(newest?.status_raw),
    progress: text(newest?.progress),
    started_at: text(newest?.started_at),
    ended_at: text(newest?.ended_at),
    instance_id: text(newest?.instance_id),
    instance_name: text(newest?.instance_name),
    message: text(newest?.message),
    tasks_json: jsonForTerminal(tasks.map((task) => toRecord(task, api))),
  };
}

/** The external protocol's flat object as printed: JSON in which no character reaches a terminal raw. */
export function externalJson(
  api: ApiName,
  total: number,
  tasks: readonly Task[],
  conditionMet: boolean | undefined,
): string {
  return `${jsonForTerminal(externalResult(api, total, tasks, conditionMet))}\n`;
}

const COLUMNS = ['ID', 'TYPE', 'INSTANCE', 'STATUS', 'PROGRESS', 'STARTED', 'ENDED', 'MESSAGE'] as const;

const MESSAGE_WIDTH = 60;

/** The readable type, and the code the answer carried when that differs: `FLOW_BACKUPINSTANCE (012)`. */
function typeCell(task: Task): string {
  const readable = describeTaskType(task);
  const type = oneLine(task.type);
  return type && type !== readable ? `${readable} (${type})` : readable;
}

/** A readable table for people (`--output table`); each cell one line of plain text: most are the server's. */
export function resultTable(api: ApiName, total: number, tasks: readonly Task[]): string {
  const field = (value: string | null) => (value === null ? '' : oneLine(value)) || '-';
  const rows = tasks.map((task) => {
    const record = toRecord(task, api);
    const statusRaw = oneLine(record.status_raw);
    return [
      field(record.id),
      typeCell(task),
      record.instance_name
        ? `${field(record.instance_id)} (${field(record.instance_name)})`
        : field(record.instance_id),
      record.status === statusRaw || !statusRaw ? record.status : `${record.status} (${statusRaw})`,
      record.progress === null ? '-' : `${Math.round(record.progress)}%`,
      field(record.started_at),
      field(record.ended_at),
      oneLine(record.message ?? '', MESSAGE_WIDTH),
    ];
  });
  const widths = COLUMNS.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const body = [line(COLUMNS), ...rows.map(line)].join('\n');
  return `${body}\n${total} task${total === 1 ? '' : 's'} matching on ${api}\n`;
}
