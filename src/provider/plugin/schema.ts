import { CtyObject, CtyType, CtyValue, ctyObject, isObject } from './cty';

/**
 * Schemas as data, in the manner of terraform-plugin-framework: every attribute says what it is,
 * whether the user sets it, and what it means. The protocol's Schema messages, the implied value
 * types and the defaults shown in plan all derive from these.
 */

export interface AttributeSchema {
  readonly type: CtyType;
  /** One or two sentences for `terraform providers schema` and editors. */
  readonly description: string;
  readonly required?: boolean;
  readonly optional?: boolean;
  /** Set by the provider: a result, or (with `optional`) the default in effect. */
  readonly computed?: boolean;
  /** The value in effect when the argument is not set; plan and state show it. */
  readonly default?: string;
}

export interface BlockSchema {
  readonly description: string;
  readonly attributes: Readonly<Record<string, AttributeSchema>>;
  /** Nested blocks; each appears at most once (`wait { ... }`, `timeouts { ... }`). */
  readonly blocks?: Readonly<Record<string, BlockSchema>>;
}

export interface Schema {
  /** Bumped when stored state must be upgraded. */
  readonly version: number;
  readonly block: BlockSchema;
}

/** The type of a block's value: an object of its attributes and its nested blocks. */
export function impliedType(block: BlockSchema): CtyType {
  const attributes: Record<string, CtyType> = Object.create(null);
  for (const [name, attribute] of Object.entries(block.attributes)) attributes[name] = attribute.type;
  for (const [name, nested] of Object.entries(block.blocks ?? {})) attributes[name] = impliedType(nested);
  return ['object', attributes];
}

/**
 * The value with every unset optional+computed argument at its default, in nested blocks too (a
 * block that is absent stays absent: its defaults are not in effect).
 */
export function withDefaults(block: BlockSchema, value: CtyObject): CtyObject {
  return ctyObject(
    Object.entries(value).map(([name, item]): [string, CtyValue] => {
      const attribute = block.attributes[name];
      if (attribute?.default !== undefined && item === null) return [name, attribute.default];
      const nested = block.blocks?.[name];
      if (nested && isObject(item)) return [name, withDefaults(nested, item)];
      return [name, item];
    }),
  );
}

/** The names of the arguments a user sets (required or optional), nested blocks apart. */
export function argumentNames(block: BlockSchema): string[] {
  return Object.entries(block.attributes)
    .filter(([, attribute]) => attribute.required || attribute.optional)
    .map(([name]) => name);
}

// The protocol's Schema message (tfplugin6 Schema), as plain objects for the encoder.
const SINGLE = 1;
const PLAIN = 0;

export interface BlockMessage {
  readonly version: number;
  readonly description: string;
  readonly description_kind: number;
  readonly attributes: readonly {
    readonly name: string;
    readonly type: Buffer;
    readonly description: string;
    readonly description_kind: number;
    readonly required: boolean;
    readonly optional: boolean;
    readonly computed: boolean;
    readonly sensitive: boolean;
  }[];
  readonly block_types: readonly {
    readonly type_name: string;
    readonly block: BlockMessage;
    readonly nesting: number;
    readonly min_items: number;
    readonly max_items: number;
  }[];
}

function blockMessage(block: BlockSchema): BlockMessage {
  return {
    version: 0,
    description: block.description,
    description_kind: PLAIN,
    attributes: Object.entries(block.attributes)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, attribute]) => ({
        name,
        type: Buffer.from(JSON.stringify(attribute.type)),
        description:
          attribute.default === undefined
            ? attribute.description
            : `${attribute.description} Default: ${attribute.default}.`,
        description_kind: PLAIN,
        required: attribute.required ?? false,
        optional: attribute.optional ?? false,
        computed: attribute.computed ?? false,
        sensitive: false,
      })),
    block_types: Object.entries(block.blocks ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, nested]) => ({
        type_name: name,
        block: blockMessage(nested),
        nesting: SINGLE,
        min_items: 0,
        max_items: 0,
      })),
  };
}

export function schemaMessage(schema: Schema): { version: number; block: BlockMessage } {
  return { version: schema.version, block: blockMessage(schema.block) };
}
