/** Options every project shares. */
const base = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
};

// The construct suite runs once per core: the source imports `cdktf`, and the `cdktn` project maps
// every import of it (ours, the tests' and the generated bindings') to the fork, as the cdktn-taskgate
// build rewrites it. Both read the same snapshots, so the two flavours must synthesize the same JSON.
const CONSTRUCT_TESTS = '<rootDir>/test/constructs/**/*.test.ts';

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60000,
  // Most suites wait on child processes, terraform and loopback HTTP, not on the CPU.
  maxWorkers: 3,
  projects: [
    {
      ...base,
      displayName: 'cdktf',
      globals: { TASKGATE_CORE: 'cdktf' },
      testMatch: ['**/*.test.ts'],
      // The README's examples import the package by name.
      moduleNameMapper: { '^cdktf-taskgate$': '<rootDir>/src/index.ts' },
    },
    {
      ...base,
      displayName: 'cdktn',
      globals: { TASKGATE_CORE: 'cdktn' },
      testMatch: [CONSTRUCT_TESTS],
      moduleNameMapper: {
        '^cdktf-taskgate$': '<rootDir>/src/index.ts',
        '^cdktf$': 'cdktn',
        '^cdktf/(.*)$': 'cdktn/$1',
      },
    },
  ],
};
