import { spawnSync } from 'node:child_process';

/** The programs some suites need from the machine, each with arguments that make it answer and exit. */
const PROBES = {
  terraform: ['version'],
  python3: ['--version'],
} as const;

export type Tool = keyof typeof PROBES;

const found = new Map<Tool, boolean>();

/** Whether `tool` is on PATH and runs (asked once per test file). */
export function toolAvailable(tool: Tool): boolean {
  let available = found.get(tool);
  if (available === undefined) {
    // A generous bound: only a hung program hits it, and a hung program is as good as missing.
    const probe = spawnSync(tool, PROBES[tool], { stdio: 'ignore', timeout: 120_000 });
    available = probe.status === 0;
    found.set(tool, available);
  }
  return available;
}

/**
 * `describe` and `it` for tests that need `tool`. Where it is missing they skip, with the reason
 * printed; under CI=true a failing test stands in for them instead, since a silent pass there would
 * hide a machine that cannot prove what CI must. `what` names the tests, as in "the provider under
 * real terraform".
 */
export function needs(tool: Tool, what: string): { describe: jest.Describe; it: jest.It } {
  return unless(toolAvailable(tool) ? undefined : `${tool} is not on PATH, so ${what} cannot run`, what);
}

/**
 * The same for any reason a machine cannot run some tests (no executable can be built for it, no
 * emulator for another architecture): `reason` undefined runs them; otherwise they skip with it, and
 * fail under CI=true.
 */
export function unless(reason: string | undefined, what: string): { describe: jest.Describe; it: jest.It } {
  if (reason === undefined) return { describe, it };
  if (process.env.CI === 'true') {
    it(`${what} can run here (CI=true requires it)`, () => {
      throw new Error(`${reason}; CI=true requires ${what}`);
    });
  } else {
    console.warn(`!!! SKIPPING ${what}: ${reason} (under CI=true this fails) !!!`);
  }
  return { describe: describe.skip, it: it.skip };
}
