import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { readBoundedFile } from '../core/files';

/** A code cache is a fraction of its bundle's size; anything far larger is not one. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * V8's code cache for the provider's bundle. Terraform starts the provider three times for one plan
 * (schema, validate, plan) and pays Node's compile of the bundle each time; with the cache, V8 reuses
 * the code it compiled on the first start. Node 20 has no built-in compile cache for a single file
 * (`module.enableCompileCache` came with Node 22), so the launcher keeps one the same way:
 *
 * - in `$XDG_CACHE_HOME/taskgate/v8` or `~/.cache/taskgate/v8`: a directory of this user's own,
 *   created 0700 and used only when it is owned by this user and nobody else can write to it (a
 *   code cache is code: one that somebody else could plant is never read);
 * - one file per bundle, Node version and architecture, written as the first start exits; V8 checks
 *   it against the source and its flags and rejects a mismatch, in which case the bundle is compiled
 *   as without a cache and the file is written anew (to a temporary name, then renamed: concurrent
 *   starts never see half a file);
 * - `TASKGATE_COMPILE_CACHE=off` turns it off; any failure to read or write it is silent, since the
 *   provider works the same without it.
 */
export const COMPILE_CACHE_VARIABLE = 'TASKGATE_COMPILE_CACHE';

/** What happened to the cache on one start (`written`: it will be, as the process exits). */
export type CacheOutcome = 'off' | 'unusable directory' | 'hit' | 'written' | 'rejected and rewritten';

/** The cache directory when it is safe to use: this user's own, closed to everyone else. */
export function compileCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env[COMPILE_CACHE_VARIABLE] === 'off') return undefined;
  const xdg = env.XDG_CACHE_HOME;
  // The XDG spec ignores a relative XDG_CACHE_HOME.
  const base = xdg && path.isAbsolute(xdg) ? xdg : env.HOME ? path.join(env.HOME, '.cache') : undefined;
  if (!base || !path.isAbsolute(base)) return undefined;
  const dir = path.join(base, 'taskgate', 'v8');
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = fs.lstatSync(dir);
    const uid = process.getuid?.();
    if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid) || (stat.mode & 0o077) !== 0) {
      return undefined;
    }
    return dir;
  } catch {
    return undefined;
  }
}

/** The cache file of one bundle under this Node and architecture. */
export function compileCacheFile(dir: string, sourceId: string): string {
  const runtime = `${process.version}-${process.arch}`.replace(/[^A-Za-z0-9.-]/g, '_');
  return path.join(dir, `provider-${sourceId}-${runtime}.bin`);
}

function readCache(file: string | undefined): Buffer | undefined {
  if (!file) return undefined;
  try {
    // Opened without blocking and bounded: a FIFO or a device planted in the directory is never waited on.
    return readBoundedFile(file, MAX_CACHE_BYTES);
  } catch {
    return undefined;
  }
}

function writeCache(file: string, data: Buffer): boolean {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, data, { mode: 0o600 });
    fs.renameSync(temporary, file);
    return true;
  } catch {
    fs.rmSync(temporary, { force: true });
    return false;
  }
}

/**
 * Compiles `source` (a CommonJS bundle) as the module `module`, with the code cache where it can,
 * runs it, and writes the cache when there was none or V8 rejected it. Returns what happened.
 */
export function runWithCompileCache(options: {
  readonly source: string;
  /** A hash of `source`, fixed when the bundle was built. */
  readonly sourceId: string;
  readonly module: NodeJS.Module;
  readonly env: NodeJS.ProcessEnv;
}): CacheOutcome {
  const { source, module } = options;
  const dir = compileCacheDir(options.env);
  const file = dir === undefined ? undefined : compileCacheFile(dir, options.sourceId);
  const cachedData = readCache(file);
  // No importModuleDynamically: the bundle must not use import(), which scripts/bundle.mjs refuses.
  const script = new vm.Script(Module.wrap(source), { filename: module.filename, cachedData });
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  const require = (id: string) => module.require(id);
  run.call(module.exports, module.exports, require, module, module.filename, path.dirname(module.filename));
  if (!file) return options.env[COMPILE_CACHE_VARIABLE] === 'off' ? 'off' : 'unusable directory';
  if (cachedData && !script.cachedDataRejected) return 'hit';
  // Made as the process exits, the cache also holds every function this run compiled: start-up,
  // the handshake and the calls Terraform made.
  process.once('exit', () => writeCache(file, script.createCachedData()));
  return cachedData ? 'rejected and rewritten' : 'written';
}
