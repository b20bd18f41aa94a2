/**
 * @module
 * Error → `{errorType, errorMessage, stackTrace}` for log lines (spec §5.2). The wire format posted to the Runtime
 * API (§2.2, `%7F` escaping, `handled` fallbacks) belongs to the runtime's diagnostic module, not here.
 */
import { types } from 'node:util';

/** The error fields a JSON log line carries. */
export interface FormattedError {
  errorType: string;
  errorMessage: string;
  stackTrace: string[];
}

/** True for native errors (also from other realms) and anything inheriting from `Error`. */
export function isError(value: unknown): value is Error {
  return types.isNativeError(value) || value instanceof Error;
}

/** Reads a property without letting a throwing getter escape: logging must never throw. */
export function readSafely(value: object, key: PropertyKey): unknown {
  try {
    return (value as Record<PropertyKey, unknown>)[key];
  } catch {
    return undefined;
  }
}

/**
 * Formats any thrown value for a log line. Errors give their constructor name (as AWS's JSON logs do, falling back to
 * `name`), message and stack lines; other values give their `typeof` and string form with an empty stack.
 */
export function formatError(err: unknown): FormattedError {
  if (isError(err)) {
    const ctor = readSafely(err, 'constructor');
    const ctorName = typeof ctor === 'function' ? readSafely(ctor, 'name') : undefined;
    const name = readSafely(err, 'name');
    const message = readSafely(err, 'message');
    const stack = readSafely(err, 'stack');
    return {
      errorType: typeof ctorName === 'string' && ctorName !== '' ? ctorName : typeof name === 'string' ? name : 'UnknownError',
      errorMessage: typeof message === 'string' ? message : '',
      stackTrace: typeof stack === 'string' ? stack.split('\n') : [],
    };
  }
  return { errorType: typeof err, errorMessage: safeString(err), stackTrace: [] };
}

/** `String(value)` that survives a throwing `toString` or a null-prototype object. */
function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
