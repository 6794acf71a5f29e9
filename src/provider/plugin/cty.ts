import { ExtData, decode, encode } from '@msgpack/msgpack';

/**
 * Terraform's values (go-cty) as the plugin protocol carries them: msgpack driven by the schema's
 * type, with unknown values as msgpack extensions and `dynamic` values wrapped with their type
 * (Terraform's docs/plugin-protocol/object-wire-format.md).
 */

/** A type constraint in its compact JSON form, as schemas carry it. */
export type CtyType =
  | 'string'
  | 'number'
  | 'bool'
  | 'dynamic'
  | readonly ['list' | 'set' | 'map', CtyType]
  | readonly ['object', { readonly [name: string]: CtyType }]
  | readonly ['object', { readonly [name: string]: CtyType }, readonly string[]]
  | readonly ['tuple', readonly CtyType[]];

/**
 * A value not known until apply. It keeps the extension it arrived in, so that refinements (a
 * string prefix, "not null") go back to Terraform exactly as they came.
 */
export class Unknown {
  constructor(readonly extension?: ExtData) {}
}

/** An unknown value with no refinements. */
export const UNKNOWN = new Unknown();

/** A value of type `dynamic`: it carries its own type. */
export class Dynamic {
  constructor(
    readonly type: CtyType,
    readonly value: CtyValue,
  ) {}
}

/** An object or map value. Created without a prototype, so any key (even `__proto__`) is plain data. */
export interface CtyObject {
  readonly [name: string]: CtyValue;
}

export type CtyValue = null | Unknown | Dynamic | string | number | boolean | readonly CtyValue[] | CtyObject;

/** A value that cannot be read with the type the schema gives. */
export class CtyDecodeError extends Error {}

export function isUnknown(value: CtyValue): value is Unknown {
  return value instanceof Unknown;
}

export function isObject(value: CtyValue): value is CtyObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Unknown) &&
    !(value instanceof Dynamic)
  );
}

/** A fresh object value from entries: no prototype, so keys never reach Object.prototype. */
export function ctyObject(entries: Iterable<readonly [string, CtyValue]>): CtyObject {
  const object: Record<string, CtyValue> = Object.create(null);
  for (const [key, value] of entries) object[key] = value;
  return object;
}

/** True when the value holds no unknown anywhere. */
export function isWhollyKnown(value: CtyValue): boolean {
  if (value instanceof Unknown) return false;
  if (value instanceof Dynamic) return isWhollyKnown(value.value);
  if (Array.isArray(value)) return value.every(isWhollyKnown);
  if (isObject(value)) return Object.values(value).every(isWhollyKnown);
  return true;
}

