/** The error shape posted to the Runtime API (`/error`, `/init/error`, streaming error trailers). */
export interface Diagnostic {
  errorType: string;
  errorMessage: string;
  stackTrace: string[];
}

const UNREADABLE =
  'The thrown value could not be read: its name, message or stack threw or was not a string.';
// Lambda's log pipeline treats DEL specially; the Node.js clients replace it (runtime-api.md §2.2).
const DEL = /\x7F/g;
const MAX_CAUSES = 8;

function clean(text: string): string {
  return text.includes('\x7F') ? text.replace(DEL, '%7F') : text;
}

function isErrorLike(value: unknown): value is Error {
  if (value instanceof Error) return true;
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.name === 'string' && typeof v.message === 'string' && typeof v.stack === 'string';
}

function stackLines(err: Error): string[] {
  return typeof err.stack === 'string' ? err.stack.split('\n').map(clean) : [];
}

/** The error type of a thrown value: a lambda-kernel error's `errorType`, else the error's `name`. */
function typeOf(err: Error): string {
  const own = (err as { errorType?: unknown }).errorType;
  return typeof own === 'string' && own !== '' ? own : err.name;
}

/**
 * Maps any thrown value to the Runtime API error shape, following the Node.js runtime's rules
 * (runtime-api.md §2.2): errors keep their name, message and stack; other values report their `typeof`.
 * A rejection with `undefined` reports `errorType: "undefined"` as the newer Node.js client does.
 * `cause` chains are appended to `stackTrace` as `Caused by: …` lines.
 */
export function toDiagnostic(value: unknown): Diagnostic {
  try {
    if (isErrorLike(value)) {
      const stackTrace = stackLines(value);
      let cause: unknown = (value as { cause?: unknown }).cause;
      for (let depth = 0; cause !== undefined && depth < MAX_CAUSES; depth++) {
        if (isErrorLike(cause)) {
          const [head = `${cause.name}: ${cause.message}`, ...rest] = stackLines(cause);
          stackTrace.push(`Caused by: ${head}`, ...rest);
          cause = (cause as { cause?: unknown }).cause;
        } else {
          stackTrace.push(`Caused by: ${clean(String(cause))}`);
          break;
        }
      }
      return { errorType: clean(typeOf(value)), errorMessage: clean(value.message), stackTrace };
    }
    return { errorType: typeof value, errorMessage: clean(String(value)), stackTrace: [] };
  } catch {
    return { errorType: 'handled', errorMessage: UNREADABLE, stackTrace: [] };
  }
}
