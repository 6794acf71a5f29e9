import { COMMAND_HELP } from '../../src/cli/help';
import { KEYS_BY_COMMAND as CLI_KEYS, KNOWN_VARIABLES } from '../../src/cli/options';
import { QUERY_PROP_RULES } from '../../src/constructs/query';
import {
  OPTION_KEYS,
  OPTION_SPECS,
  OptionSpec,
  TaskCommandName,
  attributesOf,
  envNameFor,
} from '../../src/core/options';
import { BlockSchema } from '../../src/provider/plugin/schema';
import { GATE_RESOURCE_SCHEMA } from '../../src/provider/gate-resource';
import { TASKS_DATA_SOURCE_SCHEMA } from '../../src/provider/tasks-data-source';

type Modules = {
  options: typeof import('../../src/core/options');
  help: typeof import('../../src/cli/help');
  cli: typeof import('../../src/cli/options');
  schemas: typeof import('../../src/provider/tasks-data-source') &
    typeof import('../../src/provider/gate-resource');
  constructs: typeof import('../../src/constructs/query');
};

/** Every module that derives a table from the option schema, loaded afresh over a schema with `extra` added. */
function withOption(key: string, extra: OptionSpec): Modules {
  let modules: Modules | undefined;
  jest.isolateModules(() => {
    jest.doMock('../../src/core/option-schema', () => {
      const actual = jest.requireActual('../../src/core/option-schema');
      return { ...actual, OPTIONS: { ...actual.OPTIONS, [key]: extra } };
    });
    modules = {
      options: jest.requireActual('../../src/core/options'),
      help: jest.requireActual('../../src/cli/help'),
      cli: jest.requireActual('../../src/cli/options'),
      schemas: {
        ...jest.requireActual('../../src/provider/tasks-data-source'),
        ...jest.requireActual('../../src/provider/gate-resource'),
      },
      constructs: jest.requireActual('../../src/constructs/query'),
    };
  });
  jest.dontMock('../../src/core/option-schema');
  return modules as Modules;
}

/** The attribute at a path of a block: `['wait', 'timeout']`. */
function attributeAt(block: BlockSchema, path: readonly string[]) {
  const [name, nested] = path;
  return nested === undefined ? block.attributes[name] : block.blocks?.[name]?.attributes[nested];
}

const COMMANDS: readonly TaskCommandName[] = ['list', 'wait', 'check'];

describe('the option schema is the one table', () => {
  const PROBE: OptionSpec = {
    flag: 'settle-time',
    prop: 'wait.settleTime',
    type: { kind: 'duration', default: '7s', max: { ms: 60_000, text: '1m' } },
    description: 'How long a probe settles.',
    help: { value: 'DURATION', text: 'how long a probe settles (default 7s)' },
    commands: ['wait'],
    attributes: {
      data: { path: ['wait', 'settle_time'], defaulted: true },
      gate: { path: [], defaulted: true },
    },
  };
  const FILTER: OptionSpec = {
    flag: 'engine-version',
    prop: 'engineVersion',
    type: { kind: 'list' },
    description: 'Only tasks of instances of these engine versions.',
    help: { value: 'VERSION', text: 'the engine version; repeatable' },
    commands: ['list', 'wait', 'check'],
    attributes: { data: { path: [] }, gate: { path: [] } },
  };

  it('an option added to the schema shows in the CLI keys, flags, variables and help of the commands that take it', () => {
    const { options, help, cli } = withOption('settle_time', PROBE);
    expect(options.KEYS_BY_COMMAND.wait.has('settle_time' as never)).toBe(true);
    expect(options.KEYS_BY_COMMAND.list.has('settle_time' as never)).toBe(false);
    expect(options.DEFAULTS).toMatchObject({ settle_time: '7s' });
    expect(cli.KNOWN_VARIABLES.has('TASKGATE_SETTLE_TIME')).toBe(true);
    expect(cli.parseCommandLine(['wait', '--settle-time', '5s']).raw).toEqual({ settle_time: '5s' });
    expect(help.COMMAND_HELP.wait).toContain(
      '\n  --settle-time DURATION      how long a probe settles (default 7s)\n',
    );
    expect(help.COMMAND_HELP.list).not.toContain('--settle-time');
    expect(help.COMMAND_HELP.check).not.toContain('--settle-time');
  });

  it("an option added to the schema shows in the provider's argument schemas, at its path, and in the constructs' props", () => {
    const { schemas, options, constructs } = withOption('settle_time', PROBE);
    expect(attributeAt(schemas.TASKS_DATA_SOURCE_SCHEMA.block, ['wait', 'settle_time'])).toEqual({
      type: 'string',
      optional: true,
      computed: true,
      default: '7s',
      description: 'How long a probe settles.',
    });
    expect(attributeAt(schemas.GATE_RESOURCE_SCHEMA.block, ['settle_time'])).toMatchObject({ default: '7s' });
    expect(options.attributeLabeller('data')('settle_time' as never)).toBe('wait.settle_time');
    expect(constructs.WAIT_PROP_RULES).toMatchObject({ object: { settleTime: 'string' } });

    const withFilter = withOption('engine_versions', FILTER);
    expect(withFilter.constructs.QUERY_PROP_RULES).toMatchObject({ engineVersion: 'strings' });
    expect(attributeAt(withFilter.schemas.GATE_RESOURCE_SCHEMA.block, ['engine_versions'])).toMatchObject({
      type: ['list', 'string'],
      optional: true,
    });
    expect(withFilter.help.COMMAND_HELP.check).toContain(
      '  --engine-version VERSION    the engine version; repeatable',
    );
  });

  it('the real surfaces hold exactly the options the schema gives them', () => {
    for (const command of COMMANDS) {
      const flags = [...CLI_KEYS[command]].map((key) => `--${OPTION_SPECS[key].flag} `);
      for (const flag of flags)
        expect([command, COMMAND_HELP[command].includes(flag)]).toEqual([command, true]);
      for (const key of OPTION_KEYS.filter((name) => !CLI_KEYS[command].has(name) && name !== 'command')) {
        expect([command, key, COMMAND_HELP[command].includes(`--${OPTION_SPECS[key].flag} `)]).toEqual([
          command,
          key,
          false,
        ]);
      }
    }
    for (const key of OPTION_KEYS.filter((name) => name !== 'command')) {
      expect(KNOWN_VARIABLES.has(envNameFor(key))).toBe(true);
      // The external program's help names every query key.
      expect([key, COMMAND_HELP.external.includes(key)]).toEqual([key, true]);
    }
    const blocks = { data: TASKS_DATA_SOURCE_SCHEMA.block, gate: GATE_RESOURCE_SCHEMA.block } as const;
    for (const type of ['data', 'gate'] as const) {
      for (const [key, { path }] of attributesOf(type)) {
        const attribute = attributeAt(blocks[type], path);
        expect([type, key, attribute?.type]).toEqual([
          type,
          key,
          OPTION_SPECS[key].type.kind === 'list' ? ['list', 'string'] : 'string',
        ]);
      }
    }
    expect(Object.keys(QUERY_PROP_RULES).sort()).toEqual(
      OPTION_KEYS.map((key) => OPTION_SPECS[key].prop)
        .filter((prop): prop is string => prop !== undefined && prop !== 'api' && !prop.includes('.'))
        .sort(),
    );
  });
});