/** Equality of known values; an unknown equals nothing, not even another unknown. */
export function ctyEqual(a: CtyValue, b: CtyValue): boolean {
  if (a instanceof Unknown || b instanceof Unknown) return false;
  if (a instanceof Dynamic || b instanceof Dynamic) {
    return (
      a instanceof Dynamic &&
      b instanceof Dynamic &&
      JSON.stringify(a.type) === JSON.stringify(b.type) &&
      ctyEqual(a.value, b.value)
    );
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item: CtyValue, i: number) => ctyEqual(item, (b as readonly CtyValue[])[i]))
    );
  }
  if (isObject(a) || isObject(b)) {
    if (!isObject(a) || !isObject(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && ctyEqual(a[key], b[key]));
  }
  return a === b;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function describe(type: CtyType): string {
  return typeof type === 'string' ? type : JSON.stringify(type);
}

function parseType(json: unknown, where: string): CtyType {
  if (typeof json === 'string' && ['string', 'number', 'bool', 'dynamic'].includes(json))
    return json as CtyType;
  if (Array.isArray(json) && json.length >= 2) {
    const [kind, argument] = json as [unknown, unknown];
    if ((kind === 'list' || kind === 'set' || kind === 'map') && argument !== undefined) {
      return [kind, parseType(argument, where)];
    }
    if (kind === 'object' && typeof argument === 'object' && argument !== null && !Array.isArray(argument)) {
      return [
        'object',
        ctyTypeObject(Object.entries(argument).map(([name, type]) => [name, parseType(type, where)])),
      ];
    }
    if (kind === 'tuple' && Array.isArray(argument)) {
      return ['tuple', argument.map((type) => parseType(type, where))];
    }
  }
  throw new CtyDecodeError(`${where}: ${JSON.stringify(json)} is not a type`);
}

function ctyTypeObject(entries: Iterable<readonly [string, CtyType]>): { [name: string]: CtyType } {
  const object: Record<string, CtyType> = Object.create(null);
  for (const [key, value] of entries) object[key] = value;
  return object;
}

function pathText(path: readonly (string | number)[]): string {
  return path.length === 0 ? 'the value' : path.map((step) => `[${JSON.stringify(step)}]`).join('');
}

/** Reads the output of a msgpack decoder as a value of `type`. */
function fromMsgpackValue(raw: unknown, type: CtyType, path: (string | number)[]): CtyValue {
  // Any extension is an unknown value (code 0 plain, code 12 refined; others reserved for unknowns).
  if (raw instanceof ExtData) return new Unknown(raw);
  if (raw === null || raw === undefined) return null;
  const fail = (): never => {
    throw new CtyDecodeError(`${pathText(path)} is not a ${describe(type)}`);
  };
  if (type === 'dynamic') {
    if (!Array.isArray(raw) || raw.length !== 2 || !(raw[0] instanceof Uint8Array)) return fail();
    const inner = parseType(JSON.parse(UTF8.decode(raw[0])), pathText(path));
    return new Dynamic(inner, fromMsgpackValue(raw[1], inner, path));
  }
  if (type === 'string') return typeof raw === 'string' ? raw : fail();
  if (type === 'bool') return typeof raw === 'boolean' ? raw : fail();
  if (type === 'number') {
    if (typeof raw === 'number') return raw;
    if (typeof raw === 'bigint') return Number(raw);
    // Numbers beyond a float64 arrive as decimal strings.
    if (typeof raw === 'string' && raw.trim() !== '' && !Number.isNaN(Number(raw))) return Number(raw);
    return fail();
  }
  const [kind, argument] = type;
  if (kind === 'list' || kind === 'set') {
    if (!Array.isArray(raw)) return fail();
    return raw.map((item, i) => fromMsgpackValue(item, argument, [...path, i]));
  }
  if (kind === 'tuple') {
    if (!Array.isArray(raw) || raw.length !== argument.length) return fail();
    return raw.map((item, i) => fromMsgpackValue(item, argument[i], [...path, i]));
  }
  if (typeof raw !== 'object' || Array.isArray(raw) || raw instanceof Uint8Array) return fail();
  const entries = Object.entries(raw as Record<string, unknown>);
  if (kind === 'map') {
    return ctyObject(entries.map(([key, item]) => [key, fromMsgpackValue(item, argument, [...path, key])]));
  }
  // An object: every attribute of the type, absent ones null.
  const given = new Map(entries);
  return ctyObject(
    Object.entries(argument).map(([name, attributeType]) => [
      name,
      fromMsgpackValue(given.get(name), attributeType, [...path, name]),
    ]),
  );
}

/** What a msgpack encoder is given for a value of `type`. */
function toMsgpackValue(value: CtyValue, type: CtyType, path: (string | number)[]): unknown {
  if (value instanceof Unknown) return value.extension ?? new ExtData(0, Uint8Array.of(0));
  if (type === 'dynamic') {
    if (value === null) return null;
    if (!(value instanceof Dynamic)) {
      throw new CtyDecodeError(`${pathText(path)}: a dynamic value needs its type`);
    }
    return [
      new TextEncoder().encode(JSON.stringify(value.type)),
      toMsgpackValue(value.value, value.type, path),
    ];
  }
  if (value === null) return null;
  const fail = (): never => {
    throw new CtyDecodeError(`${pathText(path)} is not a ${describe(type)}`);
  };
  if (type === 'string') return typeof value === 'string' ? value : fail();
  if (type === 'bool') return typeof value === 'boolean' ? value : fail();
  if (type === 'number') return typeof value === 'number' && !Number.isNaN(value) ? value : fail();
  const [kind, argument] = type;
  if (kind === 'list' || kind === 'set' || kind === 'tuple') {
    if (!Array.isArray(value)) return fail();
    const items = value as readonly CtyValue[];
    if (kind === 'tuple' && items.length !== argument.length) return fail();
    return items.map((item, i) =>
      toMsgpackValue(item, kind === 'tuple' ? argument[i] : argument, [...path, i]),
    );
  }
  if (!isObject(value)) return fail();
  if (kind === 'map') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, toMsgpackValue(item, argument, [...path, key])]),
    );
  }
  // Attributes in name order, as go-cty writes them; absent ones null.
  const attributes = argument as { readonly [name: string]: CtyType };
  return Object.fromEntries(
    Object.keys(attributes)
      .sort()
      .map((name) => [name, toMsgpackValue(value[name] ?? null, attributes[name], [...path, name])]),
  );
}

