// The demo: the embedded emulator plays the clouds; the example app is synthesized; both its stacks run
// under real `terraform apply` on the taskgate provider that each stack folder carries (nothing is
// downloaded): the gates wait, the checks read and assert.
// Everything started here is stopped at the end.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import emulatorModule from '../lib/emulator/index.js';

const { startEmulator, loadScenarioFile } = emulatorModule;
const root = fileURLToPath(new URL('..', import.meta.url));
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const bold = (text) => paint(1, text);
const dim = (text) => paint(2, text);
const green = (text) => paint(32, text);
const red = (text) => paint(31, text);
const heading = (text) => console.log(`\n${bold(`== ${text}`)}`);

// Demo-only keys: the emulator checks every signature with them, as the real services would.
const credentials = {
  TENCENTCLOUD_SECRET_ID: 'demo-secret-id',
  TENCENTCLOUD_SECRET_KEY: 'demo-secret-key-not-a-real-one',
  TENCENTCLOUD_REGION: 'ap-guangzhou',
  HW_ACCESS_KEY: 'demo-access-key',
  HW_SECRET_KEY: 'demo-secret-key-not-a-real-one',
  HW_PROJECT_ID: 'demo-project',
};

/** go-plugin's copy of our provider's log lines (TF_LOG_PROVIDER=INFO): `... [INFO]  provider.terraform-provider-taskgate_v0.1.0: MESSAGE: k=v`. */
const PROVIDER_LOG =
  /\[(?:INFO|WARN|ERROR)\]\s+provider\.terraform-provider-taskgate[^:]*: (.*?)(?:: [a-z_@.]+=.*)?$/;
const LOG_LINE = /^\S+ \[(?:TRACE|DEBUG|INFO|WARN|ERROR)\]/;

/** The detail of a Terraform error diagnostic: the paragraph after its source excerpt, as one line. */
function diagnosticDetail(stderr, summary) {
  const lines = stderr.split('\n').filter((line) => !LOG_LINE.test(line));
  const at = lines.findIndex((line) => line.includes(`Error: ${summary}`));
  if (at === -1) return undefined;
  const excerpt = lines.findIndex((line, i) => i > at && /^\s*\d+:/.test(line));
  const detail = [];
  for (const line of lines.slice(excerpt + 1)) {
    if (line.trim() === '' && detail.length) break;
    if (line.trim()) detail.push(line.trim());
  }
  return detail.join(' ') || undefined;
}

function run(argv, { cwd, env, input, prefix }) {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const stream = (text, sink) => {
      if (!prefix) return;
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        const logged = PROVIDER_LOG.exec(line);
        // The provider's progress, as `TF_LOG_PROVIDER=INFO` shows it; Terraform's other log lines stay out.
        if (logged) sink(`${dim('taskgate  |')} ${logged[1]}`);
        else if (!LOG_LINE.test(line)) sink(`${dim(prefix)} ${line}`);
      }
    };
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      stream(String(chunk), console.log);
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      stream(String(chunk), console.log);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

const started = Date.now();
const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-demo-'));
const summary = [];
// The scenario is loaded right before the gates' apply, so its timelines start when the person watches.
const scenario = loadScenarioFile(path.join(root, 'examples/demo-scenario.json'));
const emulator = await startEmulator({
  credentials: {
    tencent: [
      { secretId: credentials.TENCENTCLOUD_SECRET_ID, secretKey: credentials.TENCENTCLOUD_SECRET_KEY },
    ],
    huawei: [{ accessKey: credentials.HW_ACCESS_KEY, secretKey: credentials.HW_SECRET_KEY }],
  },
});
const env = {
  ...process.env,
  ...credentials,
  TASKGATE_ENDPOINT: emulator.url,
  CHECKPOINT_DISABLE: '1',
  TF_IN_AUTOMATION: '1',
};
// A CLI configuration file that does not exist only earns a warning on every terraform command.
if (env.TF_CLI_CONFIG_FILE && !fs.existsSync(env.TF_CLI_CONFIG_FILE)) delete env.TF_CLI_CONFIG_FILE;

