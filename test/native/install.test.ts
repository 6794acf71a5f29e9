import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  archiveName,
  executableName,
  nativePackageName,
  terraformPlatform,
  zipOne,
} from '../../src/native-provider';
import { childEnv } from '../support/emulator';
import { ProcessResult, runProgram } from '../support/terraform';

/**
 * `taskgate provider install --native` with the per-platform packages as npm lays them out (the
 * real executable under terraform: test/native/executable.test.ts).
 */

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'lib/taskgate.js');
const VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-native-install-'));
  dirs.push(dir);
  return dir;
}

/** Puts a build's package into the project's node_modules, holding `zip` as its archive. */
function installPackage(dir: string, build: string, zip: Buffer): void {
  const folder = path.join(dir, 'node_modules', nativePackageName(build));
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(
    path.join(folder, 'package.json'),
    JSON.stringify({ name: nativePackageName(build), version: VERSION }),
  );
  fs.writeFileSync(path.join(folder, archiveName(VERSION, terraformPlatform(build))), zip);
}

const taskgate = (cwd: string, args: string[]) =>
  runProgram([process.execPath, CLI, ...args], { cwd, env: childEnv(), timeoutMs: 30_000 });

function usageError(result: ProcessResult): string {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  return lines[0];
}

beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error('lib/taskgate.js is missing: run "npm run build" (npm test does)');
});

describe('taskgate provider install --native', () => {
  it('installs each platform from its package, where Terraform finds it, executable', async () => {
    const dir = project();
    const builds = { darwin_arm64: 'darwin arm64 build', linux_arm64: 'linux arm64 build' };
    for (const [platform, content] of Object.entries(builds)) {
      installPackage(dir, platform, zipOne(executableName(VERSION), Buffer.from(content)));
    }
    const result = await taskgate(dir, [
      'provider',
      'install',
      '--native',
      '--platform',
      'darwin_arm64,linux_arm64',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('source  = "terraform.local/taskgate/taskgate"');
    for (const [platform, content] of Object.entries(builds)) {
      const file = path.join(
        dir,
        'terraform.d/plugins/terraform.local/taskgate/taskgate',
        VERSION,
        platform,
        executableName(VERSION),
      );
      expect(fs.readFileSync(file, 'utf8')).toBe(content);
      expect(fs.statSync(file).mode & 0o777).toBe(0o755);
      expect(result.stderr).toContain(
        `installed terraform.d/plugins/terraform.local/taskgate/taskgate/${VERSION}/${platform}/`,
      );
    }
  });

  it('the Alpine builds (`_musl`) install under their Terraform platform; two builds of one platform are refused', async () => {
    const dir = project();
    installPackage(dir, 'linux_amd64_musl', zipOne(executableName(VERSION), Buffer.from('musl build')));
    expect(nativePackageName('linux_amd64_musl')).toBe('taskgate-provider-linux-amd64-musl');
    const result = await taskgate(dir, ['provider', 'install', '--native', '--platform', 'linux_amd64_musl']);
    expect(result.code).toBe(0);
    const file = path.join(
      dir,
      'terraform.d/plugins/terraform.local/taskgate/taskgate',
      VERSION,
      'linux_amd64',
      executableName(VERSION),
    );
    expect(fs.readFileSync(file, 'utf8')).toBe('musl build');
    expect(
      usageError(
        await taskgate(dir, [
          'provider',
          'install',
          '--native',
          '--platform',
          'linux_amd64,linux_amd64_musl',
        ]),
      ),
    ).toBe(
      'taskgate: --platform linux_amd64 and linux_amd64_musl both install as linux_amd64; give one of them.',
    );
    expect(usageError(await taskgate(dir, ['provider', 'install', '--platform', 'linux_amd64_musl']))).toBe(
      'taskgate: --platform "linux_amd64_musl" is not supported without --native (did you mean linux_amd64?); use linux_amd64, linux_arm64, darwin_amd64 or darwin_arm64.',
    );
  });

  it('a platform whose package is not installed: exit 2, one line saying what to install, nothing written', async () => {
    const dir = project();
    installPackage(dir, 'linux_arm64', zipOne(executableName(VERSION), Buffer.from('arm64')));
    expect(
      usageError(
        await taskgate(dir, ['provider', 'install', '--native', '--platform', 'linux_arm64,darwin_amd64']),
      ),
    ).toBe(
      `taskgate: the native provider for darwin_amd64 is not installed: run "npm install --save-dev taskgate-provider-darwin-amd64@${VERSION}" in this project (--native).`,
    );
    expect(fs.existsSync(path.join(dir, 'terraform.d'))).toBe(false);
  });

  it('a package whose zip is damaged or holds another file: exit 2, naming the package to reinstall', async () => {
    const dir = project();
    const zip = zipOne(executableName(VERSION), Buffer.from('linux build'));
    installPackage(dir, 'linux_amd64', zip.subarray(0, zip.length - 30));
    expect(
      usageError(await taskgate(dir, ['provider', 'install', '--native', '--platform', 'linux_amd64'])),
    ).toMatch(/is not a usable provider zip \(.+\); reinstall taskgate-provider-linux-amd64\.$/);
    installPackage(dir, 'linux_amd64', zipOne('terraform-provider-other_v1.0.0', Buffer.from('other')));
    expect(
      usageError(await taskgate(dir, ['provider', 'install', '--native', '--platform', 'linux_amd64'])),
    ).toMatch(
      new RegExp(
        `holds no terraform-provider-taskgate_v${VERSION.replace(/\./g, '\\.')}; reinstall taskgate-provider-linux-amd64\\.$`,
      ),
    );
  });

  it('--native belongs to provider install only', async () => {
    expect(usageError(await taskgate(project(), ['list', '--api', 'tencent-redis', '--native']))).toBe(
      'taskgate: --native is not an option of "list"; see "taskgate list --help".',
    );
  });
});
