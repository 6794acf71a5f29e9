import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileCacheDir, compileCacheFile } from '../../src/provider/compile-cache';
import { CHILD_LIMIT_MS, formatLimit } from '../support/children';

let home: string;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-cache-'));
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

const SOURCE = 'module.exports.answer = [1, 2, 3].map((n) => n * 14)[2];';
const COMPILED = path.join(__dirname, '../../lib/provider/compile-cache.js');

/**
 * Runs SOURCE as a fresh module the way the launcher runs the provider, in a process of its own (in
 * one process V8 would find the script in its in-memory cache and never read the file); returns the
 * outcome and what the module exported.
 */
function start(env: Record<string, string>, sourceId = 'test0001'): { outcome: string; answer: number } {
  const program = `
    const Module = require('node:module');
    const { runWithCompileCache } = require(${JSON.stringify(COMPILED)});
    const module = new Module(${JSON.stringify(path.join(home, 'launcher.js'))});
    module.filename = module.id;
    const outcome = runWithCompileCache({ source: ${JSON.stringify(SOURCE)}, sourceId: ${JSON.stringify(sourceId)}, module, env: process.env });
    process.stdout.write(JSON.stringify({ outcome, answer: module.exports.answer }));`;
  const result = spawnSync(process.execPath, ['-e', program], {
    env,
    encoding: 'utf8',
    timeout: CHILD_LIMIT_MS,
  });
  if (result.error)
    throw new Error(
      `the launcher did not end within ${formatLimit(CHILD_LIMIT_MS)}: ${result.error.message}`,
    );
  if (result.status !== 0) throw new Error(`the launcher failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

describe('the provider code cache directory', () => {
  it('is XDG_CACHE_HOME/taskgate/v8, created 0700', () => {
    const dir = compileCacheDir({ XDG_CACHE_HOME: path.join(home, 'xdg') });
    expect(dir).toBe(path.join(home, 'xdg', 'taskgate', 'v8'));
    expect(fs.statSync(dir!).mode & 0o777).toBe(0o700);
  });

  it('falls back to ~/.cache when XDG_CACHE_HOME is unset or relative, as the XDG spec says', () => {
    const expected = path.join(home, '.cache', 'taskgate', 'v8');
    expect(compileCacheDir({ HOME: home })).toBe(expected);
    expect(compileCacheDir({ HOME: home, XDG_CACHE_HOME: 'relative/cache' })).toBe(expected);
  });

  it('is not used when others could write to it, when there is no home, or when turned off', () => {
    const open = path.join(home, 'open', 'taskgate', 'v8');
    fs.mkdirSync(open, { recursive: true });
    fs.chmodSync(open, 0o777);
    expect(compileCacheDir({ XDG_CACHE_HOME: path.join(home, 'open') })).toBeUndefined();
    fs.chmodSync(open, 0o750);
    expect(compileCacheDir({ XDG_CACHE_HOME: path.join(home, 'open') })).toBeUndefined();
    expect(compileCacheDir({})).toBeUndefined();
    expect(compileCacheDir({ HOME: home, TASKGATE_COMPILE_CACHE: 'off' })).toBeUndefined();
  });

  it('is not used when it is a link to a directory elsewhere', () => {
    const elsewhere = path.join(home, 'elsewhere');
    fs.mkdirSync(elsewhere, { mode: 0o700 });
    fs.mkdirSync(path.join(home, 'xdg', 'taskgate'), { recursive: true });
    fs.symlinkSync(elsewhere, path.join(home, 'xdg', 'taskgate', 'v8'));
    expect(compileCacheDir({ XDG_CACHE_HOME: path.join(home, 'xdg') })).toBeUndefined();
  });
});

describe('running a bundle through the code cache', () => {
  it('writes the cache on the first start and uses it on the next, with the same result', () => {
    const env = { XDG_CACHE_HOME: home };
    expect(start(env)).toEqual({ outcome: 'written', answer: 42 });
    const file = compileCacheFile(compileCacheDir(env)!, 'test0001');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const written = fs.statSync(file).mtimeMs;
    expect(start(env)).toEqual({ outcome: 'hit', answer: 42 });
    expect(fs.statSync(file).mtimeMs).toBe(written);
    expect(fs.readdirSync(path.dirname(file))).toEqual([path.basename(file)]);
  });

  it('a damaged cache is rejected by V8, the bundle still runs, and the cache is written anew', () => {
    const env = { XDG_CACHE_HOME: home };
    start(env);
    const file = compileCacheFile(compileCacheDir(env)!, 'test0001');
    fs.writeFileSync(file, Buffer.alloc(2048, 7));
    expect(start(env)).toEqual({ outcome: 'rejected and rewritten', answer: 42 });
    expect(start(env)).toEqual({ outcome: 'hit', answer: 42 });
  });

  it('another bundle gets its own file', () => {
    const env = { XDG_CACHE_HOME: home };
    start(env, 'test0001');
    expect(start(env, 'test0002').outcome).toBe('written');
    expect(fs.readdirSync(compileCacheDir(env)!)).toHaveLength(2);
  });

  it('runs without a cache when it is off or has nowhere safe to go', () => {
    expect(start({ XDG_CACHE_HOME: home, TASKGATE_COMPILE_CACHE: 'off' })).toEqual({
      outcome: 'off',
      answer: 42,
    });
    expect(fs.readdirSync(home)).toEqual([]);
    expect(start({})).toEqual({ outcome: 'unusable directory', answer: 42 });
  });
});

describe('a cache file that is not a file', () => {
  it('a FIFO where the cache file should be is never waited on: the bundle runs as without a cache', () => {
    const env = { XDG_CACHE_HOME: path.join(home, 'xdg') };
    const file = compileCacheFile(compileCacheDir(env)!, 'fifo0001');
    spawnSync('mkfifo', [file]);
    expect(fs.statSync(file).isFIFO()).toBe(true);
    // A blocking read would hang here until spawnSync's limit kills the child, and start() throws.
    expect(start(env, 'fifo0001').answer).toBe(42);
  });
});
