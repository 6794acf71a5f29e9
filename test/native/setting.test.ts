import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { TencentRedisTaskList } from '../../src';

/** The constructs' native setting refuses what it cannot honour, at construction, in one sentence. */

const VERSION: string = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8'),
).version;

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
const temporaryDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-setting-'));
  dirs.push(dir);
  return dir;
};

function construct(context: Record<string, unknown>): void {
  const app = new App({ outdir: temporaryDir(), context });
  const stack = new TerraformStack(app, 'setting');
  new TencentRedisTaskList(stack, 'backup', { instanceId: 'crs-1' });
}

describe('the taskgate:nativeProvider setting', () => {
  it('names the setting and the platforms it takes when a platform is unknown', () => {
    expect(() => construct({ 'taskgate:nativeProvider': ['linux_amd64', 'windows_amd64'] })).toThrow(
      /the context taskgate:nativeProvider must list platforms among linux_amd64, linux_arm64, darwin_amd64, darwin_arm64, linux_amd64_musl, linux_arm64_musl, not \["linux_amd64","windows_amd64"\]/,
    );
    expect(() => construct({ 'taskgate:nativeProvider': 42 })).toThrow(/taskgate:nativeProvider must list/);
  });

  it('refuses two builds of one Terraform platform (linux_amd64 and its Alpine build)', () => {
    expect(() => construct({ 'taskgate:nativeProvider': 'linux_amd64,linux_amd64_musl' })).toThrow(
      "the context taskgate:nativeProvider names linux_amd64 and linux_amd64_musl, which are both Terraform's linux_amd64; name one of them.",
    );
  });

  it('says which package to install when a platform named has no executable installed', () => {
    // No taskgate-provider-* package is installed in this repository or the working directory.
    expect(() => construct({ 'taskgate:nativeProvider': 'darwin_arm64' })).toThrow(
      `the context taskgate:nativeProvider names darwin_arm64, whose executable is not installed: run "npm install --save-dev taskgate-provider-darwin-arm64@${VERSION}" in the app's project.`,
    );
  });

  it('without the setting a stack synthesizes as before: the JavaScript provider and no lock file', () => {
    const outdir = temporaryDir();
    const app = new App({ outdir });
    new TencentRedisTaskList(new TerraformStack(app, 'plain'), 'backup', { instanceId: 'crs-1' });
    app.synth();
    const stackDir = path.join(outdir, 'stacks', 'plain');
    expect(fs.existsSync(path.join(stackDir, '.terraform.lock.hcl'))).toBe(false);
    const plugins = path.join(stackDir, 'terraform.d/plugins/terraform.local/taskgate/taskgate', VERSION);
    expect(fs.readdirSync(plugins).sort()).toEqual([
      'darwin_amd64',
      'darwin_arm64',
      'linux_amd64',
      'linux_arm64',
    ]);
  });
});