/** Decodes a DynamicValue's msgpack bytes as a value of `type`. */
export function fromMsgpack(bytes: Uint8Array, type: CtyType): CtyValue {
  let raw: unknown;
  try {
    raw = decode(bytes);
  } catch (error) {
    throw new CtyDecodeError(`the value is not valid msgpack: ${(error as Error).message}`);
  }
  return fromMsgpackValue(raw, type, []);
}

/** Encodes a value of `type` as msgpack, the encoding Terraform reads in every response. */
export function toMsgpack(value: CtyValue, type: CtyType): Uint8Array {
  return encode(toMsgpackValue(value, type, []));
}

/** Reads JSON (stored state, clients that send JSON) as a value of `type`; dynamic is `{type, value}`. */
function fromJsonValue(raw: unknown, type: CtyType, path: (string | number)[]): CtyValue {
  if (raw === null || raw === undefined) return null;
  const fail = (): never => {
    throw new CtyDecodeError(`${pathText(path)} is not a ${describe(type)}`);
  };
  if (type === 'dynamic') {
    if (typeof raw !== 'object' || Array.isArray(raw) || !('type' in raw)) return fail();
    const wrapped = raw as { type: unknown; value?: unknown };
    const inner = parseType(wrapped.type, pathText(path));
    return new Dynamic(inner, fromJsonValue(wrapped.value, inner, path));
  }
  if (type === 'string') return typeof raw === 'string' ? raw : fail();
  if (type === 'bool') return typeof raw === 'boolean' ? raw : fail();
  if (type === 'number') {
    if (typeof raw === 'number') return raw;
    if (typeof raw === 'string' && raw.trim() !== '' && !Number.isNaN(Number(raw))) return Number(raw);
    return fail();
  }
  const [kind, argument] = type;
  if (kind === 'list' || kind === 'set' || kind === 'tuple') {
    if (!Array.isArray(raw)) return fail();
    if (kind === 'tuple' && raw.length !== argument.length) return fail();
    return raw.map((item, i) => fromJsonValue(item, kind === 'tuple' ? argument[i] : argument, [...path, i]));
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) return fail();
  const entries = Object.entries(raw as Record<string, unknown>);
  if (kind === 'map') {
    return ctyObject(entries.map(([key, item]) => [key, fromJsonValue(item, argument, [...path, key])]));
  }
  const given = new Map(entries);
  return ctyObject(
    Object.entries(argument).map(([name, attributeType]) => [
      name,
      fromJsonValue(given.get(name), attributeType, [...path, name]),
    ]),
  );
}

/** Decodes JSON text as a value of `type`. */
export function fromJson(text: string | Uint8Array, type: CtyType): CtyValue {
  let raw: unknown;
  try {
    raw = JSON.parse(typeof text === 'string' ? text : UTF8.decode(text));
  } catch (error) {
    throw new CtyDecodeError(`the value is not valid JSON: ${(error as Error).message}`);
  }
  return fromJsonValue(raw, type, []);
}
