import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { RunningEmulator } from '../../src/emulator';
import {
  archiveName,
  executableName,
  nativePackageName,
  packageHashV1,
  unzip,
  zipHash,
} from '../../src/native-provider';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../../src/provider/plugin/plugin-server';
import { createPluginCertificate } from '../../src/provider/plugin/certificate';
import { TEST_ENV, expectNoSecrets, testEmulator } from '../support/emulator';
import { ProcessResult, runProgram } from '../support/terraform';
import { toolAvailable, unless } from '../support/tools';

/**
 * The provider as a self-contained executable (CONTRACT section 13), built by
 * scripts/package-provider.mjs for linux_amd64 (and linux_arm64 where qemu-user can run it), then
 * driven where no node exists: every terraform run here has a PATH that holds `terraform` alone.
 */

jest.setTimeout(300_000);

const ROOT = path.resolve(__dirname, '../..');
const VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
const TERRAFORM = spawnSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8' }).stdout.trim();
const QEMU = '/usr/bin/qemu-aarch64-static';
/** Debian's libc6-arm64-cross: the arm64 glibc the executable needs under qemu-user. */
const ARM64_SYSROOT = '/usr/aarch64-linux-gnu';

/** Why the executable cannot be built or run here, if it cannot. */
function cannotBuild(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    return `this is ${process.platform}_${process.arch}, not linux_amd64`;
  if (!toolAvailable('terraform')) return 'terraform is not on PATH';
  const bun = ['node_modules/@oven/bun-linux-x64/bin/bun', 'node_modules/bun/bin/bun.exe']
    .map((file) => path.join(ROOT, file))
    .some((file) => spawnSync(file, ['--version']).status === 0);
  return bun ? undefined : 'Bun is not installed in node_modules (npm ci installs it)';
}
const skipReason = cannotBuild();
const canQemu = fs.existsSync(QEMU) && fs.existsSync(path.join(ARM64_SYSROOT, 'lib/ld-linux-aarch64.so.1'));

const withExecutable = unless(skipReason, "the self-contained provider's tests").describe;
const withQemu = unless(
  canQemu ? undefined : 'qemu-user-static or libc6-arm64-cross is missing (.ci/run installs them)',
  'the linux_arm64 handshake under qemu-user',
).it;

const PLATFORMS = canQemu ? ['linux_amd64', 'linux_arm64'] : ['linux_amd64'];
let work: string;
let dist: string;
let emulator: RunningEmulator;
/** Every output of every program run, scanned for credentials at the end. */
const outputs: string[] = [];

beforeAll(async () => {
  emulator = await testEmulator();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-native-'));
  if (skipReason) return;
  dist = path.join(work, 'dist');
  const built = await runProgram(
    [
      process.execPath,
      path.join(ROOT, 'scripts/package-provider.mjs'),
      ...PLATFORMS.flatMap((platform) => ['--platform', platform]),
      '--no-alpine',
      '--out',
      dist,
      '--npm',
      path.join(work, 'npm'),
    ],
    { cwd: ROOT, env: process.env, timeoutMs: 280_000 },
  );
  if (built.code !== 0) throw new Error(`package-provider failed: ${built.stderr}`);
}, 300_000);

afterAll(async () => {
  await emulator?.close();
  expectNoSecrets(...outputs);
  if (work) fs.rmSync(work, { recursive: true, force: true });
});
beforeEach(() => emulator.reset());

/** A folder holding a link to terraform and nothing else: the PATH of a node-less engine. */
function terraformOnlyPath(): string {
  const bin = fs.mkdtempSync(path.join(work, 'bin-'));
  fs.symlinkSync(TERRAFORM, path.join(bin, 'terraform'));
  return bin;
}

/** As `env -i`: nothing inherited; PATH, HOME, Terraform's settings and the test credentials. */
function bareEnv(bin: string, home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  fs.writeFileSync(path.join(home, 'cli.tfrc'), '');
  return {
    PATH: bin,
    HOME: home,
    TF_CLI_CONFIG_FILE: path.join(home, 'cli.tfrc'),
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    TF_INPUT: '0',
    TASKGATE_METADATA_ENDPOINT: 'http://127.0.0.1:1',
    ...TEST_ENV,
    ...extra,
  };
}

