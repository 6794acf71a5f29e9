import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RunningEmulator } from '../../src/emulator';
import { childEnv, expectNoSecrets, testEmulator } from '../support/emulator';
import { ProcessResult, runProgram } from '../support/terraform';
import { needs } from '../support/tools';

/** `taskgate provider install`, run as users run it: `node lib/taskgate.js` in a child process. */

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'lib/taskgate.js');
const PROVIDER = path.join(ROOT, 'lib/terraform-provider-taskgate.js');
const VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
const PLATFORM = `${os.platform()}_${os.arch() === 'x64' ? 'amd64' : os.arch()}`;
const BLOCK = `terraform {
  required_providers {
    taskgate = {
      source  = "terraform.local/taskgate/taskgate"
      version = "${VERSION}"
    }
  }
}
`;

const dirs: string[] = [];
function temporaryDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-install-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

beforeAll(() => {
  if (!fs.existsSync(CLI) || !fs.existsSync(PROVIDER)) {
    throw new Error('lib/ is missing its bundles: run "npm run build" (npm test does)');
  }
});

function install(cwd: string, args: string[] = [], cli = CLI): Promise<ProcessResult> {
  return runProgram([process.execPath, cli, 'provider', ...args], {
    cwd,
    env: childEnv(),
  });
}

/** Where the provider of one platform goes under a plugin folder. */
const pluginFile = (dir: string, platform: string) =>
  path.join(
    dir,
    'terraform.local/taskgate/taskgate',
    VERSION,
    platform,
    `terraform-provider-taskgate_v${VERSION}`,
  );

/** A usage error: exit 2, nothing on stdout, exactly one line on stderr. */
function usageError(result: ProcessResult): string {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^taskgate: /);
  return lines[0];
}

