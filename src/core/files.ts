import { Stats, closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/**
 * The one way taskgate reads a file a user names (credential files, token files, scenarios): a leaf
 * module every layer may import. A path may name a device (`/dev/zero` never ends), a FIFO (a plain
 * open blocks until a writer comes, and a blocked thread hears no SIGINT), a directory or a huge file;
 * each is refused with a reason before anything is read, and what is read is bounded.
 */

/** Why a file was not read: `code` for callers to branch on (ENOENT, EACCES, ENOTREG, EFBIG...), `reason` for the message. */
export class UnreadableFileError extends Error {
  constructor(
    readonly code: string,
    /** The end of a sentence that starts with the file's name: "is a directory". */
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'UnreadableFileError';
  }
}

/** What a file is, in words, when it is not a regular file. */
function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** A size in words: 16 bytes, 64 KiB, 8 MiB. */
function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / 1024 / 1024} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

// O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer; O_NOCTTY: a terminal
// device never becomes the controlling terminal. Both are 0 where the platform has no such flag.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);
const CHUNK_BYTES = 64 * 1024;

/**
 * A regular file's bytes, at most `maxBytes` of them. Throws UnreadableFileError when the file cannot
 * be opened, is not a regular file, or holds more than `maxBytes` (counted on what is read, not only
 * on the size the file system states, which is 0 for /proc files and may change while reading).
 */
export function readBoundedFile(file: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    if (code === 'ENOENT') throw new UnreadableFileError(code, 'does not exist');
    throw new UnreadableFileError(code, `cannot be read (${code})`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new UnreadableFileError('ENOTREG', `is ${kindOf(stat)}, not a regular file`);
    const tooLarge = new UnreadableFileError('EFBIG', `is larger than ${sizeText(maxBytes)}`);
    if (stat.size > maxBytes) throw tooLarge;
    const chunks: Buffer[] = [];
    let total = 0;
    // One byte past the bound tells a file at the bound from a file beyond it.
    while (total <= maxBytes) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, maxBytes + 1 - total));
      let read: number;
      try {
        read = readSync(fd, chunk, 0, chunk.length, null);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
        throw new UnreadableFileError(code, `cannot be read (${code})`);
      }
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
    }
    if (total > maxBytes) throw tooLarge;
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/** A regular file's text (UTF-8), at most `maxBytes` bytes; see readBoundedFile. */
export function readTextFile(file: string, maxBytes: number): string {
  return readBoundedFile(file, maxBytes).toString('utf8');
}
