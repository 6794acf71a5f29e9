import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import * as taskgate from '../../src';
import { API_MODULES } from '../../src/apis';
import { COMMAND_HELP } from '../../src/cli/help';
import { createTaskListClient } from '../../src/engine/client';
import { RunningEmulator } from '../../src/emulator';
import { API_NAMES, ApiDescriptor, FILTER_KEYS, FilterKey, describeApi } from '../../src/core/model';
import { LABELLERS, OPTIONS } from '../../src/core/options';
import { validateQuery } from '../../src/validation';
import { testSource } from '../support/clients';
import { testEmulator } from '../support/emulator';

const root = path.resolve(__dirname, '../..');

/** The README's table of APIs, as the descriptors say it should read. */
export function apiTable(): string {
  const rows = API_NAMES.map((name) => {
    const d: ApiDescriptor = describeApi(name);
    const zone = `UTC${d.zoneOffsetMinutes < 0 ? '-' : '+'}${String(Math.abs(d.zoneOffsetMinutes / 60)).padStart(2, '0')}:00`;
    const refused = FILTER_KEYS.filter((key) => d.unsupported[key])
      .map((key) => `\`--${OPTIONS[key].flag}\` (${d.unsupported[key]})`)
      .join(', ');
    return `| \`${name}\` | ${d.title} | \`${d.construct}\` | \`${d.defaultHost}\` | ${d.maxPageSize} | ${zone} | ${refused || '-'} |`;
  });
  return [
    '| `--api` | API | construct | public host | page size | times read in | filters it cannot express |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await testEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

/** Every API, walked through every surface that must know it: a fifth API is caught wherever it was forgotten. */
describe.each(API_NAMES)('%s on every surface', (name) => {
  const descriptor = describeApi(name);

  it('has a client in apis/', () => {
    expect(API_MODULES[name].name).toBe(name);
  });

  it('has a construct, exported from the package root, that reads it', () => {
    const Construct = (taskgate as unknown as Record<string, new (...args: unknown[]) => { api: string }>)[
      descriptor.construct
    ];
    expect(typeof Construct).toBe('function');
    const stack = new TerraformStack(new App(), 'walk');
    expect(new Construct(stack, 'list', {}).api).toBe(name);
  });

  it('is served by the emulator and read by the engine through its task source', async () => {
    emulator.load({
      tasks: [
        { api: name, type: descriptor.exampleTaskType, instanceId: 'walk-1', start: '-1h', runningFor: '1m' },
      ],
    });
    const client = createTaskListClient({ source: testSource(name, emulator.url), rateLimitPerSecond: 1000 });
    const { tasks, total } = await client.read({ instanceId: 'walk-1' }, { need: 'all' });
    expect(total).toBe(1);
    // Either form of the type names the same task: the answer may carry the other one.
    expect(tasks[0]).toMatchObject({ status: 'succeeded' });
    expect(API_MODULES[name].canonicalTaskType(tasks[0].type)).toBe(
      API_MODULES[name].canonicalTaskType(descriptor.exampleTaskType),
    );
  });

  it('is named in the help and the README', () => {
    expect(COMMAND_HELP.list).toContain(name);
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(readme).toContain(`| \`${name}\` | ${descriptor.title} | \`${descriptor.construct}\` |`);
  });

  const refused = FILTER_KEYS.filter((key) => descriptor.unsupported[key]);
  it.each<FilterKey | '-'>(refused.length ? refused : ['-'])(
    "refuses %s with its descriptor's reason, as a flag and as a prop",
    (key) => {
      if (key === '-') return;
      const why = (descriptor as ApiDescriptor).unsupported[key];
      const asFlag = () =>
        validateQuery(
          { api: name, [key]: key === 'task_types' || key === 'statuses' ? ['x'] : 'x' },
          LABELLERS.flag,
          { partial: true },
        );
      expect(asFlag).toThrow(`--${OPTIONS[key].flag} is not supported by ${name}: ${why}.`);
      const Construct = (taskgate as unknown as Record<string, new (...args: unknown[]) => unknown>)[
        descriptor.construct
      ];
      const stack = new TerraformStack(new App(), 'walk');
      expect(() => new Construct(stack, 'list', { [OPTIONS[key].prop]: 'x' })).toThrow(
        `${OPTIONS[key].prop} is not supported by ${name}: ${why}.`,
      );
    },
  );
});

describe('README table of APIs', () => {
  it('is the descriptors, row for row', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const expected = apiTable();
    if (!readme.includes(expected)) {
      throw new Error(`README.md's table of APIs is out of date; it should read:\n\n${expected}\n`);
    }
  });
});

describe("CONTRIBUTING.md's list of files a fifth API touches", () => {
  const contributing = fs.readFileSync(path.join(root, 'CONTRIBUTING.md'), 'utf8');
  const start = contributing.indexOf('\n## Adding an API');
  const section = contributing.slice(start, contributing.indexOf('\n## ', start + 1));
  const listed = [...section.matchAll(/`((?:src|test)\/[^`]+|README\.md)`/g)].map((match) => match[1]);

  /** The files under src/ that name every API today: by its name, its construct, its enum member or its file. */
  const namingEveryApi = (() => {
    const walk = (dir: string): string[] =>
      fs
        .readdirSync(path.join(root, dir), { withFileTypes: true })
        .flatMap((entry) => (entry.isDirectory() ? walk(`${dir}/${entry.name}`) : [`${dir}/${entry.name}`]));
    const names = API_NAMES.map((name) => {
      const member = name.toUpperCase().replace(/-/g, '_');
      return new RegExp(`['"\`/]${name}['"\`]|\\b${describeApi(name).construct}\\b|\\b${member}\\b`);
    });
    return walk('src').filter((file) => {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      return names.every((name) => name.test(text));
    });
  })();

  it('names each file that names every API, and each API-named file pattern', () => {
    expect(start).toBeGreaterThan(-1);
    expect(namingEveryApi.length).toBeGreaterThan(0);
    expect(listed).toEqual(expect.arrayContaining(namingEveryApi));
    expect(listed).toEqual(expect.arrayContaining(['src/apis/<name>.ts', 'src/emulator/routers/<name>.ts']));
  });

  it('names only files that exist, for each API a <name> stands for', () => {
    for (const file of listed.filter((entry) => !entry.includes('<Action>')))
      for (const name of file.includes('<name>') ? API_NAMES : ['-'])
        expect([file, fs.existsSync(path.join(root, file.replace('<name>', name)))]).toEqual([file, true]);
  });
});
