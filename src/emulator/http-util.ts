/**
 * @module
 * Small helpers over node:http requests.
 */
import type { IncomingMessage } from 'node:http';

/** Lower-cased header map; repeated headers are joined with `, `. */
export function lowerHeaders(headers: NodeJS.Dict<string | string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** A request body read to its end (or until the client went away). */
export interface ReadBody {
  /** At most `cap + 1` bytes are kept, enough to tell "over the limit" apart. */
  body: Buffer;
  /** Bytes received in total. */
  size: number;
  /** False when the client dropped the connection before the end of the body. */
  complete: boolean;
  trailers: Record<string, string>;
}

/** Reads a whole body, keeping at most `cap + 1` bytes but draining the rest so the client can finish sending. */
export function readBody(req: IncomingMessage, cap = Number.MAX_SAFE_INTEGER): Promise<ReadBody> {
  return new Promise((resolve) => {
    const kept: Buffer[] = [];
    let size = 0;
    let keptSize = 0;
    let done = false;
    const finish = (complete: boolean): void => {
      if (done) return;
      done = true;
      resolve({ body: Buffer.concat(kept), size, complete, trailers: lowerHeaders(req.trailers) });
    };
    // Already consumed or gone (e.g. the client left during an injected delay): no events will follow.
    if (req.readableEnded || req.destroyed) return finish(req.complete);
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (keptSize > cap) return;
      const room = cap + 1 - keptSize;
      const piece = chunk.length > room ? chunk.subarray(0, room) : chunk;
      kept.push(piece);
      keptSize += piece.length;
    });
    req.once('end', () => finish(true));
    // 'close' without 'end' means the client went away mid-body.
    req.once('close', () => finish(req.complete));
    req.once('error', () => finish(false));
  });
}

/** Decodes a percent-encoded path segment; undefined when malformed. */
export function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Resolves after `ms` milliseconds (unref'd so a pending delay never keeps a test process alive). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
