import { ExtData, decode, encode } from '@msgpack/msgpack';
import {
  CtyDecodeError,
  CtyType,
  Dynamic,
  UNKNOWN,
  Unknown,
  ctyEqual,
  ctyObject,
  fromJson,
  fromMsgpack,
  isWhollyKnown,
  toMsgpack,
} from '../../src/provider/plugin/cty';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('cty values in msgpack (object-wire-format.md)', () => {
  it('encodes known primitives as msgpack strings, numbers and booleans', () => {
    expect(hex(toMsgpack('crs-1', 'string'))).toBe(hex(encode('crs-1')));
    expect(hex(toMsgpack(42, 'number'))).toBe('2a');
    expect(decode(toMsgpack(0.5, 'number'))).toBe(0.5);
    expect(hex(toMsgpack(true, 'bool'))).toBe('c3');
  });

  it('encodes null as msgpack nil, whatever the type', () => {
    for (const type of ['string', 'number', ['list', 'string'], ['object', { a: 'string' }]] as CtyType[]) {
      expect(hex(toMsgpack(null, type))).toBe('c0');
      expect(fromMsgpack(Uint8Array.of(0xc0), type)).toBeNull();
    }
  });

  it('encodes an unknown value as go-cty does: extension 0 with one zero byte', () => {
    expect(hex(toMsgpack(UNKNOWN, 'string'))).toBe('d40000');
    expect(fromMsgpack(Uint8Array.of(0xd4, 0, 0), 'string')).toBeInstanceOf(Unknown);
  });

  it('reads any extension as unknown and sends a refined one back unchanged', () => {
    // Extension 12: refinements {1: false} (not null) and {2: "crs-"} (string prefix).
    const refinements = encode(
      new Map<number, unknown>([
        [1, false],
        [2, 'crs-'],
      ]),
    );
    const refined = encode(new ExtData(12, refinements));
    const value = fromMsgpack(refined, 'string');
    expect(value).toBeInstanceOf(Unknown);
    expect(hex(toMsgpack(value, 'string'))).toBe(hex(refined));
    expect(fromMsgpack(encode(new ExtData(5, new Uint8Array(0))), 'number')).toBeInstanceOf(Unknown);
  });

  it('round-trips nested objects, lists, maps and unknowns inside them', () => {
    const type: CtyType = [
      'object',
      {
        api: 'string',
        task_types: ['list', 'string'],
        triggers: ['map', 'string'],
        wait: ['object', { until: 'string', timeout: 'string' }],
        tasks: ['list', ['object', { id: 'string', progress: 'number' }]],
        total: 'number',
      },
    ];
    const value = ctyObject([
      ['api', 'tencent-redis'],
      ['task_types', ['FLOW_BACKUPINSTANCE', UNKNOWN]],
      ['triggers', ctyObject([['release', 'v42']])],
      [
        'wait',
        ctyObject([
          ['until', 'succeeded'],
          ['timeout', null],
        ]),
      ],
      [
        'tasks',
        [
          ctyObject([
            ['id', '501'],
            ['progress', 33.5],
          ]),
          ctyObject([
            ['id', null],
            ['progress', null],
          ]),
        ],
      ],
      ['total', UNKNOWN],
    ]);
    const decoded = fromMsgpack(toMsgpack(value, type), type) as any;
    expect(decoded.api).toBe('tencent-redis');
    expect(decoded.task_types[0]).toBe('FLOW_BACKUPINSTANCE');
    expect(decoded.task_types[1]).toBeInstanceOf(Unknown);
    expect(decoded.triggers.release).toBe('v42');
    expect(decoded.wait.timeout).toBeNull();
    expect(decoded.tasks[0].progress).toBe(33.5);
    expect(decoded.tasks[1].id).toBeNull();
    expect(decoded.total).toBeInstanceOf(Unknown);
    expect(isWhollyKnown(decoded)).toBe(false);
    expect(isWhollyKnown(decoded.tasks)).toBe(true);
  });

  it('writes object attributes in name order, absent ones as nil', () => {
    const type: CtyType = ['object', { b: 'string', a: 'string' }];
    expect(decode(toMsgpack(ctyObject([['b', 'x']]), type))).toEqual({ a: null, b: 'x' });
    expect(hex(toMsgpack(ctyObject([['b', 'x']]), type)).startsWith('82a161c0a162')).toBe(true);
  });

  it('reads an object whose attributes are missing as nulls', () => {
    const type: CtyType = ['object', { a: 'string', b: 'number' }];
    expect(fromMsgpack(encode({ a: 'x' }), type)).toEqual(
      ctyObject([
        ['a', 'x'],
        ['b', null],
      ]),
    );
  });

  it('wraps dynamic values with their type, and reads them back', () => {
    const bytes = toMsgpack(new Dynamic(['list', 'string'], ['a', 'b']), 'dynamic');
    const raw = decode(bytes) as [Uint8Array, unknown];
    expect(Buffer.from(raw[0]).toString()).toBe('["list","string"]');
    expect(raw[1]).toEqual(['a', 'b']);
    const back = fromMsgpack(bytes, 'dynamic') as Dynamic;
    expect(back).toBeInstanceOf(Dynamic);
    expect(back.type).toEqual(['list', 'string']);
    expect(back.value).toEqual(['a', 'b']);
  });

  it('encodes an unknown dynamic value as a bare unknown and a null one as nil', () => {
    expect(hex(toMsgpack(UNKNOWN, 'dynamic'))).toBe('d40000');
    expect(hex(toMsgpack(null, 'dynamic'))).toBe('c0');
    expect(fromMsgpack(Uint8Array.of(0xd4, 0, 0), 'dynamic')).toBeInstanceOf(Unknown);
  });

  it('reads numbers Terraform sends as decimal strings', () => {
    expect(fromMsgpack(encode('1234567890.125'), 'number')).toBe(1234567890.125);
    expect(fromMsgpack(encode('1e400'), 'number')).toBe(Infinity);
  });

  it('refuses a value of the wrong type, naming where it is', () => {
    const type: CtyType = ['object', { tasks: ['list', 'string'] }];
    expect(() => fromMsgpack(encode({ tasks: [1] }), type)).toThrow(CtyDecodeError);
    expect(() => fromMsgpack(encode({ tasks: [1] }), type)).toThrow('["tasks"][0] is not a string');
    expect(() => fromMsgpack(Uint8Array.of(0xc1), 'string')).toThrow('not valid msgpack');
  });

  it('keeps map keys that look like object internals as plain data', () => {
    const value = fromMsgpack(encode({ constructor: 'x', toString: 'y' }), ['map', 'string']) as any;
    expect(value.constructor).toBe('x');
    expect(Object.getPrototypeOf(value)).toBeNull();
  });
});

describe('cty values in JSON (stored state)', () => {
  it('reads objects, lists, nulls and dynamic values', () => {
    const type: CtyType = ['object', { a: 'string', n: 'number', l: ['list', 'bool'], d: 'dynamic' }];
    const value = fromJson('{"a":"x","n":1.5,"l":[true],"d":{"type":"string","value":"v"}}', type) as any;
    expect(value.a).toBe('x');
    expect(value.n).toBe(1.5);
    expect(value.l).toEqual([true]);
    expect(value.d).toEqual(new Dynamic('string', 'v'));
    expect(() => fromJson('{"a":1}', type)).toThrow('["a"] is not a string');
  });
});

describe('ctyEqual', () => {
  it('compares known values deeply and never equates unknowns', () => {
    expect(ctyEqual(ctyObject([['a', ['x']]]), ctyObject([['a', ['x']]]))).toBe(true);
    expect(ctyEqual(ctyObject([['a', ['x']]]), ctyObject([['a', ['y']]]))).toBe(false);
    expect(ctyEqual(null, null)).toBe(true);
    expect(ctyEqual(null, 'x')).toBe(false);
    expect(ctyEqual(UNKNOWN, UNKNOWN)).toBe(false);
  });
});
