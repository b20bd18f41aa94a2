import { ResponseSizeError, SerializationError } from '../errors.js';

/** Lambda's buffered response limit as RAPID enforces it: 6 MiB plus 100 bytes of slack. */
export const MAX_BUFFERED_RESPONSE_BYTES = 6 * 1024 * 1024 + 100;

/** A response body ready to post. */
export interface EncodedResponse {
  body: string | Uint8Array;
  contentType: string;
}

/**
 * Encodes a handler result: bytes (`Uint8Array`, `Buffer`) are sent as they are, anything else as JSON
 * (`undefined` becomes `null`, as with AWS's clients).
 * @throws SerializationError for a cycle or a BigInt; ResponseSizeError above `limit` bytes.
 */
export function encodeResult(result: unknown, limit = MAX_BUFFERED_RESPONSE_BYTES): EncodedResponse {
  if (result instanceof Uint8Array) {
    if (result.byteLength > limit) throw new ResponseSizeError(result.byteLength, limit);
    return { body: result, contentType: 'application/octet-stream' };
  }
  let json: string;
  try {
    json = JSON.stringify(result === undefined ? null : result) ?? 'null';
  } catch (err) {
    throw new SerializationError(err);
  }
  // A UTF-16 unit is 1 to 3 UTF-8 bytes: count bytes only when the length alone cannot decide.
  if (json.length * 3 > limit) {
    const bytes = Buffer.byteLength(json);
    if (bytes > limit) throw new ResponseSizeError(bytes, limit);
  }
  return { body: json, contentType: 'application/json' };
}
