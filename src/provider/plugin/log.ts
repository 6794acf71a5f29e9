/**
 * The provider's log: go-plugin reads the plugin's stderr, and lines that are hclog JSON objects
 * are logged by Terraform at their own level, so `TF_LOG_PROVIDER=INFO` shows the INFO ones. Only
 * messages built by the provider are written here: never a credential, never the environment.
 */

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

export interface Logger {
  log(level: LogLevel, message: string, fields?: LogFields): void;
  trace(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** hclog's `@timestamp`: microseconds and an offset, the layout go-plugin parses. */
export function hclogTimestamp(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** One JSON line as go-hclog writes it. */
export function hclogLine(
  level: LogLevel,
  message: string,
  fields: LogFields = {},
  now = new Date(),
): string {
  const entry: Record<string, unknown> = {
    '@level': level,
    '@message': message,
    '@module': 'taskgate',
    '@timestamp': hclogTimestamp(now),
  };
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined && !key.startsWith('@')) entry[key] = value;
  }
  return `${JSON.stringify(entry)}\n`;
}

export function createLogger(write: (line: string) => void): Logger {
  const log = (level: LogLevel, message: string, fields?: LogFields) =>
    write(hclogLine(level, message, fields));
  return {
    log,
    trace: (message, fields) => log('trace', message, fields),
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
  };
}

/** A logger that drops everything (unit tests). */
export const silentLogger: Logger = createLogger(() => undefined);
