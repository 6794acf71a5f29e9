import * as fs from 'node:fs';
import * as path from 'node:path';
import { InvalidInputError } from '../../core/errors';
import { readBoundedFile } from '../../core/files';
import { Io } from '../io';
import { ParsedCommandLine, shown } from '../options';
import { didYouMean } from '../suggest';
import { BUNDLED, VERSION } from '../../core/version';
import {
  NATIVE_BUILDS,
  executableName,
  findNativeArchive,
  howToInstallNative,
  terraformPlatform,
  readArchive,
  unzip,
} from '../../native-provider';

/** The provider's address: Terraform finds `terraform.local/...` in an implied local mirror, with no download. */
const SOURCE = 'terraform.local/taskgate/taskgate';
const DEFAULT_DIR = 'terraform.d/plugins';
/** Terraform's OS_ARCH names of the machines the provider runs on (node on Linux and macOS). */
export const PLATFORMS = ['linux_amd64', 'linux_arm64', 'darwin_amd64', 'darwin_arm64'] as const;
const SUBCOMMANDS = ['install'];
/** The provider bundle is under a megabyte; a file far beyond it is not the bundle. */
const MAX_BUNDLE_BYTES = 64 * 1024 * 1024;

/** Node's names for this machine, in Terraform's words (x64 is amd64). */
function thisPlatform(): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  return `${process.platform}_${arch}`;
}

/**
 * The provider file: the bundle lib/terraform-provider-taskgate.js sits beside the CLI bundle
 * lib/taskgate.js; unbundled, this file is lib/cli/commands/ or src/cli/commands/.
 */
export function providerBundlePath(): string {
  const lib = BUNDLED ? __dirname : path.resolve(__dirname, '../../../lib');
  return path.join(lib, 'terraform-provider-taskgate.js');
}

/** True when this taskgate is itself the self-contained executable (see src/native.ts). */
function isNativeExecutable(): boolean {
  return BUNDLED && process.versions.bun !== undefined;
}

/**
 * One platform's self-contained executable: this very program when it is that executable and the
 * platform is this machine's, else the zip in the platform's npm package, from the working
 * directory's node_modules or this package's.
 */
function nativeExecutable(platform: string): Buffer {
  const thisBuild = isMuslLinux() ? `${thisPlatform()}_musl` : thisPlatform();
  if (isNativeExecutable() && platform === thisBuild) return fs.readFileSync(process.execPath);
  const packageDir = path.resolve(path.dirname(providerBundlePath()), '..');
  const found = findNativeArchive(platform, VERSION, [process.cwd(), packageDir]);
  if (!found) {
    throw new InvalidInputError(
      `the native provider for ${platform} is not installed: run "${howToInstallNative(platform, VERSION)}" in this project (--native).`,
    );
  }
  let files;
  try {
    files = unzip(readArchive(found.file));
  } catch (error) {
    throw new InvalidInputError(
      `${found.file} is not a usable provider zip (${(error as Error).message}); reinstall ${found.packageName}.`,
    );
  }
  const executable = files.find((file) => file.name === executableName(VERSION));
  if (!executable) {
    throw new InvalidInputError(
      `${found.file} holds no ${executableName(VERSION)}; reinstall ${found.packageName}.`,
    );
  }
  return executable.content;
}

