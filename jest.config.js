const fs = require('node:fs');
const path = require('node:path');

/** Options every project shares. */
const base = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: {
    // With the build's sourceMap: false, failures would point at unrelated lines of the test files.
    '^.+\\.ts$': [
      'ts-jest',
      { tsconfig: { ...require('./tsconfig.json').compilerOptions, sourceMap: true } },
    ],
  },
  // A child process a test left running is killed, and the test fails naming it.
  setupFilesAfterEnv: ['<rootDir>/test/support/setup.ts'],
  // The README's examples import the package by name.
  moduleNameMapper: { '^cdktf-taskgate$': '<rootDir>/src/index.ts' },
};

// Each suite runs in one lane (scripts/test.mjs gives each lane its own workers), by its path under
// test/: the first list that holds it, else `quick`. A list entry ending in / holds a whole folder.
const LANES = {
  // Real terraform (init, plan, apply) through the provider or the CLI.
  terraform: [
    'provider/terraform.test.ts',
    'provider/hostile.test.ts',
    'e2e/terraform.test.ts',
    'integration/provider-install.test.ts',
    'integration/https.test.ts',
    // The self-contained provider: built with Bun, then run by terraform with nothing else on PATH.
    'native/executable.test.ts',
    'native/node-missing.test.ts',
  ],
  // What `scripts/flavours.mjs` writes (jsii, npm tarballs, Python), then a fresh npm install.
  packaging: ['e2e/flavours.test.ts', 'packaging/'],
  // The CLI, the emulator and the provider as child processes; the README's examples.
  integration: [
    'integration/',
    'native/',
    'docs/',
    'architecture/layers.test.ts',
    'emulator/emulator-cli.test.ts',
    'provider/process.test.ts',
    'provider/compile-cache.test.ts',
  ],
  // The rest, `npm run test:quick`: in process, reading at most the bundles in lib/.
  quick: [''],
};

/** Every suite under test/, as a path relative to it. */
function suites(dir = path.join(__dirname, 'test'), prefix = '') {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return suites(path.join(dir, entry.name), `${prefix}${entry.name}/`);
    return entry.name.endsWith('.test.ts') ? [`${prefix}${entry.name}`] : [];
  });
}

const laneOf = (suite) =>
  Object.keys(LANES).find((lane) =>
    LANES[lane].some((entry) =>
      entry.endsWith('/') || entry === '' ? suite.startsWith(entry) : suite === entry,
    ),
  );

/** The suites of a lane, as jest's testMatch reads them. */
const lane = (name) =>
  suites()
    .filter((suite) => laneOf(suite) === name)
    .map((suite) => `<rootDir>/test/${suite}`);

// The construct suite runs once per core: the source imports `cdktf`, and the `cdktn` project maps
// every import of it (ours, the tests' and the generated bindings') to the fork, as the cdktn-taskgate
// build rewrites it. Both read the same snapshots, so the two flavours must synthesize the same JSON.
const CONSTRUCT_TESTS = '<rootDir>/test/constructs/**/*.test.ts';

/**
 * One project per lane (scripts/test.mjs runs each lane with its own workers):
 *   quick        the edit loop, `npm run test:quick`;
 *   integration  the CLI, the emulator and the provider as child processes, the docs;
 *   cdktn        the construct suite again on the fork;
 *   terraform    under real terraform;
 *   packaging    the packed flavours, after `scripts/flavours.mjs`.
 */
/** @type {import('jest').Config} */
module.exports = {
  // A backstop for a hang, above every child's own limit (test/support/children.ts), so that a hung
  // child fails its test by name first; suites driving real programs through several steps set more.
  testTimeout: 6 * 60_000,
  projects: [
    ...['quick', 'integration', 'terraform', 'packaging'].map((name) => ({
      ...base,
      displayName: name,
      globals: { TASKGATE_CORE: 'cdktf' },
      testMatch: lane(name),
    })),
    {
      ...base,
      displayName: 'cdktn',
      globals: { TASKGATE_CORE: 'cdktn' },
      testMatch: [CONSTRUCT_TESTS],
      moduleNameMapper: {
        ...base.moduleNameMapper,
        '^cdktf$': 'cdktn',
        '^cdktf/(.*)$': 'cdktn/$1',
      },
    },
  ],
};
