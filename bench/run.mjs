// `npm run bench`: every ratio is against a baseline measured in the same run. Prints a Markdown
// report and writes it to bench/RESULTS.md.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import emulatorModule from '../lib/emulator/index.js';
import { fmt, interleaved, median, ratio, timeProcess } from './lib.mjs';
import { benchNative, nativeSection } from './native.mjs';
import { benchProvider } from './provider.mjs';
import { benchStartup } from './startup.mjs';
import { benchSynth } from './synth.mjs';

const { startEmulator } = emulatorModule;
const root = fileURLToPath(new URL('..', import.meta.url));
const cli = `${root}lib/taskgate.js`;
const keys = { secretId: 'bench-id', secretKey: 'bench-key' };
const env = {
  ...process.env,
  TENCENTCLOUD_SECRET_ID: keys.secretId,
  TENCENTCLOUD_SECRET_KEY: keys.secretKey,
  TENCENTCLOUD_REGION: 'ap-guangzhou',
};
const rows = [];
const nativeRows = [];
const row = (what, value, vs, goal = '') => rows.push(`| ${what} | ${value} | ${vs} | ${goal} |`);

const emulator = await startEmulator({ credentials: { tencent: [keys] } });
try {
  emulator.load({
    tasks: [{ api: 'tencent-redis', type: 'FLOW_BACKUPINSTANCE', instanceId: 'crs-bench0001', start: '-1h' }],
  });

  console.error('start-up ...');
  for (const r of await benchStartup({ emulatorUrl: emulator.url, env }))
    row(r.what, r.value, r.ratio, r.goal);

  console.error('official SDK vs taskgate check ...');
  const loopback = `${emulator.url}/`;
  const sdk = await interleaved(
    {
      baseline: () => timeProcess(process.execPath, ['-e', '0']),
      sdkLoad: () =>
        timeProcess(process.execPath, ['-e', "require('tencentcloud-sdk-nodejs-common')"], { env }),
      sdk: () =>
        timeProcess(process.execPath, [`${root}bench/sdk-check.cjs`, loopback, 'crs-bench0001'], { env }),
      taskgate: () =>
        timeProcess(
          process.execPath,
          [
            cli,
            'check',
            '--api',
            'tencent-redis',
            '--instance-id',
            'crs-bench0001',
            '--endpoint',
            emulator.url,
          ],
          { env },
        ),
    },
    15,
  );
  row(
    'loading `tencentcloud-sdk-nodejs-common` alone',
    fmt(sdk.sdkLoad),
    `${ratio(sdk.sdkLoad, sdk.baseline)} of \`node -e 0\``,
  );
  row('DescribeTaskList check with the official SDK', fmt(sdk.sdk), '1.00x (baseline)');
  row(
    'the same check with `taskgate check`',
    fmt(sdk.taskgate),
    `${ratio(sdk.taskgate, sdk.sdk)} of the SDK`,
    '<= 0.6x',
  );

  console.error('listing 10,000 tasks ...');
  emulator.reset();
  emulator.load({
    tasks: Array.from({ length: 10_000 }, (_, i) => ({
      api: 'tencent-redis',
      type: 'FLOW_BACKUPINSTANCE',
      instanceId: `crs-${i % 50}`,
      start: `-${i + 1}m`,
    })),
  });
  const listing = await timeProcess(
    '/usr/bin/time',
    ['-f', '%M', process.execPath, cli, 'list', '--api', 'tencent-redis', '--endpoint', emulator.url],
    { env },
  );
  const rssMb = Number(listing.stderr.trim().split('\n').at(-1)) / 1024;
  const total = JSON.parse(listing.stdout).total;
  row(
    `\`taskgate list\` of ${total} tasks`,
    fmt(listing.ms),
    `${emulator.requests().length} requests (ceil(N/100) = ${Math.ceil(total / 100)})`,
  );
  row('peak RSS of that listing', `${rssMb.toFixed(1)} MB`, '', '< 100 MB');

  console.error('detection latency ...');
  const latencies = [];
  for (let i = 0; i < 3; i++) {
    emulator.reset();
    const endsAt = Date.now() + 2500;
    emulator.load({
      tasks: [
        {
          api: 'tencent-redis',
          type: 'FLOW_BACKUPINSTANCE',
          instanceId: 'crs-lat',
          start: '-1s',
          runningFor: '3500ms',
        },
      ],
    });
    const exitedAt = await new Promise((resolve) => {
      const child = spawn(
        process.execPath,
        [
          cli,
          'wait',
          '--api',
          'tencent-redis',
          '--poll-interval',
          '1s',
          '--endpoint',
          emulator.url,
          '--quiet',
        ],
        { env },
      );
      child.on('close', () => resolve(Date.now()));
    });
    latencies.push(exitedAt - endsAt);
  }
  console.error('provider start-up and a terraform plan through it ...');
  for (const r of await benchProvider({ emulatorUrl: emulator.url, env }))
    row(r.what, r.value, r.ratio, r.goal);

  console.error('the self-contained provider ...');
  nativeRows.push(...(await benchNative({ emulatorUrl: emulator.url, env })));

  row(
    'detection latency: task ends -> `wait --poll-interval 1s` exits',
    fmt(median(latencies)),
    'median of 3',
    '<= 1.5 s',
  );
} finally {
  await emulator.close();
}

console.error('synthesis ...');
const synth = benchSynth();
row(
  'synth 200 DataExternal + null_resource declared by hand (same content)',
  fmt(synth.bare),
  '1.00x (baseline)',
);
row('synth 200 task lists with gates', fmt(synth.ours), ratio(synth.ours, synth.bare), '<= 1.3x');

const report = [
  `# Benchmarks`,
  '',
  `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, medians; every ratio against a baseline from the same run.`,
  '',
  '| what | median | ratio | goal |',
  '|---|---|---|---|',
  ...rows,
  '',
  ...(nativeRows.length > 0 ? [nativeSection(nativeRows)] : []),
].join('\n');
console.log(report);
fs.writeFileSync(`${root}bench/RESULTS.md`, report);
