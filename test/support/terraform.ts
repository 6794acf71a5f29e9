import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { childEnv, findSecret } from './emulator';
import { CHILD_LIMIT_MS, formatLimit, trackChild } from './children';

/**
 * The backstop for one test that drives real terraform or npm through several steps, each bounded
 * by `runProgram`: only a hang reaches it, however busy the machine.
 */
export const REAL_PROGRAMS_TEST_TIMEOUT_MS = 20 * 60_000;

export interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a program with no shell, like Terraform does, feeding `input` on stdin. Bounded by `timeoutMs`
 * (a backstop against a hang, CHILD_LIMIT_MS unless a step is known to take longer): a child that
 * reaches it is killed and the test fails naming the child and the limit.
 */
export function runProgram(
  argv: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; input?: string; timeoutMs?: number },
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const limitMs = options.timeoutMs ?? CHILD_LIMIT_MS;
    const child = spawn(argv[0], argv.slice(1), { cwd: options.cwd, env: options.env, shell: false });
    const running = trackChild(child, argv);
    let stdout = '';
    let stderr = '';
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => {
      clearTimeout(timer);
      running.end();
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      running.end();
      if (hung) {
        const tail = findSecret(stderr)
          ? '(withheld: it holds a credential)'
          : stderr.slice(-2000) || '(none)';
        reject(
          new Error(`${running.name} was killed after ${formatLimit(limitMs)}, a hang; its stderr: ${tail}`),
        );
        return;
      }
      // Every program a test runs (CLI, terraform) is scanned: a credential in any output fails the test.
      const found = findSecret(stdout) ?? findSecret(stderr);
      if (found) {
        reject(new Error(`${found} appeared in the output of ${argv.slice(0, 3).join(' ')}`));
        return;
      }
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** The synthesized Terraform JSON of a stack folder. */
export function readStack(stackDir: string): Record<string, any> {
  return JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
}

/**
 * Runs a synthesized `data "external"` block exactly as Terraform's external provider does: the
 * program argv without a shell, the stack folder as working directory, the query as a JSON object of
 * strings on stdin. Returns the parsed result (which must be a flat object of strings) or the failure.
 */
export async function runExternalDataSource(
  stackDir: string,
  dataSource: { program: string[]; query?: Record<string, string>; working_dir?: string },
  env: NodeJS.ProcessEnv,
): Promise<{ result?: Record<string, string>; error?: string; raw: ProcessResult }> {
  const cwd = dataSource.working_dir ? path.resolve(stackDir, dataSource.working_dir) : stackDir;
  const raw = await runProgram(dataSource.program, {
    cwd,
    env,
    input: JSON.stringify(dataSource.query ?? {}),
  });
  if (raw.code !== 0) return { error: raw.stderr.trim(), raw };
  const parsed: unknown = JSON.parse(raw.stdout);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`the program did not print a JSON object: ${raw.stdout}`);
  }
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== 'string')
      throw new Error(`result key ${key} is not a string, as Terraform requires`);
  }
  return { result: parsed as Record<string, string>, raw };
}

/** `terraform init` then `terraform apply -auto-approve` in a synthesized stack folder, offline. */
export async function terraformApply(stackDir: string, env: NodeJS.ProcessEnv): Promise<ProcessResult> {
  const tfEnv = { ...env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_INPUT: '0' };
  const init = await runProgram(['terraform', 'init', '-input=false', '-no-color'], {
    cwd: stackDir,
    env: tfEnv,
  });
  if (init.code !== 0) return init;
  const applied = await runProgram(['terraform', 'apply', '-auto-approve', '-input=false', '-no-color'], {
    cwd: stackDir,
    env: tfEnv,
  });
  // The state Terraform wrote is scanned too.
  const state = path.join(stackDir, 'terraform.tfstate');
  if (fs.existsSync(state)) {
    const text = fs.readFileSync(state, 'utf8');
    const found = findSecret(text);
    if (found) throw new Error(`${found} appeared in the state`);
  }
  return applied;
}

/** The package's version: the provider's, as Terraform's required_providers names it. */
export const PACKAGE_VERSION: string = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8'),
).version;
/** The bundled provider, as the launcher Terraform starts. */
export const PROVIDER_BUNDLE = path.join(__dirname, '../../lib/terraform-provider-taskgate.js');
const PLATFORM = `${os.platform()}_${os.arch() === 'x64' ? 'amd64' : os.arch()}`;

/**
 * A fresh working directory with the bundled provider in its implied local mirror (found with no
 * download), an empty CLI configuration, and main.tf pointing the provider at `endpoint`.
 */
export function providerWorkdir(endpoint: string, configuration: string): string {
  if (!fs.existsSync(PROVIDER_BUNDLE))
    throw new Error(`${PROVIDER_BUNDLE} is missing: run npm run build first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-provider-'));
  const mirror = path.join(
    dir,
    'terraform.d/plugins/terraform.local/taskgate/taskgate',
    PACKAGE_VERSION,
    PLATFORM,
  );
  fs.mkdirSync(mirror, { recursive: true });
  const plugin = path.join(mirror, `terraform-provider-taskgate_v${PACKAGE_VERSION}`);
  fs.copyFileSync(PROVIDER_BUNDLE, plugin);
  fs.chmodSync(plugin, 0o755);
  fs.writeFileSync(path.join(dir, 'cli.tfrc'), '');
  writeProviderConfiguration(dir, endpoint, configuration);
  return dir;
}

/** Writes main.tf: the provider's requirement and block (pointing at `endpoint`), then `configuration`. */
export function writeProviderConfiguration(dir: string, endpoint: string, configuration: string): void {
  const header = `
terraform {
  required_providers {
    taskgate = {
      source  = "terraform.local/taskgate/taskgate"
      version = "${PACKAGE_VERSION}"
    }
  }
}

provider "taskgate" {
  endpoint = "${endpoint}"
}
`;
  fs.writeFileSync(path.join(dir, 'main.tf'), `${header}\n${configuration}\n`);
}

/** The environment of terraform in a `providerWorkdir`: the child's, offline, no user settings. */
export function providerTerraformEnv(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return childEnv({
    // An empty CLI configuration: no user settings, no plugin cache; the mirror is the working directory's.
    TF_CLI_CONFIG_FILE: path.join(dir, 'cli.tfrc'),
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    TF_INPUT: '0',
    TF_LOG: '',
    TF_LOG_PROVIDER: '',
    ...extra,
  });
}
