// CLI start-up: the bundled CLI's `--version` and an `external` check against the emulator, each as a
// ratio to `node -e 0`, measured interleaved in the same run.
import { fileURLToPath } from 'node:url';
import { fmt, interleaved, ratio, timeProcess } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = `${root}lib/taskgate.js`;

export async function benchStartup({ emulatorUrl, env, runs = 25 }) {
  const query = JSON.stringify({
    api: 'tencent-redis',
    command: 'check',
    instance_id: 'crs-bench0001',
    expect: 'succeeded',
    endpoint: emulatorUrl,
  });
  const medians = await interleaved(
    {
      baseline: () => timeProcess(process.execPath, ['-e', '0']),
      version: () => timeProcess(process.execPath, [cli, '--version']),
      external: () => timeProcess(process.execPath, [cli, 'external'], { input: query, env }),
    },
    runs,
  );
  return [
    { what: '`node -e 0` (baseline)', value: fmt(medians.baseline), ratio: '1.00x', goal: '' },
    {
      what: '`taskgate --version`',
      value: fmt(medians.version),
      ratio: ratio(medians.version, medians.baseline),
      goal: '<= 1.3x',
    },
    {
      what: '`taskgate external` check against the emulator',
      value: fmt(medians.external),
      ratio: ratio(medians.external, medians.baseline),
      goal: '',
    },
  ];
}
