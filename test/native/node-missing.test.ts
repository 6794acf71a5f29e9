import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runProgram } from '../support/terraform';
import { needs } from '../support/tools';

/**
 * The JavaScript provider where `node` is missing or too old: Terraform shows only a plugin's first
 * stdout line, so that line names node and the way out, instead of Terraform's bare "not compiled
 * for this architecture".
 */

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '../..');
const BUNDLE = path.join(ROOT, 'lib/terraform-provider-taskgate.js');
const VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
const TERRAFORM = spawnSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8' }).stdout.trim();
const PLATFORM = `${os.platform()}_${os.arch() === 'x64' ? 'amd64' : os.arch()}`;

const withTerraform = needs('terraform', 'the provider-without-node tests').describe;

let work: string;
beforeAll(() => {
  if (!fs.existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run build first`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-no-node-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A configuration with the JavaScript provider in its mirror, and a PATH folder holding terraform. */
function setUp(): { dir: string; bin: string } {
  const dir = fs.mkdtempSync(path.join(work, 'config-'));
  const mirror = path.join(dir, 'terraform.d/plugins/terraform.local/taskgate/taskgate', VERSION, PLATFORM);
  fs.mkdirSync(mirror, { recursive: true });
  fs.copyFileSync(BUNDLE, path.join(mirror, `terraform-provider-taskgate_v${VERSION}`));
  fs.chmodSync(path.join(mirror, `terraform-provider-taskgate_v${VERSION}`), 0o755);
  fs.writeFileSync(
    path.join(dir, 'main.tf'),
    `terraform {
  required_providers {
    taskgate = { source = "terraform.local/taskgate/taskgate", version = "${VERSION}" }
  }
}
data "taskgate_tasks" "backup" {
  api = "tencent-redis"
}
`,
  );
  fs.writeFileSync(path.join(dir, 'cli.tfrc'), '');
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.symlinkSync(TERRAFORM, path.join(bin, 'terraform'));
  return { dir, bin };
}

/** `terraform init`, then `terraform validate` (which starts the provider), with PATH the folder alone. */
async function validate(dir: string, bin: string): Promise<string> {
  const env = {
    PATH: bin,
    HOME: dir,
    TF_CLI_CONFIG_FILE: path.join(dir, 'cli.tfrc'),
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
  };
  const init = await runProgram(['terraform', 'init', '-input=false', '-no-color'], { cwd: dir, env });
  expect(init.code).toBe(0);
  const validated = await runProgram(['terraform', 'validate', '-no-color'], { cwd: dir, env });
  expect(validated.code).toBe(1);
  // Terraform wraps diagnostics at 78 columns.
  return validated.stderr.replace(/\s+/g, ' ');
}

const WAY_OUT =
  'install Node.js 20+, or use the self-contained provider, which needs no node ' +
  '(taskgate provider install --native, or the taskgate:nativeProvider setting of the constructs).';

withTerraform('the JavaScript provider without a usable node', () => {
  it('no node on PATH: Terraform says the provider needs node and how to do without', async () => {
    const { dir, bin } = setUp();
    const text = await validate(dir, bin);
    expect(text).toContain(
      `terraform-provider-taskgate needs node (Node.js 20 or later) on PATH and found none: ${WAY_OUT}`,
    );
  });

  it('a node older than 20 on PATH: Terraform names the version found and the way out', async () => {
    const { dir, bin } = setUp();
    // A node that reports itself as 18, as an old runner image has it.
    const pretend = path.join(dir, 'pretend-18.js');
    fs.writeFileSync(
      pretend,
      "Object.defineProperty(process.versions, 'node', { value: '18.20.4' });\n" +
        "Object.defineProperty(process, 'version', { value: 'v18.20.4' });\n",
    );
    fs.writeFileSync(
      path.join(bin, 'node'),
      `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} --require ${JSON.stringify(pretend)} "$@"\n`,
      { mode: 0o755 },
    );
    const text = await validate(dir, bin);
    expect(text).toContain(
      `terraform-provider-taskgate needs node (Node.js 20 or later) on PATH; the node on PATH is v18.20.4: ${WAY_OUT}`,
    );
  });
});
