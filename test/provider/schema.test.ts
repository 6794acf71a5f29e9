import {
  AttributeSchema,
  BlockSchema,
  impliedType,
  schemaMessage,
  withDefaults,
} from '../../src/provider/plugin/schema';
import { GATE_RESOURCE_SCHEMA } from '../../src/provider/gate-resource';
import { PROVIDER_SCHEMA, TASK_TYPE } from '../../src/provider/query';
import { TASKS_DATA_SOURCE_SCHEMA } from '../../src/provider/tasks-data-source';
import { ctyObject } from '../../src/provider/plugin/cty';
import { serviceDefinition } from '../../src/provider/plugin/protocol/messages';
import { TaskgateProvider } from '../../src/provider/provider';
import { silentLogger } from '../../src/provider/plugin/log';

function everyAttribute(block: BlockSchema, prefix = ''): [string, AttributeSchema][] {
  return [
    ...Object.entries(block.attributes).map(([name, attribute]): [string, AttributeSchema] => [
      `${prefix}${name}`,
      attribute,
    ]),
    ...Object.entries(block.blocks ?? {}).flatMap(([name, nested]) =>
      everyAttribute(nested, `${prefix}${name}.`),
    ),
  ];
}

const FILTERS = [
  'instance_id',
  'instance_name',
  'task_id',
  'async_request_id',
  'started_after',
  'started_before',
  'region',
  'project_id',
  'task_types',
  'statuses',
];

describe('schemas (CONTRACT section 9)', () => {
  it('describes every attribute and block', () => {
    for (const schema of [PROVIDER_SCHEMA, TASKS_DATA_SOURCE_SCHEMA, GATE_RESOURCE_SCHEMA]) {
      expect(schema.block.description.length).toBeGreaterThan(20);
      for (const [name, attribute] of everyAttribute(schema.block)) {
        expect([name, attribute.description.length > 10]).toEqual([name, true]);
        // An attribute is either set by the user, computed, or both (optional + computed).
        expect([name, Boolean(attribute.required || attribute.optional || attribute.computed)]).toEqual([
          name,
          true,
        ]);
      }
    }
  });

  it('data "taskgate_tasks" has the contract arguments, wait block and attributes', () => {
    const block = TASKS_DATA_SOURCE_SCHEMA.block;
    expect(block.attributes.api.required).toBe(true);
    for (const name of [...FILTERS, 'select', 'expect', 'max_age'])
      expect(block.attributes[name].optional).toBe(true);
    expect(block.attributes.task_types.type).toEqual(['list', 'string']);
    expect(Object.keys(block.blocks ?? {})).toEqual(['wait']);
    expect(Object.keys(block.blocks!.wait.attributes).sort()).toEqual(
      ['appear_timeout', 'poll_interval', 'timeout', 'until'].sort(),
    );
    expect(block.attributes.total).toMatchObject({ type: 'number', computed: true });
    expect(block.attributes.tasks).toMatchObject({ type: ['list', TASK_TYPE], computed: true });
    expect(block.attributes.condition_met).toMatchObject({ type: 'bool', computed: true });
    expect(block.attributes.reason).toMatchObject({ type: 'string', computed: true });
    expect(Object.keys((TASK_TYPE as any)[1]).sort()).toEqual(
      [
        'id',
        'type',
        // CONTRACT section 12: the readable name of the type.
        'type_name',
        'instance_id',
        'instance_name',
        'status',
        'status_raw',
        'progress',
        'started_at',
        'ended_at',
        'message',
      ].sort(),
    );
  });

  it('resource "taskgate_gate" has the contract arguments, triggers, timeouts and attributes', () => {
    const block = GATE_RESOURCE_SCHEMA.block;
    expect(block.attributes.api.required).toBe(true);
    for (const name of [...FILTERS, 'select', 'until', 'poll_interval', 'appear_timeout', 'triggers']) {
      expect([name, block.attributes[name].optional]).toEqual([name, true]);
    }
    expect(block.attributes.triggers.type).toEqual(['map', 'string']);
    expect(block.attributes.expect).toBeUndefined();
    expect(Object.keys(block.blocks!.timeouts.attributes)).toEqual(['create']);
    for (const name of ['condition_met', 'total', 'tasks'])
      expect(block.attributes[name].computed).toBe(true);
  });

  it('optional arguments with a default are computed, so plan shows the value in effect', () => {
    const defaults = (block: BlockSchema) =>
      Object.fromEntries(
        everyAttribute(block)
          .filter(([, a]) => a.default !== undefined)
          .map(([n, a]) => [n, a.default]),
      );
    expect(defaults(TASKS_DATA_SOURCE_SCHEMA.block)).toEqual({
      select: 'newest',
      'wait.until': 'succeeded',
      'wait.timeout': '30m',
      'wait.poll_interval': '10s',
      'wait.appear_timeout': '2m',
    });
    expect(defaults(GATE_RESOURCE_SCHEMA.block)).toEqual({
      select: 'newest',
      until: 'succeeded',
      poll_interval: '10s',
      appear_timeout: '2m',
    });
    for (const [, attribute] of everyAttribute(GATE_RESOURCE_SCHEMA.block)) {
      if (attribute.default !== undefined)
        expect(attribute).toMatchObject({ optional: true, computed: true });
    }
  });

  it('fills defaults where unset, in a present wait block too, but not in an absent one', () => {
    const block = TASKS_DATA_SOURCE_SCHEMA.block;
    const wait = ctyObject([
      ['until', 'finished'],
      ['timeout', null],
      ['poll_interval', null],
      ['appear_timeout', null],
    ]);
    const filled = withDefaults(
      block,
      ctyObject([
        ['select', null],
        ['expect', null],
        ['wait', wait],
      ]),
    ) as any;
    expect(filled.select).toBe('newest');
    expect(filled.expect).toBeNull();
    expect(filled.wait).toEqual(
      ctyObject([
        ['until', 'finished'],
        ['timeout', '30m'],
        ['poll_interval', '10s'],
        ['appear_timeout', '2m'],
      ]),
    );
    expect((withDefaults(block, ctyObject([['wait', null]])) as any).wait).toBeNull();
  });

  it('implies the object type of a block, nested blocks included', () => {
    const type = impliedType(GATE_RESOURCE_SCHEMA.block) as any;
    expect(type[0]).toBe('object');
    expect(type[1].timeouts).toEqual(['object', { create: 'string' }]);
    expect(type[1].triggers).toEqual(['map', 'string']);
  });

  it('encodes as tfplugin6 Schema messages Terraform can read', () => {
    const method = serviceDefinition('tfplugin6.Provider').GetProviderSchema;
    const response = new TaskgateProvider({
      env: {},
      log: silentLogger,
      version: '0.1.0',
    }).getProviderSchema();
    const decoded = method.responseDeserialize(method.responseSerialize(response)) as any;
    const gate = decoded.resource_schemas.taskgate_gate.block;
    const until = gate.attributes.find((a: any) => a.name === 'until');
    expect(JSON.parse(Buffer.from(until.type).toString())).toBe('string');
    expect(until).toMatchObject({ optional: true, computed: true });
    expect(until.description).toContain('Default: succeeded.');
    expect(gate.block_types[0]).toMatchObject({ type_name: 'timeouts', nesting: 1 });
    expect(Object.keys(decoded.data_source_schemas)).toEqual(['taskgate_tasks']);
    expect(decoded.server_capabilities.get_provider_schema_optional).toBe(true);
    expect(schemaMessage(PROVIDER_SCHEMA).block.attributes.map((a) => a.name)).toEqual(['endpoint']);
  });
});
