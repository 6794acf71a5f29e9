import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

/**
 * The provider as a self-contained executable per platform (CONTRACT section 13): the names of its
 * files and packages, its deterministic zip (as a provider registry serves it), and the hashes
 * Terraform records in `.terraform.lock.hcl`. Shared by the CLI (`provider install --native`), the
 * constructs (a stack that carries the executables) and scripts/package-provider.mjs.
 */

/** Terraform's OS_ARCH names of the platforms an executable is built for. */
export const NATIVE_PLATFORMS = ['linux_amd64', 'linux_arm64', 'darwin_amd64', 'darwin_arm64'] as const;
export type NativePlatform = (typeof NATIVE_PLATFORMS)[number];

/**
 * The builds to choose from: one per platform, and for Linux a second one linked against musl libc
 * for Alpine (the `hashicorp/terraform` image, Atlantis's and Spacelift's runners), which Terraform
 * installs under the same platform, `linux_amd64` or `linux_arm64`.
 */
export const NATIVE_BUILDS = [...NATIVE_PLATFORMS, 'linux_amd64_musl', 'linux_arm64_musl'] as const;

/** The Terraform platform a build installs as: `linux_amd64_musl` is `linux_amd64`. */
export function terraformPlatform(build: string): string {
  return build.replace(/_musl$/, '');
}

/** The npm package that carries one build: `taskgate-provider-linux-amd64`, `...-linux-amd64-musl`. */
export function nativePackageName(build: string): string {
  return `taskgate-provider-${build.replace(/_/g, '-')}`;
}

/** The executable's name inside the zip and the plugin folder, as Terraform expects it. */
export function executableName(version: string): string {
  return `terraform-provider-taskgate_v${version}`;
}

/** The registry's name for one platform's zip. */
export function archiveName(version: string, platform: string): string {
  return `terraform-provider-taskgate_${version}_${platform}.zip`;
}

/** Every zip this package writes or reads holds one executable of at most this size. */
const MAX_EXECUTABLE_BYTES = 512 * 1024 * 1024;
/** 1980-01-01 00:00, the earliest DOS time: a zip's bytes never depend on when it was built. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/**
 * A zip of one file, byte for byte the same for the same content (fixed time, fixed mode 0755),
 * so SHA256SUMS and the lock file's `zh:` hashes are reproducible.
 */
export function zipOne(name: string, content: Buffer): Buffer {
  const fileName = Buffer.from(name, 'utf8');
  const compressed = zlib.deflateRawSync(content);
  const crc = zlib.crc32(content);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
  local.writeUInt16LE(0x0800, 6); // UTF-8 names
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt16LE(DOS_TIME, 10);
  local.writeUInt16LE(DOS_DATE, 12);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(compressed.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  local.writeUInt16LE(0, 28);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the mode below is honoured
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0x0800, 8);
  central.writeUInt16LE(8, 10);
  central.writeUInt16LE(DOS_TIME, 12);
  central.writeUInt16LE(DOS_DATE, 14);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(compressed.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  central.writeUInt32LE(((0o100755 << 16) >>> 0) as number, 38);
  central.writeUInt32LE(0, 42); // local header offset
  const centralOffset = local.length + fileName.length + compressed.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, fileName, compressed, central, fileName, end]);
}

/** The files of a zip (names and contents), read with bounds: a provider zip holds a few files. */
export function unzip(zip: Buffer): { name: string; content: Buffer }[] {
  const endAt = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0 || endAt + 22 > zip.length) throw new Error('not a zip file');
  const count = zip.readUInt16LE(endAt + 10);
  if (count > 16) throw new Error(`a provider zip holds a few files, this one ${count}`);
  let at = zip.readUInt32LE(endAt + 16);
  const files: { name: string; content: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50)
      throw new Error('a broken zip directory');
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localAt = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    at += 46 + nameLength + extraLength + commentLength;
    if (size > MAX_EXECUTABLE_BYTES) throw new Error(`${name} is larger than ${MAX_EXECUTABLE_BYTES} bytes`);
    if (localAt + 30 > zip.length || zip.readUInt32LE(localAt) !== 0x04034b50)
      throw new Error('a broken zip entry');
    const dataAt = localAt + 30 + zip.readUInt16LE(localAt + 26) + zip.readUInt16LE(localAt + 28);
    const data = zip.subarray(dataAt, dataAt + compressedSize);
    let content: Buffer;
    if (method === 0) content = Buffer.from(data);
    else if (method === 8) content = zlib.inflateRawSync(data, { maxOutputLength: MAX_EXECUTABLE_BYTES });
    else throw new Error(`${name} is compressed with method ${method}, not deflate`);
    if (content.length !== size || zlib.crc32(content) !== crc)
      throw new Error(`${name} is corrupt in the zip`);
    files.push({ name, content });
  }
  return files;
}

/**
 * Terraform's `h1:` hash of a provider package: SHA-256 over "<sha256 hex>  <name>\n" of each file,
 * sorted by name, base64 (Go's dirhash.Hash1, which terraform/internal/getproviders/hash.go uses).
 */
export function packageHashV1(files: readonly { name: string; content: Buffer }[]): string {
  const summary = [...files]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((file) => `${createHash('sha256').update(file.content).digest('hex')}  ${file.name}\n`)
    .join('');
  return `h1:${createHash('sha256').update(summary).digest('base64')}`;
}

/** A provider zip from disk, refused unread when it is larger than any provider zip can be. */
export function readArchive(file: string): Buffer {
  const size = fs.statSync(file).size;
  if (size > MAX_EXECUTABLE_BYTES) throw new Error(`${file} is larger than ${MAX_EXECUTABLE_BYTES} bytes`);
  return fs.readFileSync(file);
}

/** Terraform's `zh:` hash of a zip: its SHA-256 in hex, as a registry's SHA256SUMS lists it. */
export function zipHash(zip: Buffer): string {
  return `zh:${createHash('sha256').update(zip).digest('hex')}`;
}

/** Where one platform's zip was found, and which package it came from. */
export interface FoundArchive {
  readonly file: string;
  readonly packageName: string;
}

/**
 * The zip of one build's executable from its npm package (`taskgate-provider-linux-amd64`),
 * looked up as Node resolves packages from each folder given (the user's project, this package).
 * Undefined when none of them has it installed, or the installed one is another version.
 */
export function findNativeArchive(
  build: string,
  version: string,
  searchFrom: readonly string[],
): FoundArchive | undefined {
  const packageName = nativePackageName(build);
  for (const folder of searchFrom) {
    let manifest: string;
    try {
      manifest = Module.createRequire(path.join(path.resolve(folder), 'noop.js')).resolve(
        `${packageName}/package.json`,
      );
    } catch {
      continue;
    }
    const file = path.join(path.dirname(manifest), archiveName(version, terraformPlatform(build)));
    if (fs.existsSync(file)) return { file, packageName };
  }
  return undefined;
}

/** The one line that says how to get a build's executable. */
export function howToInstallNative(build: string, version: string): string {
  return `npm install --save-dev ${nativePackageName(build)}@${version}`;
}
