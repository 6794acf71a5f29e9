import { Token } from 'cdktf';

/**
 * The props' runtime types, checked at construction: JavaScript callers bypass TypeScript, and a
 * value of the wrong type would otherwise reach synth (or fail with a raw TypeError). An unresolved
 * token stands for any value: the provider or the CLI checks it at run time.
 */

/** What one prop holds. */
export type PropRule =
  | 'string'
  | 'strings'
  /** A string known at synth: it decides what is synthesized (the engine). */
  | 'known-string'
  /** A map of strings (`triggers`). */
  | 'string-map'
  /** Resources or constructs to depend on (`dependsOn`). */
  | 'dependables'
  /** A nested object of its own props (`wait`, `assert`). */
  | { readonly object: Readonly<Record<string, PropRule>> }
  /** A construct of a kind the test recognises (`taskList`). */
  | { readonly is: (value: unknown) => boolean; readonly what: string };

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return /^[aeiou]/.test(typeof value) ? `an ${typeof value}` : `a ${typeof value}`;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const unresolved = (value: unknown) => Token.isUnresolved(value);

function fail(owner: string, name: string, expected: string, value: unknown): never {
  // An optional prop that is null is meant as unset: say how to write that.
  const hint = value === null && name !== 'props' ? '; leave it out instead' : '';
  throw new Error(`${owner}: ${name} must be ${expected}, not ${kindOf(value)}${hint}.`);
}

function checkString(owner: string, name: string, value: unknown): void {
  if (typeof value !== 'string' && !unresolved(value)) fail(owner, name, 'a string', value);
}

function checkValue(owner: string, name: string, value: unknown, rule: PropRule): void {
  if (rule === 'string') return checkString(owner, name, value);
  if (rule === 'known-string') {
    if (unresolved(value)) {
      throw new Error(
        `${owner}: ${name} must be known at synth, not a token: it decides what is synthesized.`,
      );
    }
    return checkString(owner, name, value);
  }
  if (rule === 'strings') {
    if (unresolved(value)) return;
    if (!Array.isArray(value)) fail(owner, name, 'a list of strings', value);
    value.forEach((item, index) => checkString(owner, `${name}[${index}]`, item));
    return;
  }
  if (rule === 'string-map') {
    if (unresolved(value)) return;
    if (!isObject(value)) fail(owner, name, 'a map of strings', value);
    for (const [key, item] of Object.entries(value)) checkString(owner, `${name}.${key}`, item);
    return;
  }
  if (rule === 'dependables') {
    if (!Array.isArray(value)) fail(owner, name, 'a list of resources or constructs', value);
    value.forEach((item, index) => {
      if (!isObject(item) || typeof item.fqn !== 'string') {
        fail(owner, `${name}[${index}]`, 'a resource or construct', item);
      }
    });
    return;
  }
  if ('object' in rule) return checkProps(owner, value, rule.object, name);
  if (!rule.is(value)) fail(owner, name, rule.what, value);
}

/**
 * Checks an object of props against its rules: an object, no prop it does not take, each value of
 * its type (undefined is unset). Throws one sentence naming the prop.
 */
export function checkProps(
  owner: string,
  props: unknown,
  rules: Readonly<Record<string, PropRule>>,
  name = 'props',
): void {
  if (!isObject(props)) fail(owner, name, 'an object', props);
  const prefix = name === 'props' ? '' : `${name}.`;
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined) continue;
    const rule = rules[key];
    if (rule === undefined) {
      throw new Error(
        `${owner}: ${prefix}${key} is not a prop here; the props are ${Object.keys(rules)
          .map((known) => prefix + known)
          .join(', ')}.`,
      );
    }
    checkValue(owner, prefix + key, value, rule);
  }
}
