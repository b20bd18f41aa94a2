/**
 * Test helper: reads a zip back — contents with fflate, and what fflate does not expose (the "made by" OS and
 * the Unix mode in the external attributes) from the central directory.
 */
import { unzipSync } from 'fflate';

/** One file of a zip as Lambda would extract it. */
export interface ZipFileInfo {
  name: string;
  /** High byte of "version made by": 3 = Unix. */
  os: number;
  /** `external attributes >>> 16`: the Unix mode, e.g. 0o100755. */
  mode: number;
  data: Uint8Array;
}

/** Every file of the zip, in central-directory order. */
export function readZip(bytes: Uint8Array): ZipFileInfo[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = bytes.length - 22;
  while (eocd >= 0 && view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip: no end-of-central-directory record');
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const contents = unzipSync(bytes);
  const files: ZipFileInfo[] = [];
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error(`bad central directory entry at ${at}`);
    const nameLength = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    files.push({ name, os: view.getUint8(at + 5), mode: view.getUint32(at + 38, true) >>> 16, data: contents[name]! });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return files;
}