try {
  heading(`Emulator of the four task-list APIs on ${emulator.url}`);
  console.log(
    'Redis crs-demo0001: a backup running ~10s (will succeed); CDB cdb-demo0001: a rollback (will fail);',
  );
  console.log('Huawei RDS rds-demo0001: a backup running ~8s. Every request is signed and verified.');

  heading('Synthesizing the example app (examples/main.ts): stacks "gates" and "checks"');
  const synth = await run([process.execPath, path.join(root, 'examples/dist/main.js')], {
    cwd: root,
    env: { ...env, CDKTF_OUTDIR: path.join(workdir, 'cdktf.out') },
  });
  if (synth.code !== 0) throw new Error(`synth failed: ${synth.stderr}`);
  const stacks = path.join(workdir, 'cdktf.out', 'stacks');
  console.log(`synthesized into ${stacks}`);

  const hasTerraform = spawnSync('terraform', ['version'], { stdio: 'ignore' }).status === 0;
  heading(
    'Stack "gates" under REAL `terraform apply`: taskgate_gate resources of the provider the stack carries',
  );
  console.log(dim("(progress is the provider's log, shown as Terraform shows it with TF_LOG_PROVIDER=INFO)"));
  const gatesDir = path.join(stacks, 'gates');
  if (!hasTerraform) {
    console.log(`  ${red('terraform is not on PATH:')} the gates are Terraform resources; skipped.`);
    summary.push(['gates', 'terraform is not on PATH', false]);
  } else {
    const init = await run(['terraform', 'init', '-input=false', '-no-color'], { cwd: gatesDir, env });
    if (init.code !== 0) throw new Error(`terraform init failed: ${init.stderr}`);
    // Plan quietly, then stream only the apply: what the person watches is the gates at work.
    const plan = await run(['terraform', 'plan', '-out=demo.tfplan', '-input=false', '-no-color'], {
      cwd: gatesDir,
      env,
    });
    if (plan.code !== 0) throw new Error(`terraform plan failed: ${plan.stderr}`);
    console.log(plan.stdout.match(/Plan: .*/)?.[0] ?? '');
    emulator.load(scenario);
    const apply = await run(['terraform', 'apply', '-input=false', '-no-color', 'demo.tfplan'], {
      cwd: gatesDir,
      env: { ...env, TF_LOG_PROVIDER: 'INFO' },
      prefix: 'terraform |',
    });
    const failure = diagnosticDetail(apply.stderr, 'Task condition not met');
    summary.push([
      'gates: Redis backup gate -> schema migration',
      /terraform_data\.schema-migration: Creation complete/.test(apply.stdout)
        ? 'migrated after the backup succeeded'
        : 'not run',
      /terraform_data\.schema-migration: Creation complete/.test(apply.stdout),
    ]);
    summary.push([
      'gates: CDB rollback gate -> app release',
      failure ? `apply failed: ${failure}` : `exit ${apply.code}`,
      false,
    ]);
  }

  heading(
    'Stack "checks" under REAL `terraform apply`: data "taskgate_tasks" of the taskgate provider, which the stack carries',
  );
  console.log(dim('(terraform.d/plugins inside the stack folder: `terraform init` downloads nothing)'));
  const checksDir = path.join(stacks, 'checks');
  if (!hasTerraform) {
    console.log(`  ${red('terraform is not on PATH:')} the provider's data sources need it; skipped.`);
    summary.push(['checks', 'terraform is not on PATH', false]);
  } else {
    const init = await run(['terraform', 'init', '-input=false', '-no-color'], { cwd: checksDir, env });
    if (init.code !== 0) throw new Error(`terraform init failed: ${init.stderr}`);
    const apply = await run(['terraform', 'apply', '-auto-approve', '-input=false', '-no-color'], {
      cwd: checksDir,
      env,
      prefix: 'terraform |',
    });
    const outputs =
      apply.code === 0
        ? JSON.parse(
            (await run(['terraform', 'output', '-json', '-no-color'], { cwd: checksDir, env })).stdout ||
              '{}',
          )
        : {};
    summary.push([
      'checks: last Redis backup succeeded within 24h (postcondition)',
      apply.code === 0 ? `held; it ended ${outputs['last-backup-finished']?.value}` : 'apply failed',
      apply.code === 0,
    ]);
    summary.push([
      'checks: the RDS task read waits until it finishes',
      apply.code === 0 ? `status ${outputs['rds-task-status']?.value}` : 'apply failed',
      apply.code === 0 && outputs['rds-task-status']?.value === 'succeeded',
    ]);
  }
} finally {
  await emulator.close();
  fs.rmSync(workdir, { recursive: true, force: true });
}

heading(
  `Summary (${((Date.now() - started) / 1000).toFixed(1)} s; emulator stopped, temporary files removed)`,
);
for (const [what, outcome, good] of summary)
  console.log(`${good ? green('PASS') : red('FAIL')}  ${what}: ${outcome}`);
console.log(
  dim('\nFAIL lines are the demo working: the CDB rollback really failed, and the gate stopped the release.'),
);
