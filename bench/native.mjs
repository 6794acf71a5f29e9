// The self-contained provider (scripts/package-provider.mjs) against `node -e 0` and against the
// JavaScript provider, in the same run: spawn to the go-plugin handshake line, and a whole
// `terraform plan` that reads one task list. `npm run bench` includes it; `node bench/native.mjs`
// (after `npm run build`) runs it alone and rewrites its section of bench/RESULTS.md.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import certificateModule from '../lib/provider/plugin/certificate.js';
import {
  fmt,
  interleaved,
  ratio,
  stackDir,
  terraformInit,
  timeHandshake,
  timePlan,
  timeProcess,
} from './lib.mjs';

const { createPluginCertificate } = certificateModule;
const root = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(fs.readFileSync(`${root}package.json`, 'utf8'));
const javascript = `${root}lib/terraform-provider-taskgate.js`;
const PLATFORM = 'linux_amd64';

/** The linux_amd64 executable (`flavour`: glibc, or provider-only), built when missing or older than lib/. */
function ensureExecutable(flavour) {
  const file = `${root}build/native/${flavour}/${PLATFORM}/terraform-provider-taskgate_v${version}`;
  const stale =
    !fs.existsSync(file) || fs.statSync(file).mtimeMs < fs.statSync(`${root}lib/index.js`).mtimeMs;
  if (stale) {
    execFileSync(
      process.execPath,
      [
        `${root}scripts/package-provider.mjs`,
        ...['--platform', PLATFORM, '--no-alpine', '--out', `${root}build/native/dist-${flavour}`],
        ...(flavour === 'provider-only' ? ['--provider-only'] : []),
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
  }
  return file;
}

export async function benchNative({ emulatorUrl, env, runs = 9 }) {
  if (process.platform !== 'linux' || process.arch !== 'x64') return [];
  const native = ensureExecutable('glibc');
  const providerOnly = ensureExecutable('provider-only');
  const cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-bench-cache-'));
  const pluginEnv = {
    ...env,
    XDG_CACHE_HOME: cacheHome,
    TF_PLUGIN_MAGIC_COOKIE: 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2',
    PLUGIN_PROTOCOL_VERSIONS: '6',
    PLUGIN_CLIENT_CERT: createPluginCertificate().certificatePem,
  };
  // The JavaScript provider at its best: its code cache written by an earlier start.
  await timeHandshake(javascript, [], pluginEnv);
  const handshake = await interleaved(
    {
      baseline: () => timeProcess(process.execPath, ['-e', '0']),
      javascript: () => timeHandshake(javascript, [], pluginEnv),
      native: () => timeHandshake(native, [], pluginEnv),
      providerOnly: () => timeHandshake(providerOnly, [], pluginEnv),
    },
    15,
  );
  const rows = [
    {
      what: 'self-contained provider (linux_amd64): spawn to handshake line (AutoMTLS)',
      value: fmt(handshake.native),
      ratio: `${ratio(handshake.native, handshake.baseline)} of \`node -e 0\` (${fmt(handshake.baseline)}); JavaScript provider ${ratio(handshake.javascript, handshake.baseline)}`,
      goal: '<= 1.0x',
    },
    {
      what: 'the same executable built as the provider alone, without the taskgate CLI',
      value: fmt(handshake.providerOnly),
      ratio: `the CLI inside costs ${fmt(handshake.native - handshake.providerOnly)} (${ratio(handshake.native, handshake.providerOnly)})`,
    },
  ];
  if (spawnSync('terraform', ['version'], { stdio: 'ignore' }).status !== 0) return rows;
  const config =
    `terraform {\n  required_providers {\n    taskgate = { source = "terraform.local/taskgate/taskgate", version = "${version}" }\n  }\n}\n` +
    `provider "taskgate" {\n  endpoint = "${emulatorUrl}"\n}\n` +
    `data "taskgate_tasks" "backup" {\n  api = "tencent-redis"\n  instance_id = "crs-bench0001"\n  expect = "succeeded"\n}\n` +
    `resource "terraform_data" "x" { input = data.taskgate_tasks.backup.total }\n`;
  const dirs = {
    javascript: stackDir(javascript, version, config),
    native: stackDir(native, version, config),
  };
  const tfEnv = {
    ...env,
    XDG_CACHE_HOME: cacheHome,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_CLI_CONFIG_FILE: '/dev/null',
  };
  try {
    terraformInit(Object.values(dirs), tfEnv);
    const plan = (dir) => timePlan(dir, tfEnv);
    const plans = await interleaved({ javascript: plan(dirs.javascript), native: plan(dirs.native) }, runs);
    rows.push(
      {
        what: "`terraform plan` reading one task list, JavaScript provider (today's, baseline)",
        value: fmt(plans.javascript),
        ratio: '1.00x',
      },
      {
        what: 'the same plan through the self-contained provider',
        value: fmt(plans.native),
        ratio: `${ratio(plans.native, plans.javascript)} of the JavaScript provider's`,
        goal: '<= 0.6x',
      },
    );
  } finally {
    for (const dir of Object.values(dirs)) fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(cacheHome, { recursive: true, force: true });
  }
  return rows;
}

/** The section of bench/RESULTS.md these rows make. */
export function nativeSection(rows) {
  return [
    '## The self-contained provider',
    '',
    `Bun-compiled executable (scripts/package-provider.mjs) against \`node -e 0\` and the JavaScript provider, measured in the same run on ${new Date().toISOString().slice(0, 10)}.`,
    '',
    '| what | median | ratio | goal |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.what} | ${r.value} | ${r.ratio} | ${r.goal ?? ''} |`),
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { startEmulator } = (await import('../lib/emulator/index.js')).default;
  const keys = { secretId: 'bench-id', secretKey: 'bench-key' };
  const env = {
    ...process.env,
    TENCENTCLOUD_SECRET_ID: keys.secretId,
    TENCENTCLOUD_SECRET_KEY: keys.secretKey,
    TENCENTCLOUD_REGION: 'ap-guangzhou',
  };
  const emulator = await startEmulator({ credentials: { tencent: [keys] } });
  let section;
  try {
    emulator.load({
      tasks: [
        { api: 'tencent-redis', type: 'FLOW_BACKUPINSTANCE', instanceId: 'crs-bench0001', start: '-1h' },
      ],
    });
    section = nativeSection(await benchNative({ emulatorUrl: emulator.url, env }));
  } finally {
    await emulator.close();
  }
  console.log(section);
  const file = `${root}bench/RESULTS.md`;
  const current = fs.readFileSync(file, 'utf8');
  const at = current.indexOf('## The self-contained provider');
  fs.writeFileSync(file, `${(at < 0 ? current : current.slice(0, at)).trimEnd()}\n\n${section}`);
}
