import fc from 'fast-check';
import { externalJson, externalResult, resultJson, resultTable } from '../../src/cli/output';
import { toRecord } from '../../src/runner/record';
import { ProgressReporter } from '../../src/cli/progress';
import { ApiError } from '../../src/core/errors';
import { Task } from '../../src/core/model';
import { FIELD_MAX_LENGTH, jsonForTerminal, oneLine } from '../../src/core/text';

/** Every character class a terminal may act on, as one pattern; nothing here may reach a terminal raw. */
// eslint-disable-next-line no-control-regex
const RAW = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

describe('oneLine: server text as one line of plain text', () => {
  it.each([
    ['CSI colour, removed whole', 'disk \x1b[31mfull\x1b[0m now', 'disk full now'],
    ['CSI with parameters and intermediates', 'a\x1b[1;31;4 qb', 'ab'],
    ['CSI that erases the screen', '\x1b[2J\x1b[Hcleared', 'cleared'],
    ['8-bit CSI (U+009B)', 'a\u009b31mb', 'ab'],
    ['OSC ended by BEL', 'x\x1b]0;evil title\x07y', 'xy'],
    ['OSC ended by ESC \\', 'x\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\y', 'xlinky'],
    ['8-bit OSC ended by 8-bit ST', 'x\u009d0;t\u009cy', 'xy'],
    ['OSC left open runs to the end, as a terminal swallows it', 'x \x1b]0;never closed', 'x'],
    ['DCS', 'a\x1bPq#0;2;0;0;0\x1b\\b', 'ab'],
    ['other escapes (reset, charset, save cursor)', 'a\x1bcb\x1b(Bc\x1b7d', 'abcd'],
    ['a lone ESC at the end', 'a\x1b', 'a'],
    ['BEL', 'ding\x07dong', 'ding dong'],
    ['other C0 controls', 'a\x00b\x08c\x0bd\x0ce\x1ff', 'a b c d e f'],
    ['DEL', 'a\x7fb', 'a b'],
    ['C1 controls', 'a\u0080b\u0085c\u0086d', 'a b c d'],
    ['APC (U+009F) runs to its ST', 'a\u009f_hidden\u009cb', 'ab'],
    ['bidi overrides and embeddings', 'file\u202eexe.txt\u202c', 'file exe.txt'],
    ['bidi isolates and marks', 'a\u2066b\u2069c\u200fd\u061ce', 'a b c d e'],
    ['line and paragraph separators', 'one\u2028two\u2029three', 'one two three'],
    ['newlines, CR and tabs', 'one\r\ntwo\n\n\tthree\rfour', 'one two three four'],
    ['whitespace runs and ends', '  a \u00a0 \u3000 b  ', 'a b'],
    ['a lone surrogate', 'a\ud800b', 'a\ufffdb'],
  ])('%s', (_name, input, expected) => {
    expect(oneLine(input)).toBe(expected);
  });

  it('keeps Chinese text, emoji and emoji sequences intact', () => {
    const text = '初始化实例成功 ✅ 👨‍👩‍👧 🇨🇳 e\u0301';
    expect(oneLine(text)).toBe(text);
  });

  it('bounds the length, cut with …', () => {
    expect(oneLine('x'.repeat(1000))).toBe(`${'x'.repeat(FIELD_MAX_LENGTH - 1)}…`);
    expect(oneLine('abc def', 5)).toBe('abc…');
    expect(oneLine('abcde', 5)).toBe('abcde');
    expect(oneLine('abcdef', 1)).toBe('…');
  });

  it('never cuts a surrogate pair or an emoji sequence in half', () => {
    expect(oneLine('😀'.repeat(10), 6)).toBe('😀😀…');
    expect(oneLine('😀'.repeat(10), 5)).toBe('😀😀…');
    expect(oneLine('👨‍👩‍👧'.repeat(5), 12)).toBe('👨‍👩‍👧…');
    expect(oneLine('中'.repeat(300))).toBe(`${'中'.repeat(FIELD_MAX_LENGTH - 1)}…`);
    // One cluster longer than the bound is cut between code points.
    expect(oneLine(`😀${'\u0301'.repeat(20)}`, 5)).toBe('😀\u0301\u0301…');
  });

  it('reads a 1 MB message and returns the bound', () => {
    const huge = `\x1b[31m${'告警 '.repeat(350_000)}\x1b[0m`;
    const line = oneLine(huge, 500);
    expect(line.length).toBeLessThanOrEqual(500);
    expect(line.startsWith('告警 告警')).toBe(true);
    expect(line.endsWith('…')).toBe(true);
  });

  it('whatever the input: one line, bounded, no raw control character', () => {
    const hostile = fc.constantFrom(
      '\x1b',
      '[',
      ']',
      '\x07',
      '\\',
      '\u009b',
      '\u009d',
      '\u009c',
      '\n',
      '\u202e',
      '\u2028',
      '😀',
      '\ud83d',
      '中',
      'a',
      ' ',
      '0',
      ';',
      'm',
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(hostile, fc.string({ unit: 'binary' })), { maxLength: 80 }),
        fc.integer({ min: 1, max: 60 }),
        (parts, max) => {
          const line = oneLine(parts.join(''), max);
          expect(line.length).toBeLessThanOrEqual(max);
          expect(line).not.toMatch(RAW);
          expect(line).toBe(line.trim());
          expect(line).not.toMatch(/\s\s/);
          expect(line).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('jsonForTerminal: JSON whose text no terminal acts on', () => {
  const hostile = 'a\x1b[31m\x07\x7f\u0085\u009b\u202e\u2066\u2028\u2029\n\ud800z 中文 😀';
  it('escapes DEL, C1, bidi controls and U+2028/2029 as \\uXXXX; parses back to the same value', () => {
    const value = { message: hostile, [`key${hostile}`]: [hostile, 1, null] };
    const text = jsonForTerminal(value);
    expect(text).not.toMatch(RAW);
    expect(JSON.parse(text)).toEqual(value);
    expect(text).toContain('\\u007f');
    expect(text).toContain('\\u0085');
    expect(text).toContain('\\u202e');
    expect(text).toContain('\\u2028');
    expect(text).toContain('中文 😀');
  });

  it('parses back to the same value, whatever the strings', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, text) => {
        const wrapped = { value, text };
        const json = jsonForTerminal(wrapped);
        expect(json).not.toMatch(RAW);
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(wrapped)));
      }),
      { numRuns: 500 },
    );
  });
});

