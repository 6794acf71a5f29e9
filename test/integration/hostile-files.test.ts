import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RunningEmulator } from '../../src/emulator';
import { LIMITS } from '../../src/emulator/limits';
import { MAX_TOKEN_FILE_BYTES } from '../../src/credentials/env';
import { MAX_PROFILE_FILE_BYTES } from '../../src/credentials/profiles';
import { UnreadableFileError, readBoundedFile, readTextFile } from '../../src/core/files';
import { CLI, cliProcess } from '../support/cli';
import { testEmulator } from '../support/emulator';

/**
 * Paths that name something other than a small regular file, given wherever taskgate reads a file:
 * each is refused with one line and exit 2, at once, before any request. A FIFO with no writer would
 * block a plain read forever (and a blocked read hears no SIGINT); /dev/zero never ends.
 */

let emulator: RunningEmulator;
let dir: string;

beforeAll(async () => {
  if (!fs.existsSync(CLI)) throw new Error('lib/taskgate.js is missing: run "npm run build" (npm test does)');
  emulator = await testEmulator();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-hostile-files-'));
});
afterAll(async () => {
  await emulator?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => emulator.reset());

let made = 0;

/** The hostile things a path may name, each made fresh at `target`. */
const KINDS: Record<string, { make: (target: string, bound: number) => void; says: RegExp }> = {
  '/dev/zero': {
    make: (target) => fs.symlinkSync('/dev/zero', target),
    says: /is a character device, not a regular file/,
  },
  'a FIFO with no writer': {
    make: (target) => execFileSync('mkfifo', [target]),
    says: /is a FIFO \(named pipe\), not a regular file/,
  },
  'a directory': { make: (target) => fs.mkdirSync(target), says: /is a directory, not a regular file/ },
  'a regular file beyond the bound': {
    // Sparse: its size is what counts, not what it holds.
    make: (target, bound) => {
      fs.writeFileSync(target, '');
      fs.truncateSync(target, bound + 1);
    },
    says: /is larger than \d+ [KM]iB/,
  },
};

/** Where taskgate reads a file: the command, the environment that makes it read `file`, and the message's start. */
const SOURCES: Record<
  string,
  {
    bound: number;
    name?: string;
    run: (file: string) => { args: string[]; env: Record<string, string | undefined> };
    says: RegExp;
  }
> = {
  HW_SHARED_CONFIG_FILE: {
    bound: MAX_PROFILE_FILE_BYTES,
    run: (file) => ({ args: ['list', '--api', 'huawei-rds'], env: { HW_SHARED_CONFIG_FILE: file } }),
    says: /^taskgate: The hcloud config file ".*" /,
  },
  TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE: {
    bound: MAX_TOKEN_FILE_BYTES,
    run: (file) => ({
      args: ['list', '--api', 'tencent-redis'],
      env: {
        TENCENTCLOUD_SECRET_ID: undefined,
        TENCENTCLOUD_SECRET_KEY: undefined,
        TENCENTCLOUD_ASSUME_ROLE_ARN: 'qcs::cam::uin/100000000001:roleName/taskgate-gate',
        TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: 'ci',
        TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE: file,
      },
    }),
    says: /^taskgate: TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE names a file that /,
  },
  HW_ASSUME_ROLE_ID_TOKEN_FILE: {
    bound: MAX_TOKEN_FILE_BYTES,
    run: (file) => ({
      args: ['list', '--api', 'huawei-rds'],
      env: {
        HW_ACCESS_KEY: undefined,
        HW_SECRET_KEY: undefined,
        HW_ASSUME_ROLE_IDP_ID: 'github-actions',
        HW_ASSUME_ROLE_ID_TOKEN_FILE: file,
      },
    }),
    says: /^taskgate: HW_ASSUME_ROLE_ID_TOKEN_FILE names a file that /,
  },
  'the tccli credential file (TENCENTCLOUD_SHARED_CREDENTIALS_DIR)': {
    bound: MAX_PROFILE_FILE_BYTES,
    name: 'default.credential',
    run: (file) => ({
      args: ['list', '--api', 'tencent-redis'],
      env: {
        TENCENTCLOUD_SECRET_ID: undefined,
        TENCENTCLOUD_SECRET_KEY: undefined,
        TENCENTCLOUD_SHARED_CREDENTIALS_DIR: path.dirname(file),
      },
    }),
    says: /^taskgate: The tccli credential file ".*default\.credential" /,
  },
  'the tccli configure file (TENCENTCLOUD_SHARED_CREDENTIALS_DIR)': {
    bound: MAX_PROFILE_FILE_BYTES,
    name: 'default.configure',
    run: (file) => {
      fs.writeFileSync(
        path.join(path.dirname(file), 'default.credential'),
        JSON.stringify({ secretId: 'profile-id', secretKey: 'profile-key' }),
      );
      return {
        args: ['list', '--api', 'tencent-redis'],
        env: {
          TENCENTCLOUD_SECRET_ID: undefined,
          TENCENTCLOUD_SECRET_KEY: undefined,
          TENCENTCLOUD_SHARED_CREDENTIALS_DIR: path.dirname(file),
        },
      };
    },
    says: /^taskgate: The tccli configure file ".*default\.configure" /,
  },
  'taskgate emulator --scenario': {
    bound: LIMITS.scenarioFileBytes,
    run: (file) => ({ args: ['emulator', '--port', '0', '--scenario', file], env: {} }),
    says: /^taskgate: scenario ".*" .*; see the README's scenario format\.$/,
  },
};

const CASES = Object.keys(SOURCES).flatMap((source) => Object.keys(KINDS).map((kind) => [source, kind]));

describe('a path that names no small regular file', () => {
  it.each(CASES)('%s naming %s: exit 2 at once, one line, no request', async (source, kind) => {
    const { bound, name, run, says } = SOURCES[source];
    const folder = path.join(dir, `case-${++made}`);
    fs.mkdirSync(folder);
    const target = path.join(folder, name ?? 'file');
    KINDS[kind].make(target, bound);
    const { args, env } = run(target);
    // A read that blocked or never ended would be killed at this bound and fail the exit code below.
    const result = await cliProcess(args, { env: { TASKGATE_ENDPOINT: emulator.url, ...env } });
    expect(result.code).toBe(2);
    const lines = result.stderr.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(says);
    expect(lines[0]).toMatch(KINDS[kind].says);
    expect(result.stdout).toBe('');
    expect(emulator.requests()).toHaveLength(0);
  });
});

describe('the file reader', () => {
  it('counts the bound on what it reads, not on the size the file system states', () => {
    // /proc files state a size of 0 and hold more.
    if (!fs.existsSync('/proc/self/maps')) return;
    expect(fs.statSync('/proc/self/maps').size).toBe(0);
    expect(() => readBoundedFile('/proc/self/maps', 16)).toThrow(
      expect.objectContaining({ code: 'EFBIG', reason: 'is larger than 16 bytes' }),
    );
    expect(readTextFile('/proc/self/maps', 1024 * 1024)).toMatch(/\n/);
  });

  it('reads a file of exactly the bound, refuses one byte more, and says when a file is missing', () => {
    const file = path.join(dir, 'exact');
    fs.writeFileSync(file, 'x'.repeat(1024));
    expect(readTextFile(file, 1024)).toBe('x'.repeat(1024));
    fs.appendFileSync(file, 'y');
    expect(() => readTextFile(file, 1024)).toThrow(/^is larger than 1 KiB$/);
    let missing: unknown;
    try {
      readTextFile(path.join(dir, 'nothing-here'), 1024);
    } catch (error) {
      missing = error;
    }
    expect(missing).toBeInstanceOf(UnreadableFileError);
    expect(missing).toMatchObject({ code: 'ENOENT', reason: 'does not exist' });
  });
});