describe('taskgate provider install', () => {
  it('writes the provider for this machine into ./terraform.d/plugins and prints the block to paste', async () => {
    const cwd = temporaryDir();
    const result = await install(cwd, ['install']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(BLOCK);
    const relative = pluginFile('terraform.d/plugins', PLATFORM);
    expect(result.stderr).toBe(`installed ${relative}\n`);
    const file = path.join(cwd, relative);
    expect(fs.readFileSync(file).equals(fs.readFileSync(PROVIDER))).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o755);
    // Nothing else: no temporary file left beside it.
    expect(fs.readdirSync(path.dirname(file))).toEqual([path.basename(file)]);
  });

  it('writes under --dir, once per --platform (repeatable or comma-separated)', async () => {
    const cwd = temporaryDir();
    const dir = path.join(cwd, 'mirror', 'plugins');
    const result = await install(cwd, [
      'install',
      '--dir',
      dir,
      '--platform',
      'linux_amd64,darwin_arm64',
      '--platform=linux_arm64',
      '--platform',
      'darwin_amd64',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(BLOCK);
    const platforms = ['linux_amd64', 'darwin_arm64', 'linux_arm64', 'darwin_amd64'];
    expect(result.stderr).toBe(
      platforms.map((platform) => `installed ${pluginFile(dir, platform)}\n`).join(''),
    );
    for (const platform of platforms) {
      expect(fs.statSync(pluginFile(dir, platform)).mode & 0o777).toBe(0o755);
    }
    expect(fs.readdirSync(path.join(dir, 'terraform.local/taskgate/taskgate', VERSION)).sort()).toEqual(
      [...platforms].sort(),
    );
  });

  it('installing twice gives the same files and output', async () => {
    const cwd = temporaryDir();
    const first = await install(cwd, ['install', '--platform', 'linux_amd64']);
    const file = pluginFile(path.join(cwd, 'terraform.d/plugins'), 'linux_amd64');
    fs.chmodSync(file, 0o600);
    const second = await install(cwd, ['install', '--platform', 'linux_amd64']);
    expect(second).toEqual(first);
    expect(second.code).toBe(0);
    expect(fs.statSync(file).mode & 0o777).toBe(0o755);
    expect(fs.readFileSync(file).equals(fs.readFileSync(PROVIDER))).toBe(true);
    expect(fs.readdirSync(path.dirname(file))).toEqual([path.basename(file)]);
  });

  it('refuses a platform the provider does not run on, naming --platform, and writes nothing', async () => {
    const cwd = temporaryDir();
    const line = usageError(
      await install(cwd, ['install', '--platform', 'linux_amd64', '--platform', 'windows_amd64']),
    );
    expect(line).toBe(
      'taskgate: --platform "windows_amd64" is not supported; use linux_amd64, linux_arm64, darwin_amd64 or darwin_arm64.',
    );
    expect(usageError(await install(cwd, ['install', '--platform', 'darwin-arm64']))).toContain(
      '(did you mean darwin_arm64?)',
    );
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it('refuses a folder it cannot write, naming --dir', async () => {
    const cwd = temporaryDir();
    fs.writeFileSync(path.join(cwd, 'file'), '');
    expect(usageError(await install(cwd, ['install', '--dir', 'file/plugins']))).toBe(
      'taskgate: cannot write under --dir "file/plugins": a part of the path is a file; give a --dir you can write to.',
    );
    // Under /proc no folder can be made (Node's recursive mkdir would spin there).
    expect(usageError(await install(cwd, ['install', '--dir', '/proc/forbidden']))).toMatch(
      /^taskgate: cannot write under --dir "\/proc\/forbidden": .*; give a --dir you can write to\.$/,
    );
    // The default folder is named as such.
    fs.writeFileSync(path.join(cwd, 'terraform.d'), '');
    expect(usageError(await install(cwd, ['install']))).toMatch(
      /^taskgate: cannot write under --dir "terraform.d\/plugins" \(the default\): /,
    );
  });

  it('refuses a missing or unknown subcommand, extra words and foreign options with one line', async () => {
    const cwd = temporaryDir();
    expect(usageError(await install(cwd, []))).toBe(
      'taskgate: "taskgate provider" needs a subcommand: install (see "taskgate provider --help").',
    );
    expect(usageError(await install(cwd, ['instal']))).toBe(
      'taskgate: unknown subcommand "provider instal" (did you mean install?); use "taskgate provider install".',
    );
    expect(usageError(await install(cwd, ['install', 'now']))).toMatch(
      /^taskgate: unexpected argument "now"/,
    );
    expect(usageError(await install(cwd, ['install', '--api', 'tencent-redis']))).toBe(
      'taskgate: --api is not an option of "provider"; see "taskgate provider --help".',
    );
    expect(usageError(await install(cwd, ['install', '--dir', 'a', '--dir', 'b']))).toBe(
      'taskgate: --dir is given twice; give it once.',
    );
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it('--dir and --platform belong to provider install only', async () => {
    const cwd = temporaryDir();
    const run = (args: string[]) => runProgram([process.execPath, CLI, ...args], { cwd, env: childEnv() });
    expect(usageError(await run(['list', '--api', 'tencent-redis', '--dir', 'x']))).toBe(
      'taskgate: --dir is not an option of "list"; see "taskgate list --help".',
    );
    expect(usageError(await run(['emulator', '--platform', 'linux_amd64']))).toBe(
      'taskgate: --platform is not an option of "emulator"; see "taskgate emulator --help".',
    );
  });

  it('prints its help for provider --help, help provider and provider install --help', async () => {
    const cwd = temporaryDir();
    const outputs = await Promise.all(
      [
        ['provider', '--help'],
        ['help', 'provider'],
        ['provider', 'install', '--help'],
      ].map((args) => runProgram([process.execPath, CLI, ...args], { cwd, env: childEnv() })),
    );
    for (const result of outputs) {
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(
        /^Usage: taskgate provider install \[--native\] \[--dir DIR\] \[--platform OS_ARCH\]\.\.\.\n/,
      );
      expect(result.stdout).toBe(outputs[0].stdout);
    }
    const top = await runProgram([process.execPath, CLI, '--help'], { cwd, env: childEnv() });
    expect(top.stdout).toContain('taskgate provider install [--native] [--dir DIR] [--platform OS_ARCH]...');
  });

  it('says where the provider file was expected when the CLI runs without it', async () => {
    // As in a synthesized stack: the CLI bundle copied alone.
    const cwd = temporaryDir();
    const alone = path.join(cwd, 'taskgate.js');
    fs.copyFileSync(CLI, alone);
    const line = usageError(await install(cwd, ['install'], alone));
    expect(line).toContain(
      `the provider file ${path.join(cwd, 'terraform-provider-taskgate.js')} is missing`,
    );
    expect(fs.existsSync(path.join(cwd, 'terraform.d'))).toBe(false);
  });
});

needs('terraform', 'the installed provider under real terraform').describe(
  'the installed provider under real terraform',
  () => {
    let emulator: RunningEmulator;
    beforeAll(async () => {
      emulator = await testEmulator();
    });
    afterAll(() => emulator?.close());

    it('terraform init finds it with no download, and plan reads tasks through it', async () => {
      emulator.load({
        tasks: [
          {
            api: 'tencent-redis',
            id: '501',
            type: 'FLOW_BACKUPINSTANCE',
            instanceId: 'crs-install',
            start: '-2h',
            runningFor: '10m',
          },
        ],
      });
      const dir = temporaryDir();
      const installed = await install(dir, ['install']);
      expect(installed.code).toBe(0);
      fs.writeFileSync(
        path.join(dir, 'main.tf'),
        `${installed.stdout}
provider "taskgate" {
  endpoint = "${emulator.url}"
}

data "taskgate_tasks" "backup" {
  api         = "tencent-redis"
  instance_id = "crs-install"
  expect      = "succeeded"
}

output "backup_status" {
  value = data.taskgate_tasks.backup.tasks[0].status
}

output "backup_ok" {
  value = data.taskgate_tasks.backup.condition_met
}
`,
      );
      fs.writeFileSync(path.join(dir, 'cli.tfrc'), '');
      const env = childEnv({
        // An empty CLI configuration: no user settings or plugin cache; the mirror is the working directory's.
        TF_CLI_CONFIG_FILE: path.join(dir, 'cli.tfrc'),
        TF_IN_AUTOMATION: '1',
        CHECKPOINT_DISABLE: '1',
        TF_INPUT: '0',
        TF_LOG: '',
        TF_LOG_PROVIDER: '',
      });
      const terraform = (args: string[]) =>
        runProgram(['terraform', ...args, '-no-color'], { cwd: dir, env });
      const init = await terraform(['init', '-input=false']);
      expect(init.stderr).toBe('');
      expect(init.stdout).toContain(`Installing terraform.local/taskgate/taskgate v${VERSION}`);
      expect(init.code).toBe(0);
      const plan = await terraform(['plan', '-input=false']);
      expect(plan.stderr).toBe('');
      expect(plan.code).toBe(0);
      expect(plan.stdout).toMatch(/backup_status\s+= "succeeded"/);
      expect(plan.stdout).toMatch(/backup_ok\s+= true/);
      expect(emulator.requests().length).toBeGreaterThan(0);
      expectNoSecrets(init.stdout, init.stderr, plan.stdout, plan.stderr);
    });
  },
);
