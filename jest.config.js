/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: 'tsconfig.json' }],
  },
  // The README's examples import the package by name.
  moduleNameMapper: { '^cdktf-taskgate$': '<rootDir>/src/index.ts' },
  testTimeout: 60000,
  // Most suites wait on child processes, terraform and loopback HTTP, not on the CPU.
  maxWorkers: 3,
};
