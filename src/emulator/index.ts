export { startEmulator } from './server';
export type { EmulatorOptions, RunningEmulator } from './server';
export { ROUTERS } from './routers';
export type { Answer, ReceivedRequest, RouteContext, Router } from './routers/types';
export type { RequestLogEntry } from './log';
export { createEmulatorClock } from './clock';
export type { ClockMode, EmulatorClock } from './clock';
export { loadScenarioFile, ScenarioError } from './scenario';
export type { ClockSettings, Scenario, EmulatorCredentials } from './scenario';
