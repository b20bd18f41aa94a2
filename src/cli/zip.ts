/**
 * @module
 * Writes a deployment zip with fflate: Unix modes in the external attributes so Lambda sees `bootstrap` (and a
 * bundled `node`) as executable, and fixed timestamps so the same build gives the same bytes (and the same
 * CodeSha256, which lets `update-function-code` be a no-op).
 */
import { writeFile } from 'node:fs/promises';
import { zipSync, type Zippable } from 'fflate';

/** One file of a zip. */
export interface ZipEntry {
  /** Path inside the zip, `/`-separated. */
  name: string;
  data: Uint8Array;
  /** Set the 0755 mode (scripts and binaries); otherwise 0644. */
  executable?: boolean;
}

/** `os` of the "version made by" field: 3 = Unix, so readers honour the mode bits. */
const UNIX = 3;
const REGULAR_FILE = 0o100000;
// DOS timestamps are local time: building the date from local fields gives the same bytes in every time zone.
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);

/** Unix external attributes for a regular file with the given permission bits. */
export function unixAttributes(mode: number): number {
  return ((REGULAR_FILE | mode) << 16) >>> 0;
}

/** The zip's bytes; entries keep their order. */
export function zipEntries(entries: readonly ZipEntry[]): Uint8Array {
  const files: Zippable = {};
  for (const entry of entries) {
    const attrs = unixAttributes(entry.executable ? 0o755 : 0o644);
    files[entry.name] = [entry.data, { os: UNIX, attrs, mtime: FIXED_MTIME, level: 6 }];
  }
  return zipSync(files);
}

/** Writes the zip to `path` and returns its size in bytes. */
export async function writeZip(path: string, entries: readonly ZipEntry[]): Promise<number> {
  const bytes = zipEntries(entries);
  await writeFile(path, bytes);
  return bytes.byteLength;
}
