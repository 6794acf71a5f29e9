import { evaluate } from '../../src/engine/conditions';
import { describeTask, describeTaskType } from '../../src/engine/describe';
import { API_DESCRIPTORS, ApiDescriptor, Task, TaskStatus, taskTypeName } from '../../src/core/model';

// eslint-disable-next-line no-control-regex
const RAW = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

const task = (status: TaskStatus, extra: Partial<Task> = {}): Task => ({
  id: '1',
  type: 'backup',
  typeName: null,
  instanceId: 'i-1',
  instanceName: null,
  status,
  statusRaw: status,
  progress: 40,
  startedAt: new Date(1_700_000_000_000 - 60_000),
  endedAt: null,
  message: null,
  ...extra,
});

/** A task whose every text field a hostile server wrote. */
const hostile = (status: TaskStatus): Task =>
  task(status, {
    id: '7\x1b[2J\x1b[H',
    type: 'FLOW_\x1b]0;owned\x07BACKUP\u202eKCAB\nINSTANCE',
    instanceId: `crs-\x1b[31mred\x1b[0m\r\n${'i'.repeat(10_000)}`,
    instanceName: 'name\x07',
    statusRaw: '4\x1b[1m',
    message: `disk\x1b[5m full\u2028line two\x00${'m'.repeat(1024 * 1024)}`,
  });

describe('describeTask', () => {
  it('names the task, its type, instance, status and progress', () => {
    expect(describeTask(task('running'))).toBe('task 1 (backup on i-1): running 40%');
    expect(describeTask(task('succeeded'))).toBe('task 1 (backup on i-1): succeeded');
    expect(describeTask(task('running', { id: null, instanceId: null }))).toBe('task backup: running 40%');
  });

  it('names a task by its readable type; codes without a name stay as they came', () => {
    const cdb = (type: string) =>
      task('failed', {
        id: '15900',
        type,
        typeName: taskTypeName('tencent-cdb', type) ?? null,
        instanceId: 'cdb-x',
      });
    expect(describeTask(cdb('1'))).toBe('task 15900 (ROLLBACK on cdb-x): failed');
    expect(describeTask(cdb('12'))).toBe('task 15900 (DROP TABLES on cdb-x): failed');
    expect(describeTask(cdb('4'))).toBe('task 15900 (4 on cdb-x): failed');
    expect(describeTaskType(cdb('7'))).toBe('REBOOT');
    const redis = task('running', { type: '012', typeName: taskTypeName('tencent-redis', '012') ?? null });
    expect(describeTask(redis)).toBe('task 1 (FLOW_BACKUPINSTANCE on i-1): running 40%');
    // Only the APIs that number their types have tables: the others' types are names already.
    const numbered = Object.entries(API_DESCRIPTORS as Record<string, ApiDescriptor>).filter(
      ([, descriptor]) => descriptor.taskTypes,
    );
    expect(numbered.map(([name]) => name)).toEqual(['tencent-redis', 'tencent-cdb']);
    expect(taskTypeName('tencent-redis', '999')).toBeUndefined();
    expect(taskTypeName('tencent-cdb', 'toString')).toBeUndefined();
    expect(taskTypeName('tencent-redis-v2', 'backupInstance')).toBeUndefined();
  });

  it('the reason of a failed CDB task names its type', () => {
    const failed = task('failed', {
      id: '9',
      type: '1',
      typeName: 'ROLLBACK',
      instanceId: 'cdb-1',
      message: 'no space',
    });
    expect(evaluate('succeeded', [failed], 'newest', { now: 1_700_000_000_000 }).reason).toBe(
      'task 9 (ROLLBACK on cdb-1): failed, expected succeeded: no space',
    );
  });

  it('a hostile task is one line of plain text, each field bounded', () => {
    const line = describeTask(hostile('running'));
    expect(line).not.toMatch(RAW);
    expect(line).not.toContain('[31m');
    expect(line).not.toContain('owned');
    expect(line.startsWith('task 7 (FLOW_BACKUP KCAB INSTANCE on crs-red iii')).toBe(true);
    expect(line.endsWith('…): running 40%')).toBe(true);
    expect(line.length).toBeLessThan(500);
  });
});

describe("evaluate's reasons", () => {
  const now = 1_700_000_000_000;
  it('a failed hostile task: the reason is one line, the message bounded', () => {
    const evaluation = evaluate('succeeded', [hostile('failed')], 'newest', { now });
    expect(evaluation).toMatchObject({ met: false, final: true });
    expect(evaluation.reason).not.toMatch(RAW);
    expect(evaluation.reason).toContain('): failed, expected succeeded: disk full line two mmm');
    expect(evaluation.reason.endsWith('m…')).toBe(true);
    expect(evaluation.reason.length).toBeLessThan(1000);
  });

  it.each([
    ['idle', 'running'],
    ['finished', 'running'],
    ['succeeded', 'pending'],
  ] as const)('%s over a %s hostile task: one line', (condition, status) => {
    const evaluation = evaluate(condition, [hostile(status)], 'newest', { now });
    expect(evaluation.met).toBe(false);
    expect(evaluation.reason).not.toMatch(RAW);
    expect(evaluation.reason).toContain('FLOW_BACKUP KCAB INSTANCE');
  });

  it('a message that is nothing but controls adds nothing', () => {
    const evaluation = evaluate('succeeded', [task('failed', { message: '\x1b[0m\n' })], 'newest', { now });
    expect(evaluation.reason).toBe('task 1 (backup on i-1): failed, expected succeeded');
  });

  it('--max-age names a hostile task in one line', () => {
    const evaluation = evaluate('succeeded', [hostile('succeeded')], 'newest', {
      now,
      maxAgeMs: 1000,
      maxAgeLabel: '--max-age',
    });
    expect(evaluation.reason).not.toMatch(RAW);
    expect(evaluation.reason).toMatch(/: succeeded started 1m0s ago, more than --max-age 1s$/);
  });
});
