import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { RunningEmulator } from '../../src/emulator';
import { CHILD_LIMIT_MS, formatLimit } from '../support/children';
import { CLI, cliProcess } from '../support/cli';
import { childEnv, expectNoSecrets, testEmulator, trustEmulator } from '../support/emulator';
import {
  ProcessResult,
  REAL_PROGRAMS_TEST_TIMEOUT_MS,
  providerTerraformEnv,
  providerWorkdir,
  runProgram,
} from '../support/terraform';
import { needs } from '../support/tools';

/**
 * HTTPS on every surface: each program a user or Terraform runs (the CLI bundle and the provider's,
 * through its launcher) reads from an HTTPS emulator whose authority it trusts only through
 * NODE_EXTRA_CA_CERTS, and refuses one it does not trust, whatever NODE_TLS_REJECT_UNAUTHORIZED says.
 */

jest.setTimeout(REAL_PROGRAMS_TEST_TIMEOUT_MS);

let emulator: RunningEmulator;
const dirs: string[] = [];
const children = new Set<ChildProcessWithoutNullStreams>();
afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
beforeAll(async () => {
  if (!fs.existsSync(CLI)) throw new Error('lib/taskgate.js is missing: run "npm run build" (npm test does)');
  emulator = await testEmulator({ tls: true });
});
afterAll(async () => {
  await emulator.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => emulator.reset());

const redisTask = (extra: Record<string, unknown> = {}) => ({
  api: 'tencent-redis' as const,
  id: '901',
  type: 'FLOW_BACKUPINSTANCE',
  instanceId: 'crs-tls',
  start: '-1s',
  runningFor: '3s',
  ...extra,
});

/** The bundled CLI against the HTTPS emulator, trusting its authority unless `env` says otherwise. */
const cli = (args: string[], options: { env?: Record<string, string | undefined>; input?: string } = {}) =>
  cliProcess(args, {
    input: options.input,
    env: { TASKGATE_ENDPOINT: emulator.url, ...trustEmulator(emulator), ...options.env },
  });

/** The one line of a failure, after checking it is the only one. */
function onlyLine(result: ProcessResult): string {
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  return lines[0];
}

describe('the in-process emulator with tls', () => {
  it('serves https from an authority whose PEM sits alone in a private directory, removed on close', async () => {
    const own = await testEmulator({ tls: true });
    const ca = own.ca as { pem: string; path: string };
    try {
      expect(own.url).toBe(`https://127.0.0.1:${own.port}`);
      expect(ca.pem).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/);
      expect(fs.readFileSync(ca.path, 'utf8')).toBe(ca.pem);
      expect(fs.statSync(path.dirname(ca.path)).mode & 0o777).toBe(0o700);
      expect(fs.readdirSync(path.dirname(ca.path))).toEqual(['ca.pem']);
      // A throwaway authority: another emulator makes another.
      expect(ca.pem).not.toBe(emulator.ca?.pem);
    } finally {
      await own.close();
    }
    expect(fs.existsSync(path.dirname(ca.path))).toBe(false);
  });

  it('its certificate, signed by the authority, holds for 127.0.0.1, localhost and ::1 and nothing else', async () => {
    const authority = new X509Certificate((emulator.ca as { pem: string }).pem);
    expect(authority.ca).toBe(true);
    const leafFor = (servername?: string) =>
      new Promise<X509Certificate>((resolve, reject) => {
        const socket = tls.connect(
          {
            host: '127.0.0.1',
            port: emulator.port,
            servername,
            ca: [authority.toString()],
            rejectUnauthorized: true,
          },
          () => {
            const leaf = socket.getPeerX509Certificate();
            socket.destroy();
            if (leaf) resolve(leaf);
            else reject(new Error('no peer certificate'));
          },
        );
        socket.on('error', reject);
      });
    // Node checks the name it connects to: the address, then localhost by SNI.
    const leaf = await leafFor();
    await leafFor('localhost');
    await expect(leafFor('tasks.example.com')).rejects.toThrow(/altnames/);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(authority)).toBe(true);
    expect(leaf.verify(authority.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(leaf.checkIP('::1')).toBe('::1');
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
  });
});

describe('every shipped bundle reads over HTTPS', () => {
  it('the CLI bundle: list, wait and check', async () => {
    emulator.load({ clock: { freeze: true, step: '1s' }, tasks: [redisTask()] });
    const query = ['--api', 'tencent-redis', '--instance-id', 'crs-tls'];
    const listed = await cli(['list', ...query]);
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject({ total: 1, tasks: [{ id: '901', status: 'running' }] });

    const waited = await cli(['wait', ...query, '--poll-interval', '50ms', '--timeout', '1m']);
    expect(waited.code).toBe(0);
    expect(JSON.parse(waited.stdout)).toMatchObject({
      condition_met: true,
      tasks: [{ id: '901', status: 'succeeded' }],
    });

    const checked = await cli(['check', ...query, '--expect', 'succeeded']);
    expect(checked.code).toBe(0);
    expect(JSON.parse(checked.stdout)).toMatchObject({ condition_met: true });
    expect(emulator.requests().every((entry) => entry.status === 200)).toBe(true);
  });

  it('the CLI bundle: external, as Terraform runs it', async () => {
    emulator.load({ tasks: [redisTask({ start: '-1h' })] });
    const result = await cli(['external'], {
      input: JSON.stringify({ api: 'tencent-redis', instance_id: 'crs-tls', expect: 'succeeded' }),
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ condition_met: 'true', task_id: '901' });
  });

  it("the CLI bundle: a credential chain's STS call goes over HTTPS too", async () => {
    const role = 'qcs::cam::uin/100000000001:roleName/taskgate-tls';
    emulator.load({ identity: { tencent: { roles: [role] } }, tasks: [redisTask({ start: '-1h' })] });
    const result = await cli(['check', '--api', 'tencent-redis', '--instance-id', 'crs-tls'], {
      env: { TENCENTCLOUD_ASSUME_ROLE_ARN: role, TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: 'tls' },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const log = emulator.requests().map((entry) => `${entry.action} ${entry.outcome}`);
    expect(log).toEqual(['tencent-sts AssumeRole ok', 'DescribeTaskList ok']);
  });

  needs('terraform', 'the provider bundle under terraform plan over HTTPS').it(
    'the provider bundle, through its launcher, under terraform plan',
    async () => {
      emulator.load({ tasks: [redisTask({ start: '-1h' })] });
      const dir = providerWorkdir(
        emulator.url,
        `
data "taskgate_tasks" "backup" {
  api         = "tencent-redis"
  instance_id = "crs-tls"
  expect      = "succeeded"
}

output "met" {
  value = data.taskgate_tasks.backup.condition_met
}
`,
      );
      dirs.push(dir);
      const terraform = (args: string[]) =>
        runProgram(['terraform', ...args, '-input=false', '-no-color'], {
          cwd: dir,
          env: providerTerraformEnv(dir, trustEmulator(emulator)),
        });
      expect((await terraform(['init'])).code).toBe(0);
      const planned = await terraform(['plan']);
      expect(planned.stderr).toBe('');
      expect(planned.code).toBe(0);
      expect(planned.stdout).toMatch(/met\s+= true/);
      expect(emulator.requests().map((entry) => `${entry.action} ${entry.outcome}`)).toEqual([
        'DescribeTaskList ok',
      ]);
    },
  );
});

/** A loopback TCP relay to the emulator that counts the connections made through it. */
async function countingRelay(
  target: number,
): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let count = 0;
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = net.createServer((incoming) => {
    count += 1;
    const outgoing = net.connect(target, '127.0.0.1');
    track(incoming);
    track(outgoing);
    incoming.pipe(outgoing).pipe(incoming);
    incoming.on('close', () => outgoing.destroy());
    outgoing.on('close', () => incoming.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}

describe('certificate checks stay on', () => {
  it.each([
    ['without NODE_EXTRA_CA_CERTS', {}],
    ['with NODE_TLS_REJECT_UNAUTHORIZED=0', { NODE_TLS_REJECT_UNAUTHORIZED: '0' }],
  ])(
    '%s, an authority of its own is refused: exit 4, one line naming verification, one connection',
    async (_, env) => {
      emulator.load({ tasks: [redisTask({ start: '-1h' })] });
      const relay = await countingRelay(emulator.port);
      try {
        const result = await cli(['list', '--api', 'tencent-redis', '--instance-id', 'crs-tls'], {
          env: {
            TASKGATE_ENDPOINT: `https://127.0.0.1:${relay.port}`,
            NODE_EXTRA_CA_CERTS: undefined,
            ...env,
          },
        });
        expect(result.code).toBe(4);
        expect(result.stdout).toBe('');
        expect(onlyLine(result)).toMatch(
          /^taskgate: POST 127\.0\.0\.1:\d+ failed TLS certificate verification \(SELF_SIGNED_CERT_IN_CHAIN\); .*NODE_EXTRA_CA_CERTS/,
        );
        // Never retried: one connection, and no request ever reached the API.
        expect(relay.connections()).toBe(1);
        expect(emulator.requests()).toEqual([]);
      } finally {
        await relay.close();
      }
    },
  );

  it.each([
    ['--endpoint', (url: string) => ({ args: ['--endpoint', url], env: {} })],
    ['TASKGATE_ENDPOINT', (url: string) => ({ args: [], env: { TASKGATE_ENDPOINT: url } })],
  ])(
    'plain http to a host that is not loopback (%s) stays exit 2, before any connection',
    async (name, given) => {
      const { args, env } = given('http://tasks.example.com:8080');
      const result = await cli(['list', '--api', 'tencent-redis', '--instance-id', 'crs-tls', ...args], {
        env,
      });
      expect(result.code).toBe(2);
      expect(onlyLine(result)).toMatch(/plain http to a non-loopback host; use https:\/\//);
      expect(onlyLine(result)).toContain(name === '--endpoint' ? '--endpoint' : 'TASKGATE_ENDPOINT');
      expect(emulator.requests()).toEqual([]);
    },
  );
});

/** `taskgate emulator --tls` as users run it: the address, then the authority's file. */
async function startTlsCli(args: string[]): Promise<{
  url: string;
  ca: string;
  child: ChildProcessWithoutNullStreams;
  exited: Promise<number | null>;
}> {
  const child = spawn(process.execPath, [CLI, 'emulator', '--tls', '--quiet', ...args], { env: childEnv() });
  children.add(child);
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = await new Promise<string[]>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no address within ${formatLimit(CHILD_LIMIT_MS)}; stderr: ${stderr}`)),
      CHILD_LIMIT_MS,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const complete = stdout.split('\n').slice(0, -1);
      if (complete.length >= 2) {
        clearTimeout(timer);
        resolve(complete);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the emulator ended before listening; stderr: ${stderr}`));
    });
  });
  expect(lines[0]).toMatch(/^listening on https:\/\/127\.0\.0\.1:\d+$/);
  expect(lines[1]).toMatch(/^ca-certificate \/.+\.pem$/);
  return {
    url: lines[0].slice('listening on '.length),
    ca: lines[1].slice('ca-certificate '.length),
    child,
    exited,
  };
}
describe('taskgate emulator --tls', () => {
  it('prints its https address and the authority file, serves the CLI that trusts it, and removes the file on SIGTERM', async () => {
    const scenarioDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-tls-scenario-'));
    dirs.push(scenarioDir);
    const scenario = path.join(scenarioDir, 'scenario.json');
    fs.writeFileSync(scenario, JSON.stringify({ tasks: [redisTask({ start: '-1h' })] }));
    const started = await startTlsCli(['--scenario', scenario]);
    expect(fs.statSync(path.dirname(started.ca)).mode & 0o777).toBe(0o700);
    expect(fs.readFileSync(started.ca, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----\n/);

    const query = ['--api', 'tencent-redis', '--instance-id', 'crs-tls', '--endpoint', started.url];
    const checked = await cliProcess(['check', ...query], { env: { NODE_EXTRA_CA_CERTS: started.ca } });
    expect(checked.stderr).toBe('');
    expect(checked.code).toBe(0);
    expect(JSON.parse(checked.stdout)).toMatchObject({ condition_met: true, tasks: [{ id: '901' }] });
    const untrusted = await cliProcess(['check', ...query]);
    expect(untrusted.code).toBe(4);
    expect(onlyLine(untrusted)).toContain('failed TLS certificate verification');
    expectNoSecrets(checked.stdout, checked.stderr, untrusted.stderr);

    const timer = setTimeout(() => started.child.kill('SIGKILL'), CHILD_LIMIT_MS);
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(130);
    clearTimeout(timer);
    expect(fs.existsSync(path.dirname(started.ca))).toBe(false);
  });

  it('a port in use: exit 2 with one line, and the authority made for it is removed', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-tls-tmp-'));
    dirs.push(tmp);
    try {
      const port = (taken.address() as net.AddressInfo).port;
      const result = await runProgram([process.execPath, CLI, 'emulator', '--tls', '--port', String(port)], {
        cwd: tmp,
        // The authority's directory is made under TMPDIR: this one is the test's own.
        env: childEnv({ TMPDIR: tmp }),
      });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(onlyLine(result)).toMatch(new RegExp(`^taskgate: port ${port} is in use `));
      expect(fs.readdirSync(tmp)).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });

  it('--tls belongs to the emulator: elsewhere it is exit 2 naming it', async () => {
    const result = await cli(['list', '--api', 'tencent-redis', '--instance-id', 'crs-tls', '--tls']);
    expect(result.code).toBe(2);
    expect(onlyLine(result)).toBe('taskgate: --tls is not an option of "list"; see "taskgate list --help".');
  });
});