/** A task whose every text field a hostile server wrote. */
const hostileTask: Task = {
  id: '15900\x1b[2J',
  type: 'FLOW_\x1b]0;owned\x07BACKUP\u202eKCAB',
  typeName: null,
  instanceId: `cdb-\x1b[31mx\x1b[0m\n${'i'.repeat(5000)}`,
  instanceName: '名字\u2028😀\u009b1m',
  status: 'failed',
  statusRaw: '3\x1b[5m\x7f',
  progress: 40,
  startedAt: new Date('2026-11-25T00:00:00Z'),
  endedAt: null,
  message: `restore failed\r\n\x1b[8mhidden\x1b[0m\u0085${'m'.repeat(1024 * 1024)}`,
};
const cdb = 'tencent-cdb' as const;

describe('--output table', () => {
  it('every cell of a hostile task is one line of plain text, bounded', () => {
    const table = resultTable(cdb, 1, [hostileTask]);
    const lines = table.split('\n');
    expect(lines).toHaveLength(4); // header, one row, the count, and the final newline
    expect(lines[3]).toBe('');
    for (const line of lines) expect(line).not.toMatch(RAW);
    expect(table).not.toContain('owned');
    expect(table).not.toContain('[31m');
    const row = lines[1];
    expect(row).toMatch(/^15900 +FLOW_BACKUP KCAB +cdb-x i+…/);
    expect(row).toContain('(名字 😀)');
    expect(row).toContain('failed (3)');
    expect(row).toMatch(/restore failed hidden m+…$/);
    expect(row.length).toBeLessThan(800);
  });

  it('TYPE shows the readable name, and the code the answer carried beside it', () => {
    const rollback: Task = {
      ...hostileTask,
      id: '15900',
      type: '1',
      typeName: 'ROLLBACK',
      instanceId: 'cdb-x',
      instanceName: null,
      statusRaw: '3',
      message: null,
    };
    const [header, named, bare] = resultTable(cdb, 2, [
      rollback,
      { ...rollback, type: '4', typeName: null },
    ]).split('\n');
    expect(header).toMatch(/^ID +TYPE +INSTANCE +STATUS/);
    expect(named).toMatch(/^15900 +ROLLBACK \(1\) +cdb-x +failed \(3\) +40%/);
    expect(bare).toMatch(/^15900 +4 +cdb-x/);
  });

  it('cells with nothing left show -', () => {
    const table = resultTable(cdb, 1, [{ ...hostileTask, id: '\x1b[0m', instanceName: null, message: null }]);
    expect(table.split('\n')[1]).toMatch(/^- +FLOW_BACKUP/);
  });
});

