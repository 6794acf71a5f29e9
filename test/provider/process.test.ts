import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createPluginCertificate } from '../../src/provider/plugin/certificate';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../../src/provider/plugin/plugin-server';
import { CHILD_LIMIT_MS, formatLimit } from '../support/children';
import { childEnv } from '../support/emulator';
import { runProgram } from '../support/terraform';

/** The bundled executable, as Terraform starts it. */
const BUNDLE = path.join(__dirname, '../../lib/terraform-provider-taskgate.js');

interface Started {
  readonly child: ChildProcessWithoutNullStreams;
  readonly handshake: Promise<string>;
  readonly exited: Promise<number | null>;
  readonly stderr: () => string;
}

function start(env: NodeJS.ProcessEnv): Started {
  if (!fs.existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run build first`);
  const child = spawn(process.execPath, [BUNDLE], { env });
  let stdout = '';
  let stderr = '';
  const handshake = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0]);
    });
    child.on('close', () => reject(new Error(`exited before the handshake: ${stderr}`)));
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, handshake, exited, stderr: () => stderr };
}

const pluginEnv = () =>
  childEnv({
    [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
    PLUGIN_CLIENT_CERT: createPluginCertificate().certificatePem,
    PLUGIN_PROTOCOL_VERSIONS: '5,6',
  });

/** The promise, or a failure naming `what` once the child limit (a hang) passes. */
const within = <T>(promise: Promise<T>, what: string): Promise<T> =>
  Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(
        () => reject(new Error(`the provider's ${what} did not come within ${formatLimit(CHILD_LIMIT_MS)}`)),
        CHILD_LIMIT_MS,
      ).unref(),
    ),
  ]);

describe('terraform-provider-taskgate as a process', () => {
  const started: Started[] = [];
  afterEach(() => {
    for (const { child } of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('run by hand (no magic cookie) says in one line that it is a Terraform plugin, exit 1', async () => {
    const result = await runProgram([process.execPath, BUNDLE], { cwd: __dirname, env: childEnv() });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('is a Terraform plugin');
  });

  it('keeps a V8 code cache of its own in XDG_CACHE_HOME, written once and then only read', async () => {
    const cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-provider-cache-'));
    try {
      const cacheDir = path.join(cacheHome, 'taskgate', 'v8');
      const handshakeWith = async () => {
        const plugin = start({ ...pluginEnv(), XDG_CACHE_HOME: cacheHome });
        started.push(plugin);
        expect(await within(plugin.handshake, 'handshake')).toMatch(/^1\|6\|tcp\|/);
        plugin.child.kill('SIGTERM');
        expect(await within(plugin.exited, 'exit')).toBe(0);
      };
      await handshakeWith();
      const [file] = fs.readdirSync(cacheDir);
      expect(file).toMatch(/^provider-[0-9a-f]{16}-v\d+\.\d+\.\d+-\w+\.bin$/);
      const written = fs.statSync(path.join(cacheDir, file));
      expect(written.mode & 0o777).toBe(0o600);
      expect(fs.statSync(cacheDir).mode & 0o777).toBe(0o700);
      await handshakeWith();
      expect(fs.readdirSync(cacheDir)).toEqual([file]);
      expect(fs.statSync(path.join(cacheDir, file)).mtimeMs).toBe(written.mtimeMs);
    } finally {
      fs.rmSync(cacheHome, { recursive: true, force: true });
    }
  });

  it('prints the handshake, ignores SIGINT (Terraform sends StopProvider) and exits 0 on SIGTERM', async () => {
    const plugin = start(pluginEnv());
    started.push(plugin);
    const line = await within(plugin.handshake, 'handshake');
    expect(line).toMatch(/^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|[A-Za-z0-9+/]+$/);
    plugin.child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(plugin.child.exitCode).toBeNull();
    plugin.child.kill('SIGTERM');
    // An idle plugin has nothing to finish: it exits, or it never would.
    expect(await within(plugin.exited, 'exit')).toBe(0);
    // Every stderr line is an hclog JSON object go-plugin can read.
    for (const text of plugin.stderr().trim().split('\n').filter(Boolean)) {
      expect(Object.keys(JSON.parse(text))).toEqual(
        expect.arrayContaining(['@level', '@message', '@timestamp']),
      );
    }
  });
});
