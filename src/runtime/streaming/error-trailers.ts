import { toDiagnostic, type Diagnostic } from '../diagnostic.js';
import { ERROR_BODY_TRAILER, ERROR_TYPE_TRAILER } from './transport.js';

// A trailer is a header line: servers cap its size (node:http at 16 KiB for all header lines), and one that is
// too long fails the whole response. Lambda's own cap is UNVERIFIED; 6 KiB of JSON (8 KiB base64) is safe.
const MAX_ERROR_JSON_BYTES = 6 * 1024;

/** An error-type value must be one visible-ASCII token; anything else is reported as `Runtime.Unknown`. */
function headerSafe(value: string): string {
  return /^[\x21-\x7E]+$/.test(value) ? value : 'Runtime.Unknown';
}

/** Shortens a diagnostic until its JSON fits: stack lines go first, then the message is cut. */
function fit(diagnostic: Diagnostic): string {
  let json = JSON.stringify(diagnostic);
  const trace = [...diagnostic.stackTrace];
  while (Buffer.byteLength(json) > MAX_ERROR_JSON_BYTES && trace.length > 0) {
    trace.pop();
    json = JSON.stringify({ ...diagnostic, stackTrace: trace });
  }
  if (Buffer.byteLength(json) > MAX_ERROR_JSON_BYTES) {
    const errorMessage = `${diagnostic.errorMessage.slice(0, MAX_ERROR_JSON_BYTES / 4)}… (truncated)`;
    json = JSON.stringify({ errorType: diagnostic.errorType.slice(0, 256), errorMessage, stackTrace: [] });
  }
  return json;
}

/**
 * The trailers that end a failed stream (runtime-api.md §3.1): the error type, and the base64 (standard
 * alphabet) of the `{errorType, errorMessage, stackTrace}` JSON.
 */
export function errorTrailers(error: unknown): Record<string, string> {
  const diagnostic = toDiagnostic(error);
  return {
    [ERROR_TYPE_TRAILER]: headerSafe(diagnostic.errorType),
    [ERROR_BODY_TRAILER]: Buffer.from(fit(diagnostic)).toString('base64'),
  };
}
