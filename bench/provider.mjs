// The provider's start-up, which Terraform pays several times per command: time from spawn to the
// go-plugin handshake line (with the client certificate Terraform always passes), and a whole
// `terraform plan` that reads one task list through it, each against a baseline in the same run.
import { spawnSync } from 'node:child_process';
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
const provider = `${root}lib/terraform-provider-taskgate.js`;
const { version } = JSON.parse(fs.readFileSync(`${root}package.json`, 'utf8'));

export async function benchProvider({ emulatorUrl, env, runs = 9 }) {
  const pluginEnv = {
    ...env,
    TF_PLUGIN_MAGIC_COOKIE: 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2',
    PLUGIN_PROTOCOL_VERSIONS: '6',
    PLUGIN_CLIENT_CERT: createPluginCertificate().certificatePem,
  };
  // The code cache lives in a directory of this run's own; the first start writes it.
  const cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-bench-cache-'));
  const cached = { ...pluginEnv, XDG_CACHE_HOME: cacheHome };
  await timeHandshake(process.execPath, [provider], cached);
  const handshake = await interleaved(
    {
      baseline: () => timeProcess(process.execPath, ['-e', '0']),
      provider: () => timeHandshake(process.execPath, [provider], cached),
      uncached: () =>
        timeHandshake(process.execPath, [provider], { ...pluginEnv, TASKGATE_COMPILE_CACHE: 'off' }),
    },
    15,
  );
  const rows = [
    {
      what: 'provider: spawn to handshake line (AutoMTLS), code cache written by an earlier start',
      value: fmt(handshake.provider),
      ratio: `${ratio(handshake.provider, handshake.baseline)} of \`node -e 0\``,
      goal: '<= 2x',
    },
    {
      what: 'the same with `TASKGATE_COMPILE_CACHE=off` (first start, or no usable cache directory)',
      value: fmt(handshake.uncached),
      ratio: `${ratio(handshake.uncached, handshake.baseline)} of \`node -e 0\`; the cache saves ${fmt(handshake.uncached - handshake.provider)}`,
    },
  ];
  if (spawnSync('terraform', ['version'], { stdio: 'ignore' }).status !== 0) {
    fs.rmSync(cacheHome, { recursive: true, force: true });
    return rows;
  }
  const tfEnv = {
    ...env,
    XDG_CACHE_HOME: cacheHome,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_CLI_CONFIG_FILE: '/dev/null',
  };
  const baselineDir = stackDir(provider, version, 'resource "terraform_data" "x" { input = "a" }\n');
  const readDir = stackDir(
    provider,
    version,
    `terraform {\n  required_providers {\n    taskgate = { source = "terraform.local/taskgate/taskgate", version = "${version}" }\n  }\n}\n` +
      `provider "taskgate" {\n  endpoint = "${emulatorUrl}"\n}\n` +
      `data "taskgate_tasks" "backup" {\n  api = "tencent-redis"\n  instance_id = "crs-bench0001"\n  expect = "succeeded"\n}\n` +
      `resource "terraform_data" "x" { input = data.taskgate_tasks.backup.total }\n`,
  );
  const fifty = Array.from(
    { length: 50 },
    (_, i) =>
      `data "taskgate_tasks" "backup_${i}" {\n  api = "tencent-redis"\n  instance_id = "crs-bench0001"\n  expect = "succeeded"\n}\n`,
  ).join('');
  const fiftyDir = stackDir(
    provider,
    version,
    `terraform {\n  required_providers {\n    taskgate = { source = "terraform.local/taskgate/taskgate", version = "${version}" }\n  }\n}\n` +
      `provider "taskgate" {\n  endpoint = "${emulatorUrl}"\n}\n${fifty}`,
  );
  const query = JSON.stringify({
    api: 'tencent-redis',
    command: 'check',
    instance_id: 'crs-bench0001',
    expect: 'succeeded',
    endpoint: emulatorUrl,
  });
  /** 50 runs of the external program, 10 at a time as Terraform's default parallelism would start them. */
  const fiftyExternal = async () => {
    const started = process.hrtime.bigint();
    let next = 0;
    const worker = async () => {
      while (next < 50) {
        next++;
        const result = await timeProcess(process.execPath, [`${root}lib/taskgate.js`, 'external'], {
          input: query,
          env,
        });
        if (result.code !== 0) throw new Error(result.stderr);
      }
    };
    await Promise.all(Array.from({ length: 10 }, worker));
    return { ms: Number(process.hrtime.bigint() - started) / 1e6, code: 0 };
  };
  try {
    terraformInit([baselineDir, readDir, fiftyDir], tfEnv);
    const plan = (dir) => timePlan(dir, tfEnv);
    const plans = await interleaved(
      { baseline: plan(baselineDir), read: plan(readDir), fifty: plan(fiftyDir), external: fiftyExternal },
      runs,
    );
    rows.push(
      {
        what: '`terraform plan`, built-in resource only (baseline)',
        value: fmt(plans.baseline),
        ratio: '1.00x',
      },
      {
        what: '`terraform plan` reading one task list through the provider',
        value: fmt(plans.read),
        ratio: `${ratio(plans.read, plans.baseline)}; +${fmt(plans.read - plans.baseline)}`,
      },
      {
        what: '50 runs of `taskgate external`, 10 at a time as Terraform starts them (baseline)',
        value: fmt(plans.external),
        ratio: '1.00x',
      },
      {
        what: '`terraform plan` of 50 `taskgate_tasks` data sources through the provider',
        value: fmt(plans.fifty),
        ratio: ratio(plans.fifty, plans.external),
        goal: '<= 0.25x',
      },
    );
  } finally {
    fs.rmSync(baselineDir, { recursive: true, force: true });
    fs.rmSync(readDir, { recursive: true, force: true });
    fs.rmSync(fiftyDir, { recursive: true, force: true });
    fs.rmSync(cacheHome, { recursive: true, force: true });
  }
  return rows;
}
