import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Server, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { getApi } from '../../src/apis';
import { describeApi } from '../../src/core/model';
import { Credentials } from '../../src/apis/types';
import { emulatorKeysFromEnv } from '../../src/cli/commands/emulator';
import { CHILD_LIMIT_MS, formatLimit } from '../support/children';
import { TEST_ENV, childEnv } from '../support/emulator';
import { runProgram } from '../support/terraform';

// `taskgate emulator` as users run it: the built CLI (npm run build) in a child process.
const CLI = resolve(__dirname, '../../lib/taskgate.js');
const children = new Set<ChildProcessWithoutNullStreams>();
afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

const run = (args: string[]) =>
  runProgram([process.execPath, CLI, ...args], { cwd: tmpdir(), env: childEnv() });

/** Exit 2 and one line on stderr, no stack trace. */
function expectOneLineRefusal(
  result: { code: number | null; stdout: string; stderr: string },
  pattern: RegExp,
) {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

/** Starts `taskgate emulator` and waits (at most the child limit) for its address. */
async function startCli(
  args: string[],
): Promise<{ url: string; child: ChildProcessWithoutNullStreams; stderr: () => string }> {
  const child = spawn(process.execPath, [CLI, 'emulator', ...args], { env: childEnv() });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no address within ${formatLimit(CHILD_LIMIT_MS)}; stderr: ${stderr}`)),
      CHILD_LIMIT_MS,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.on('close', () => {
      clearTimeout(timer);
      reject(new Error(`the emulator ended before listening; stderr: ${stderr}`));
    });
  });
  return { url, child, stderr: () => stderr };
}

/** SIGTERM, then the exit code (SIGKILL at the child limit, a hang). */
function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolveCode) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_LIMIT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolveCode(code);
    });
    child.kill('SIGTERM');
  });
}

describe('taskgate emulator --port', () => {
  let taken: Server;
  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
  });
  afterAll(() => new Promise<void>((done) => taken.close(() => done())));

  it('a port in use: exit 2 with one line, not a stack trace', async () => {
    const port = (taken.address() as { port: number }).port;
    const result = await run(['emulator', '--port', String(port)]);
    expectOneLineRefusal(result, new RegExp(`^taskgate: port ${port} is in use `));
  });

  it.each(['0x50', '1e3', ' 80', '80 ', '80.0', '-1', '', '+80', '65536', '１２３', '80\u001b[2J'])(
    '--port=%j: exit 2 with one line naming --port',
    async (value) => {
      const result = await run(['emulator', `--port=${value}`]);
      expectOneLineRefusal(
        result,
        value.trim() === ''
          ? /^taskgate: --port is empty; give it a value or leave it out\.$/
          : /^taskgate: --port must be a whole number from 0 to 65535/,
      );
      expect(result.stderr).not.toContain('\u001b');
    },
  );

  it('a scenario whose task is wrong: exit 2 with one line naming the file and the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taskgate-cli-scenario-'));
    try {
      const file = join(dir, 'scenario.json');
      writeFileSync(
        file,
        JSON.stringify({ tasks: [{ api: 'tencent-redis', type: 't', instanceId: 'i', runningFor: 'soon' }] }),
      );
      const result = await run(['emulator', '--scenario', file]);
      expectOneLineRefusal(
        result,
        /^taskgate: scenario .*scenario\.json: tasks\[0\]\.runningFor must be a duration/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('taskgate emulator serving', () => {
  it('survives a malformed request, and its stderr lines hold no credentials or control characters', async () => {
    const { url, child, stderr } = await startCli(['--port', '0']);
    const port = Number(new URL(url).port);
    const garbage = await new Promise<string>((done, reject) => {
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      const timer = setTimeout(
        () => reject(new Error(`no answer within ${formatLimit(CHILD_LIMIT_MS)}`)),
        CHILD_LIMIT_MS,
      );
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearTimeout(timer);
        done(answer);
      });
      socket.end('GET //[ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    });
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    const tencent: Credentials = {
      cloud: 'tencent',
      secretId: TEST_ENV.TENCENTCLOUD_SECRET_ID,
      secretKey: TEST_ENV.TENCENTCLOUD_SECRET_KEY,
    };
    const huawei: Credentials = {
      cloud: 'huawei',
      accessKey: TEST_ENV.HW_ACCESS_KEY,
      secretKey: TEST_ENV.HW_SECRET_KEY,
    };
    for (const name of ['tencent-redis', 'tencent-redis-v2', 'tencent-cdb', 'huawei-rds'] as const) {
      const api = getApi(name);
      for (const credentials of describeApi(api.name).cloud === 'tencent'
        ? [tencent, { ...tencent, secretKey: 'wrong' }]
        : [huawei, { ...huawei, secretKey: 'wrong' }]) {
        const built = api.buildRequest(
          { instanceId: '\u001b]0;owned\u0007\u009b31m' },
          { offset: 0, limit: 10 },
          {
            endpoint: new URL(url),
            credentials: credentials as Credentials,
            region: 'ap-guangzhou',
            projectId: 'p1',
            now: new Date(),
            nonce: Math.floor(Math.random() * 1e9),
          },
        );
        const { Host: _host, ...headers } = built.headers as Record<string, string>;
        const answer = await fetch(built.url, { method: built.method, headers, body: built.body });
        expect(answer.status).toBeLessThan(500);
      }
    }
    expect((await fetch(`${url}/_taskgate/health`)).status).toBe(200);
    expect(await stop(child)).toBe(130);
    const lines = stderr().trimEnd().split('\n');
    expect(lines).toHaveLength(8);
    for (const line of lines) {
      for (const value of [
        TEST_ENV.TENCENTCLOUD_SECRET_ID,
        TEST_ENV.TENCENTCLOUD_SECRET_KEY,
        TEST_ENV.HW_ACCESS_KEY,
        TEST_ENV.HW_SECRET_KEY,
      ]) {
        expect(line).not.toContain(value);
      }
      // eslint-disable-next-line no-control-regex -- no control character may reach the terminal
      expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    }
  });
});

describe('the keys taskgate emulator takes from its environment', () => {
  it("reads the clients' variables, trimmed: the first Huawei pair set wins", () => {
    expect(
      emulatorKeysFromEnv({
        TENCENTCLOUD_SECRET_ID: ' id-1 ',
        TENCENTCLOUD_SECRET_KEY: 'key-1',
        TENCENTCLOUD_SECURITY_TOKEN: ' ',
        TENCENTCLOUD_SESSION_TOKEN: 'token-1',
        HW_ACCESS_KEY: 'ak-1',
        HUAWEICLOUD_SDK_AK: 'ak-2',
        HUAWEICLOUD_SDK_SK: 'sk-2',
      }),
    ).toEqual({
      tencent: [{ secretId: 'id-1', secretKey: 'key-1', token: 'token-1' }],
      huawei: [{ accessKey: 'ak-2', secretKey: 'sk-2' }],
    });
    expect(emulatorKeysFromEnv({ HW_ACCESS_KEY: 'ak-1', HW_SECRET_KEY: 'sk-1' })).toEqual({
      tencent: [],
      huawei: [{ accessKey: 'ak-1', secretKey: 'sk-1' }],
    });
  });

  it.each([
    ['a missing secret key', { TENCENTCLOUD_SECRET_ID: 'id-1' }],
    ['a key with a space', { TENCENTCLOUD_SECRET_ID: 'id 1', TENCENTCLOUD_SECRET_KEY: 'key-1' }],
    [
      'a token no key could be',
      {
        TENCENTCLOUD_SECRET_ID: 'id-1',
        TENCENTCLOUD_SECRET_KEY: 'key-1',
        TENCENTCLOUD_SECURITY_TOKEN: 'tök',
      },
    ],
    ['a Huawei key with a control character', { HW_ACCESS_KEY: 'ak\u0001', HW_SECRET_KEY: 'sk-1' }],
    [
      'a Huawei token no key could be',
      { HW_ACCESS_KEY: 'ak-1', HW_SECRET_KEY: 'sk-1', HW_SECURITY_TOKEN: 'a b' },
    ],
  ])('%s gives that cloud no key', (_name, env) => {
    expect(emulatorKeysFromEnv(env)).toEqual({ tencent: [], huawei: [] });
  });
});
