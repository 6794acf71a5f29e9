import { ChildProcess } from 'node:child_process';
import * as path from 'node:path';

/**
 * How long one child process (the CLI, terraform, npm) may run before a test calls it hung: minutes,
 * so that only a hang reaches it, however busy the machine. Below jest's testTimeout, so that the
 * failure names the child rather than the test's line.
 */
export const CHILD_LIMIT_MS = 5 * 60_000;

interface Running {
  readonly name: string;
  readonly child: ChildProcess;
  readonly started: number;
}

const live = new Set<Running>();

/** A limit as a person reads it: "5 min", "90 s". */
export function formatLimit(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`;
}

/** The program and its first arguments, short: `taskgate.js list --api tencent-redis`. */
function describeArgv(argv: readonly string[]): string {
  const shown = argv.slice(0, 5).map((arg) => {
    const short = path.isAbsolute(arg) ? path.basename(arg) : arg;
    return JSON.stringify(short.length > 60 ? `${short.slice(0, 60)}…` : short).slice(1, -1);
  });
  return `\`${shown.join(' ')}${argv.length > 5 ? ' …' : ''}\``;
}

/** Registers a child until it ends, so that one a test left running is found, named and killed. */
export function trackChild(child: ChildProcess, argv: readonly string[]): { name: string; end(): void } {
  const running: Running = { name: describeArgv(argv), child, started: Date.now() };
  live.add(running);
  return { name: running.name, end: () => live.delete(running) };
}

/** Kills every tracked child still running (the test ended without it, e.g. at jest's timeout); names them. */
export function killLeftoverChildren(): string[] {
  const names: string[] = [];
  for (const running of live) {
    running.child.kill('SIGKILL');
    names.push(`${running.name} (running for ${Math.round((Date.now() - running.started) / 1000)} s)`);
  }
  live.clear();
  return names;
}