/** "a, b or c". */
const listed = (names: readonly string[]) => `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;

/** True on a Linux whose libc is not glibc (Alpine's musl): Node's report names glibc when there is one. */
function isMuslLinux(): boolean {
  if (process.platform !== 'linux') return false;
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)
    ?.header;
  return header?.glibcVersionRuntime === undefined;
}

/**
 * The platforms to install (for --native, the builds: Linux also has `_musl` ones for Alpine, the
 * default on a musl machine); two builds for one Terraform platform would overwrite each other.
 */
function platformsFrom(given: readonly string[] | undefined, native: boolean): string[] {
  const allowed: readonly string[] = native ? NATIVE_BUILDS : PLATFORMS;
  if (given === undefined) {
    const platform = thisPlatform();
    if (!(PLATFORMS as readonly string[]).includes(platform)) {
      throw new InvalidInputError(
        `this machine (${platform}) is not one the provider runs on; give --platform ${listed(allowed)}.`,
      );
    }
    return [native && isMuslLinux() ? `${platform}_musl` : platform];
  }
  if (given.length === 0) throw new InvalidInputError(`--platform is empty; give ${listed(allowed)}.`);
  const seen = new Map<string, string>();
  for (const platform of given) {
    if (!allowed.includes(platform)) {
      const onlyNative =
        !native && (NATIVE_BUILDS as readonly string[]).includes(platform) ? ' without --native' : '';
      throw new InvalidInputError(
        `--platform "${shown(platform)}" is not supported${onlyNative}${didYouMean(platform, allowed)}; use ${listed(allowed)}.`,
      );
    }
    const other = seen.get(terraformPlatform(platform));
    if (other !== undefined && other !== platform) {
      throw new InvalidInputError(
        `--platform ${other} and ${platform} both install as ${terraformPlatform(platform)}; give one of them.`,
      );
    }
    seen.set(terraformPlatform(platform), platform);
  }
  return [...new Set(given)];
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file',
  EEXIST: 'a part of the path is a file',
  EISDIR: 'a folder is in the way',
  ENOENT: 'the folder cannot be created',
  ENOSPC: 'no space left on the device',
};

/** mkdir -p, one level at a time: Node 20's recursive mkdirSync spins forever on some paths (/proc/x). */
function makeFolders(folder: string): void {
  const missing: string[] = [];
  for (let dir = path.resolve(folder); !fs.existsSync(dir); dir = path.dirname(dir)) {
    missing.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of missing) {
    try {
      fs.mkdirSync(dir);
    } catch (error) {
      // Another install made it meanwhile.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !fs.statSync(dir).isDirectory()) throw error;
    }
  }
}

/** Writes one copy: a temporary name in the same folder, made executable, then renamed over the target. */
function installFile(content: Buffer, target: string): void {
  makeFolders(path.dirname(target));
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temporary, content, { mode: 0o755 });
    // The mode given to writeFileSync passes through the umask.
    fs.chmodSync(temporary, 0o755);
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/** The JavaScript provider, which runs with `node` on PATH. */
function javascriptProvider(): Buffer {
  const bundle = providerBundlePath();
  try {
    return readBoundedFile(bundle, MAX_BUNDLE_BYTES);
  } catch {
    throw new InvalidInputError(
      isNativeExecutable()
        ? 'this self-contained taskgate carries no JavaScript provider; give --native.'
        : `the provider file ${bundle} is missing: it ships beside this taskgate in the cdktf-taskgate package; run the package's taskgate (npx taskgate).`,
    );
  }
}

/** `taskgate provider install`: the provider into a plugin folder, and the block that asks Terraform for it. */
export async function runProvider(parsed: ParsedCommandLine, io: Io): Promise<number> {
  const { subcommand } = parsed;
  if (subcommand === undefined) {
    throw new InvalidInputError(
      '"taskgate provider" needs a subcommand: install (see "taskgate provider --help").',
    );
  }
  if (!SUBCOMMANDS.includes(subcommand)) {
    throw new InvalidInputError(
      `unknown subcommand "provider ${shown(subcommand)}"${didYouMean(subcommand, SUBCOMMANDS)}; use "taskgate provider install".`,
    );
  }
  const platforms = platformsFrom(parsed.platforms, parsed.native);
  const dir = parsed.dir ?? DEFAULT_DIR;
  const contents = new Map<string, Buffer>();
  for (const platform of platforms) {
    contents.set(platform, parsed.native ? nativeExecutable(platform) : javascriptProvider());
  }
  for (const platform of platforms) {
    const target = path.join(dir, SOURCE, VERSION, terraformPlatform(platform), executableName(VERSION));
    try {
      installFile(contents.get(platform) as Buffer, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      throw new InvalidInputError(
        `cannot write under --dir "${shown(dir)}"${parsed.dir === undefined ? ' (the default)' : ''}: ` +
          `${REASONS[code] ?? (code || (error as Error).message)}; give a --dir you can write to.`,
      );
    }
    io.stderr(`installed ${target}${parsed.native ? ' (self-contained: no node needed)' : ''}\n`);
  }
  io.stdout(`terraform {
  required_providers {
    taskgate = {
      source  = "${SOURCE}"
      version = "${VERSION}"
    }
  }
}
`);
  return 0;
}
