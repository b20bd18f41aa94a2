import { headerNameToString } from 'undici/lib/core/util.js';

// Decoding the raw header list undici hands over, on the hot path of every /next.

/** Every header, names lower-cased; values read as UTF-8, as a client context may carry non-ASCII JSON. */
export function allHeaders(raw: Buffer[] | null): Record<string, string> {
  const headers: Record<string, string> = {};
  if (raw !== null) for (let i = 0; i < raw.length; i += 2) headers[headerNameToString(raw[i]!)] = raw[i + 1]!.toString();
  return headers;
}

const L = 0x6c; // 'l'
const R = 0x72; // 'r'
const DASH = 0x2d;

/**
 * The `Lambda-Runtime-*` headers only: a name is decoded once its length and two bytes say it can be one. The
 * headers every invocation carries are stored under literal keys: a decoded name used as a key cost V8 a
 * string-table lookup and a megamorphic store per header, about 2% of a no-op invocation (callgrind).
 */
export function lambdaHeaders(raw: Buffer[] | null): Record<string, string> {
  const headers: Record<string, string> = {};
  if (raw === null) return headers;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    // 'lambda-runtime-' is 15 bytes; | 0x20 lower-cases an ASCII letter.
    if (name.length <= 15 || (name[0]! | 0x20) !== L || name[6] !== DASH || (name[7]! | 0x20) !== R) continue;
    // Header names are ASCII tokens (llhttp refuses others), so UTF-8 decodes them as latin1 would.
    const key = name.toString().toLowerCase();
    const value = raw[i + 1]!.toString();
    switch (key) {
      case 'lambda-runtime-aws-request-id':
        headers['lambda-runtime-aws-request-id'] = value;
        break;
      case 'lambda-runtime-deadline-ms':
        headers['lambda-runtime-deadline-ms'] = value;
        break;
      case 'lambda-runtime-invoked-function-arn':
        headers['lambda-runtime-invoked-function-arn'] = value;
        break;
      case 'lambda-runtime-trace-id':
        headers['lambda-runtime-trace-id'] = value;
        break;
      default:
        if (key.startsWith('lambda-runtime-')) headers[key] = value;
    }
  }
  return headers;
}