async function run(argv: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<ProcessResult> {
  const result = await runProgram(argv, { cwd, env, timeoutMs: 180_000 });
  outputs.push(result.stdout, result.stderr);
  return result;
}

/** A project whose node_modules holds the platform packages, unpacked from their npm tarballs. */
function projectWithPackages(platforms: readonly string[]): string {
  const project = fs.mkdtempSync(path.join(work, 'project-'));
  for (const platform of platforms) {
    const name = nativePackageName(platform);
    const target = path.join(project, 'node_modules', name);
    fs.mkdirSync(target, { recursive: true });
    const tarball = path.join(work, 'npm', `${name}-${VERSION}.tgz`);
    const unpacked = spawnSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
    if (unpacked.status !== 0) throw new Error(`cannot unpack ${tarball}: ${unpacked.stderr}`);
  }
  return project;
}

const redisTask = {
  api: 'tencent-redis' as const,
  id: '701',
  type: 'FLOW_BACKUPINSTANCE',
  instanceId: 'crs-native',
  start: '-60s',
  runningFor: '10s',
};

withExecutable('the self-contained provider', () => {
  it('package-provider writes the registry layout: zips, SHA256SUMS, manifest; the per-platform npm packages hold the zip', () => {
    const names = fs.readdirSync(dist).sort();
    expect(names).toEqual(
      [
        ...PLATFORMS.map((platform) => archiveName(VERSION, platform)),
        `terraform-provider-taskgate_${VERSION}_SHA256SUMS`,
        `terraform-provider-taskgate_${VERSION}_manifest.json`,
      ].sort(),
    );
    expect(
      JSON.parse(
        fs.readFileSync(path.join(dist, `terraform-provider-taskgate_${VERSION}_manifest.json`), 'utf8'),
      ),
    ).toEqual({
      version: 1,
      metadata: { protocol_versions: ['6.0'] },
    });
    const sums = fs.readFileSync(
      path.join(dist, `terraform-provider-taskgate_${VERSION}_SHA256SUMS`),
      'utf8',
    );
    for (const platform of PLATFORMS) {
      const zip = fs.readFileSync(path.join(dist, archiveName(VERSION, platform)));
      expect(sums).toContain(
        `${createHash('sha256').update(zip).digest('hex')}  ${archiveName(VERSION, platform)}\n`,
      );
      const files = unzip(zip);
      expect(files.map((file) => file.name)).toEqual([executableName(VERSION)]);
      // The npm package carries the registry's very file.
      const packaged = path.join(
        projectWithPackages([platform]),
        'node_modules',
        nativePackageName(platform),
      );
      expect(fs.readFileSync(path.join(packaged, archiveName(VERSION, platform))).equals(zip)).toBe(true);
    }
    expect(sums.trim().split('\n')).toHaveLength(PLATFORMS.length);
    // unzip (Info-ZIP) agrees that the executable is there, mode 0755.
    const listing = spawnSync('unzip', ['-Z', path.join(dist, archiveName(VERSION, 'linux_amd64'))], {
      encoding: 'utf8',
    });
    if (listing.status === 0)
      expect(listing.stdout).toMatch(new RegExp(`-rwxr-xr-x .* ${executableName(VERSION)}`));
  });

  it('the same sources build the same bytes: a second build gives the same zip', async () => {
    const again = path.join(work, 'again');
    const built = await runProgram(
      [
        process.execPath,
        path.join(ROOT, 'scripts/package-provider.mjs'),
        '--platform',
        'linux_amd64',
        '--no-alpine',
        '--out',
        again,
      ],
      { cwd: ROOT, env: process.env, timeoutMs: 280_000 },
    );
    expect(built.code).toBe(0);
    const zip = (dir: string) => fs.readFileSync(path.join(dir, archiveName(VERSION, 'linux_amd64')));
    expect(zip(again).equals(zip(dist))).toBe(true);
  });

  it('with only terraform on PATH: install --native, then init, plan, apply (a read and a gate) and destroy', async () => {
    const project = projectWithPackages(['linux_amd64']);
    const installed = await run(
      [process.execPath, path.join(ROOT, 'lib/taskgate.js'), 'provider', 'install', '--native'],
      project,
      { PATH: process.env.PATH, HOME: project },
    );
    expect(installed.stderr).toContain('(self-contained: no node needed)');
    expect(installed.code).toBe(0);
    const plugin = path.join(
      project,
      'terraform.d/plugins/terraform.local/taskgate/taskgate',
      VERSION,
      'linux_amd64',
      executableName(VERSION),
    );
    expect(fs.readFileSync(plugin).subarray(0, 4).toString('latin1')).toBe('\x7fELF');

    const bin = terraformOnlyPath();
    const env = bareEnv(bin, project);
    expect(spawnSync('sh', ['-c', 'command -v node'], { env }).status).not.toBe(0);
    emulator.load({
      clock: { freeze: true, step: '1s' },
      tasks: [
        redisTask,
        { ...redisTask, id: '702', instanceId: 'crs-gated', start: '-1s', runningFor: '3s' },
      ],
    });
    fs.writeFileSync(
      path.join(project, 'main.tf'),
      `terraform {
  required_providers {
    taskgate = { source = "terraform.local/taskgate/taskgate", version = "${VERSION}" }
  }
}
provider "taskgate" {
  endpoint = "${emulator.url}"
}
data "taskgate_tasks" "backup" {
  api         = "tencent-redis"
  instance_id = "crs-native"
  expect      = "succeeded"
}
resource "taskgate_gate" "gated" {
  api           = "tencent-redis"
  instance_id   = "crs-gated"
  poll_interval = "100ms"
}
output "backup" {
  value = "\${data.taskgate_tasks.backup.total} \${data.taskgate_tasks.backup.condition_met} \${data.taskgate_tasks.backup.tasks[0].status}"
}
output "gate" {
  value = taskgate_gate.gated.tasks[0].status
}
`,
    );
    const init = await run(['terraform', 'init', '-input=false', '-no-color'], project, env);
    expect(init.stderr).toBe('');
    expect(init.stdout).toContain('Installing terraform.local/taskgate/taskgate');
    const plan = await run(['terraform', 'plan', '-input=false', '-no-color'], project, env);
    expect(plan.stderr).toBe('');
    expect(plan.stdout).toContain('taskgate_gate.gated will be created');
    const applied = await run(
      ['terraform', 'apply', '-auto-approve', '-input=false', '-no-color'],
      project,
      env,
    );
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Apply complete! Resources: 1 added');
    expect(applied.stdout).toContain('backup = "1 true succeeded"');
    expect(applied.stdout).toContain('gate = "succeeded"');
    const destroyed = await run(
      ['terraform', 'destroy', '-auto-approve', '-input=false', '-no-color'],
      project,
      env,
    );
    expect(destroyed.stderr).toBe('');
    expect(destroyed.stdout).toContain('Destroy complete! Resources: 1 destroyed');
    outputs.push(fs.readFileSync(path.join(project, 'terraform.tfstate'), 'utf8'));
  });

  it('reads over HTTPS with certificate checks, trusting an own authority through NODE_EXTRA_CA_CERTS', async () => {
    // A TLS front for the emulator, with a throwaway certificate for localhost; requests pass through
    // unchanged, so the emulator still checks their signatures.
    const certificate = createPluginCertificate();
    const caFile = path.join(work, 'front-ca.pem');
    fs.writeFileSync(caFile, certificate.certificatePem);
    const front = https.createServer(
      { key: certificate.privateKeyPem, cert: certificate.certificatePem },
      (req, res) => {
        const upstream = http.request(
          `${emulator.url}${req.url}`,
          { method: req.method, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', () => res.destroy());
        req.pipe(upstream);
      },
    );
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    try {
      const port = (front.address() as { port: number }).port;
      const project = fs.mkdtempSync(path.join(work, 'https-'));
      const mirror = path.join(project, 'terraform.d/plugins/terraform.local/taskgate/taskgate');
      fs.mkdirSync(mirror, { recursive: true });
      fs.copyFileSync(
        path.join(dist, archiveName(VERSION, 'linux_amd64')),
        path.join(mirror, archiveName(VERSION, 'linux_amd64')),
      );
      fs.writeFileSync(
        path.join(project, 'main.tf'),
        `terraform {
  required_providers {
    taskgate = { source = "terraform.local/taskgate/taskgate", version = "${VERSION}" }
  }
}
provider "taskgate" {
  endpoint = "https://localhost:${port}"
}
data "taskgate_tasks" "backup" {
  api         = "tencent-redis"
  instance_id = "crs-native"
}
output "status" {
  value = data.taskgate_tasks.backup.tasks[0].status
}
`,
      );
      emulator.load({ tasks: [redisTask] });
      const bin = terraformOnlyPath();
      const trusted = bareEnv(bin, project, { NODE_EXTRA_CA_CERTS: caFile });
      expect((await run(['terraform', 'init', '-input=false', '-no-color'], project, trusted)).code).toBe(0);
      const applied = await run(
        ['terraform', 'apply', '-auto-approve', '-input=false', '-no-color'],
        project,
        trusted,
      );
      expect(applied.stderr).toBe('');
      expect(applied.stdout).toContain('status = "succeeded"');
      // Without the authority the certificate is refused: never read unverified.
      const refused = await run(
        ['terraform', 'plan', '-refresh=true', '-input=false', '-no-color'],
        project,
        bareEnv(bin, project),
      );
      expect(refused.code).toBe(1);
      expect(refused.stderr.replace(/\s+/g, ' ')).toMatch(
        /UNABLE_TO_VERIFY_LEAF_SIGNATURE|self[- ]signed|certificate/i,
      );
    } finally {
      await new Promise((resolve) => front.close(resolve));
    }
  });

  it('the same executable under another name is the taskgate CLI: a node-less job runs taskgate wait', async () => {
    const bin = terraformOnlyPath();
    const zip = fs.readFileSync(path.join(dist, archiveName(VERSION, 'linux_amd64')));
    fs.writeFileSync(path.join(bin, 'taskgate'), unzip(zip)[0].content, { mode: 0o755 });
    const env = bareEnv(bin, work);
    const version = await run(['taskgate', '--version'], work, env);
    expect(version.stdout.trim()).toBe(VERSION);
    emulator.load({
      clock: { freeze: true, step: '1s' },
      tasks: [{ ...redisTask, start: '-1s', runningFor: '3s' }],
    });
    const waited = await run(
      [
        'taskgate',
        'wait',
        '--api',
        'tencent-redis',
        '--instance-id',
        'crs-native',
        '--poll-interval',
        '100ms',
        '--endpoint',
        emulator.url,
      ],
      work,
      env,
    );
    expect(waited.code).toBe(0);
    expect(JSON.parse(waited.stdout)).toMatchObject({
      condition_met: true,
      total: 1,
      tasks: [{ id: '701', status: 'succeeded' }],
    });
    // Input errors keep the CLI's contract: exit 2, one line.
    const bad = await run(['taskgate', 'wait', '--api', 'tencent-redis', '--until', 'soon'], work, env);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    // It installs itself as this machine's provider, without node or npm.
    const project = fs.mkdtempSync(path.join(work, 'self-'));
    const installed = await run(['taskgate', 'provider', 'install', '--native'], project, env);
    expect(installed.code).toBe(0);
    const plugin = path.join(
      project,
      'terraform.d/plugins/terraform.local/taskgate/taskgate',
      VERSION,
      'linux_amd64',
      executableName(VERSION),
    );
    expect(fs.readFileSync(plugin).equals(fs.readFileSync(path.join(bin, 'taskgate')))).toBe(true);
    const javascript = await run(['taskgate', 'provider', 'install'], project, env);
    expect(javascript.code).toBe(2);
    expect(javascript.stderr).toBe(
      'taskgate: this self-contained taskgate carries no JavaScript provider; give --native.\n',
    );
  });

  it('a stack synthesized with the taskgate:nativeProvider setting carries the executable and its lock file, and applies with no node', async () => {
    const project = projectWithPackages(['linux_amd64']);
    const outdir = path.join(project, 'cdktf.out');
    // A user's app, run by node in its own project as cdktf runs it; the setting is app-level context.
    fs.writeFileSync(
      path.join(project, 'main.js'),
      `const { App, LocalBackend, TerraformOutput, TerraformStack } = require(${JSON.stringify(require.resolve('cdktf'))});
const { TaskGate, TencentRedisTaskList } = require(${JSON.stringify(path.join(ROOT, 'lib/index.js'))});
const app = new App({ outdir: ${JSON.stringify(outdir)}, context: { 'taskgate:nativeProvider': ['linux_amd64'] } });
const stack = new TerraformStack(app, 'native');
new LocalBackend(stack, { path: 'terraform.tfstate' });
const endpoint = process.env.EMULATOR_URL;
const backup = new TencentRedisTaskList(stack, 'backup', { instanceId: 'crs-native', endpoint, assert: { expect: 'succeeded' } });
const gate = new TaskGate(stack, 'gate', { api: 'tencent-redis', instanceId: 'crs-native', endpoint, wait: { pollInterval: '100ms' } });
new TerraformOutput(stack, 'status', { value: backup.status });
new TerraformOutput(stack, 'gated', { value: gate.resource.getBooleanAttribute('condition_met') });
app.synth();
`,
    );
    const synth = await run([process.execPath, 'main.js'], project, {
      PATH: process.env.PATH,
      HOME: project,
      EMULATOR_URL: emulator.url,
    });
    expect(synth.stderr).toBe('');
    expect(synth.code).toBe(0);
    const stackDir = path.join(outdir, 'stacks', 'native');
    const mirror = path.join(stackDir, 'terraform.d/plugins/terraform.local/taskgate/taskgate');
    const zip = fs.readFileSync(path.join(dist, archiveName(VERSION, 'linux_amd64')));
    expect(fs.readFileSync(path.join(mirror, archiveName(VERSION, 'linux_amd64'))).equals(zip)).toBe(true);
    // The platforms not named keep the JavaScript provider.
    expect(fs.existsSync(path.join(mirror, VERSION, 'darwin_arm64', executableName(VERSION)))).toBe(true);
    expect(fs.existsSync(path.join(mirror, VERSION, 'linux_amd64'))).toBe(false);
    const lock = fs.readFileSync(path.join(stackDir, '.terraform.lock.hcl'), 'utf8');
    expect(lock).toContain(`"${packageHashV1(unzip(zip))}"`);
    expect(lock).toContain(`"${zipHash(zip)}"`);
    // The other platforms' JavaScript provider is one file, so one h1 for all three.
    const javascript = fs.readFileSync(path.join(ROOT, 'lib/terraform-provider-taskgate.js'));
    expect(lock).toContain(`"${packageHashV1([{ name: executableName(VERSION), content: javascript }])}"`);
    expect(lock.match(/"h1:/g)).toHaveLength(2);

    emulator.load({ tasks: [redisTask] });
    const env = bareEnv(terraformOnlyPath(), project);
    // init checks the executable against the lock file's hashes, and keeps the lock file as it is.
    const init = await run(
      ['terraform', 'init', '-input=false', '-lockfile=readonly', '-no-color'],
      stackDir,
      env,
    );
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    const applied = await run(
      ['terraform', 'apply', '-auto-approve', '-input=false', '-no-color'],
      stackDir,
      env,
    );
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('status = "succeeded"');
    expect(applied.stdout).toContain('gated = true');
    outputs.push(fs.readFileSync(path.join(stackDir, 'terraform.tfstate'), 'utf8'));
  });

  it('terraform providers lock -fs-mirror accepts the written zips, with the h1 hashes this package computes', async () => {
    const mirror = path.join(work, 'mirror');
    const folder = path.join(mirror, 'terraform.local/taskgate/taskgate');
    fs.mkdirSync(folder, { recursive: true });
    for (const platform of PLATFORMS)
      fs.copyFileSync(
        path.join(dist, archiveName(VERSION, platform)),
        path.join(folder, archiveName(VERSION, platform)),
      );
    const config = fs.mkdtempSync(path.join(work, 'lock-'));
    fs.writeFileSync(
      path.join(config, 'main.tf'),
      `terraform {\n  required_providers {\n    taskgate = { source = "terraform.local/taskgate/taskgate", version = "${VERSION}" }\n  }\n}\n`,
    );
    const env = bareEnv(terraformOnlyPath(), config);
    const locked = await run(
      [
        'terraform',
        'providers',
        'lock',
        `-fs-mirror=${mirror}`,
        ...PLATFORMS.map((platform) => `-platform=${platform}`),
        '-no-color',
      ],
      config,
      env,
    );
    expect(locked.stderr).toBe('');
    expect(locked.code).toBe(0);
    const lock = fs.readFileSync(path.join(config, '.terraform.lock.hcl'), 'utf8');
    for (const platform of PLATFORMS) {
      const zip = fs.readFileSync(path.join(dist, archiveName(VERSION, platform)));
      expect(lock).toContain(`"${packageHashV1(unzip(zip))}"`);
      expect(zipHash(zip)).toMatch(/^zh:[0-9a-f]{64}$/);
    }
  });

  withQemu('linux_arm64: the executable handshakes under qemu-user', async () => {
    const exe = path.join(work, 'arm64', executableName(VERSION));
    fs.mkdirSync(path.dirname(exe), { recursive: true });
    fs.writeFileSync(
      exe,
      unzip(fs.readFileSync(path.join(dist, archiveName(VERSION, 'linux_arm64'))))[0].content,
      { mode: 0o755 },
    );
    const line = await new Promise<string>((resolve, reject) => {
      const child = spawn(QEMU, ['-L', ARM64_SYSROOT, exe], {
        env: {
          PATH: '/nonexistent',
          HOME: work,
          [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
          PLUGIN_PROTOCOL_VERSIONS: '6',
          PLUGIN_CLIENT_CERT: createPluginCertificate().certificatePem,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('\n')) child.kill('SIGTERM');
      });
      child.on('error', reject);
      child.on('close', () => {
        clearTimeout(timer);
        if (stdout.includes('\n')) resolve(stdout.split('\n')[0]);
        else reject(new Error(`no handshake: ${stderr}`));
      });
    });
    expect(line).toMatch(/^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|[A-Za-z0-9+/=_-]+$/);
  });
});
