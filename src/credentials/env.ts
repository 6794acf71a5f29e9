import { InvalidInputError } from '../core/errors';
import { UnreadableFileError, readTextFile } from '../core/files';

/** What a key, a secret or a token can hold: it travels in (or is hashed next to) request headers. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/** The value of the first variable set; a value no key or token can hold is refused by name, never shown. */
export function first(env: NodeJS.ProcessEnv, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (!value) continue;
    headerSafe(value, name);
    return value;
  }
  return undefined;
}

/** Refuses a credential value that cannot travel in a header, naming where it came from (never the value). */
export function headerSafe(value: string, where: string): string {
  if (!HEADER_SAFE.test(value)) {
    throw new InvalidInputError(
      `${where} holds characters that no key or token contains (spaces, control characters or non-ASCII); check how it is set.`,
    );
  }
  return value;
}

/** A plain setting (a name, an ARN, a path): trimmed, undefined when empty. */
export function setting(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** A whole number of seconds from a variable, or the default; anything else is refused by name. */
export function seconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = setting(env, name);
  if (value === undefined) return fallback;
  if (!/^\d{1,6}$/.test(value) || Number(value) === 0) {
    throw new InvalidInputError(`${name} must be a whole number of seconds such as 3600.`);
  }
  return Number(value);
}

/** The most a token file holds: OIDC and service-account tokens are a few KiB. */
export const MAX_TOKEN_FILE_BYTES = 64 * 1024;

/**
 * The token in the file a variable names, trimmed; read at each call, as CI systems rotate it. Every
 * refusal names the variable, never the token.
 */
export function tokenFromFile(variable: string, file: string): string {
  let text: string;
  try {
    text = readTextFile(file, MAX_TOKEN_FILE_BYTES).trim();
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    throw new InvalidInputError(`${variable} names a file that ${error.reason}.`);
  }
  if (!text) throw new InvalidInputError(`${variable} names an empty file.`);
  return headerSafe(text, `The file ${variable} names`);
}
