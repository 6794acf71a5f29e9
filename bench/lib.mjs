// Small helpers shared by the benchmarks: timing child processes and summarising runs.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs a command to completion and returns its wall time in ms, stdout, stderr and exit code. */
export function timeProcess(command, args, { input, env } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env: env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, code, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

/**
 * Measures several commands interleaved (so drift affects all alike) and returns their median times.
 * `cases` maps a name to a function returning a promise of { ms, code }.
 */
export async function interleaved(cases, runs) {
  const times = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, run] of Object.entries(cases)) {
      const result = await run();
      if (result.code !== 0) throw new Error(`${name} exited ${result.code}: ${result.stderr}`);
      times[name].push(result.ms);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([name, values]) => [name, median(values)]));
}

export const fmt = (ms) => `${ms.toFixed(1)} ms`;
export const ratio = (a, b) => `${(a / b).toFixed(2)}x`;

/** Spawn to the go-plugin handshake line of a provider, then stop it (it serves until told to). */
export function timeHandshake(command, args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (!stdout.includes('\n')) return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      child.kill('SIGTERM');
      child.once('close', () => resolve({ ms, code: /^1\|6\|tcp\|/.test(stdout) ? 0 : 1, stderr: stdout }));
    });
    child.on('error', reject);
  });
}

/** `terraform init` in each folder, which must succeed. */
export function terraformInit(dirs, env) {
  for (const dir of dirs) {
    const init = spawnSync('terraform', ['init', '-input=false'], { cwd: dir, env, encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`terraform init failed: ${init.stderr}`);
  }
}

/** A timed `terraform plan` in a folder, for `interleaved`. */
export function timePlan(dir, env) {
  return () =>
    new Promise((resolve) => {
      const started = process.hrtime.bigint();
      const child = spawn('terraform', ['plan', '-input=false', '-lock=false'], { cwd: dir, env });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) =>
        resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, code, stderr }),
      );
    });
}

/** A working directory with `main.tf` and one provider file, for linux_amd64, in its implied local mirror. */
export function stackDir(provider, version, config) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-bench-tf-'));
  const mirror = path.join(
    dir,
    'terraform.d/plugins/terraform.local/taskgate/taskgate',
    version,
    'linux_amd64',
  );
  const file = path.join(mirror, `terraform-provider-taskgate_v${version}`);
  fs.mkdirSync(mirror, { recursive: true });
  fs.copyFileSync(provider, file);
  fs.chmodSync(file, 0o755);
  fs.writeFileSync(path.join(dir, 'main.tf'), config);
  return dir;
}