describe('JSON printers', () => {
  const parsed = (text: string) => JSON.parse(text) as Record<string, any>;
  it("list/wait/check JSON: no raw control, parses back to the server's exact values", () => {
    const text = resultJson(cdb, 1, [hostileTask], false);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.slice(0, -1)).not.toMatch(RAW);
    expect(parsed(text)).toEqual({
      api: 'tencent-cdb',
      condition_met: false,
      total: 1,
      tasks: [toRecord(hostileTask, cdb)],
    });
    expect(parsed(text).tasks[0].message).toBe(hostileTask.message);
  });

  it("the external protocol's flat object and its tasks_json: no raw control, same values", () => {
    const text = externalJson(cdb, 1, [hostileTask], true);
    expect(text.slice(0, -1)).not.toMatch(RAW);
    const flat = parsed(text);
    expect(flat).toEqual(externalResult(cdb, 1, [hostileTask], true));
    expect(flat.message).toBe(hostileTask.message);
    expect(flat.instance_name).toBe(hostileTask.instanceName);
    expect(flat.tasks_json).not.toMatch(RAW);
    expect(JSON.parse(flat.tasks_json)).toEqual([toRecord(hostileTask, cdb)]);
  });
});

describe('progress lines', () => {
  const reporter = (live: boolean) => {
    const written: string[] = [];
    const progress = new ProgressReporter({
      write: (text) => written.push(text),
      live,
      color: false,
      quiet: false,
    });
    return { progress, written };
  };

  it('a hostile task: one plain line per change', () => {
    const { progress, written } = reporter(false);
    progress.poll({ polls: 1, tasks: [{ ...hostileTask, status: 'running' }], elapsedMs: 1000 });
    expect(written).toHaveLength(1);
    expect(written[0].endsWith('\n')).toBe(true);
    expect(written[0].slice(0, -1)).not.toMatch(RAW);
    expect(written[0]).toMatch(
      /^taskgate \[1s\] task 15900 \(FLOW_BACKUP KCAB on cdb-x i+…\): running 40%\n$/,
    );
  });

  it('the live line holds only its own escape (erase line)', () => {
    const { progress, written } = reporter(true);
    progress.poll({ polls: 1, tasks: [{ ...hostileTask, status: 'running' }], elapsedMs: 1000 });
    expect(written[0].startsWith('\r\x1b[K')).toBe(true);
    expect(written[0].slice('\r\x1b[K'.length)).not.toMatch(RAW);
  });

  it('a retry line is one line even for an error message with controls', () => {
    const { progress, written } = reporter(false);
    const error = new ApiError(`X failed\x1b[2J\n${'e'.repeat(5000)}`, { retryable: true });
    progress.retry({ attempt: 1, delayMs: 2000, error });
    expect(written).toHaveLength(1);
    expect(written[0].slice(0, -1)).not.toMatch(RAW);
    expect(written[0]).toMatch(/^taskgate: X failed e+…; retrying in 2s \(attempt 2\)\n$/);
    expect(written[0].length).toBeLessThan(1100);
  });
});
