// Replaced by the bundler with the package's version; the fallback serves the unbundled build and tests.
declare const TASKGATE_VERSION: string | undefined;

export const VERSION: string =
  typeof TASKGATE_VERSION === 'string'
    ? TASKGATE_VERSION
    : // The unbundled build reads the version from the package it ships in.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      (require('../../package.json') as { version: string }).version;

/** True in the bundle lib/taskgate.js, false in the unbundled build and under tests. */
export const BUNDLED: boolean = typeof TASKGATE_VERSION === 'string';
