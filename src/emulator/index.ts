export { startEmulator, CONTROL_PREFIX } from './server';
export type { EmulatorOptions, RunningEmulator, RequestLogEntry } from './server';
export { createEmulatorClock } from './clock';
export type { EmulatorClock } from './clock';
export { loadScenarioFile, parseScenario, credentialsFromEnv, ScenarioError } from './scenario';
export type { Scenario, EmulatorCredentials } from './scenario';
