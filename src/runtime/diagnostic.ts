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
const NO_MESSAGE = '(no message)';

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
  let stack: unknown;
  try {
    stack = err.stack; // V8 formats it lazily, and throws when the name is a Symbol
  } catch {
    return [];
  }
  return typeof stack === 'string' ? stack.split('\n').map(clean) : [];
}

/** The error type of a thrown value: a lambda-kernel error's `errorType`, else the error's `name`. */
function typeOf(err: Error): string {
  const own = (err as { errorType?: unknown }).errorType;
  if (typeof own === 'string' && own !== '') return own;
  // An empty or non-string name would leave Lambda's errorType blank or lose the message; say "Error" instead.
  const name: unknown = err.name;
  return typeof name === 'string' && name !== '' ? name : 'Error';
}

/** A blank errorMessage tells the caller nothing; say that the value carried no message. */
function message(text: string): string {
  return text === '' ? NO_MESSAGE : clean(text);
}

/** Appends `Caused by: …` lines; an unreadable cause ends the chain without spoiling the error itself. */
function appendCauses(err: Error, stackTrace: string[]): void {
  try {
    let cause: unknown = (err as { cause?: unknown }).cause;
    for (let depth = 0; cause !== undefined && depth < MAX_CAUSES; depth++) {
      if (isErrorLike(cause)) {
        const [head = `${cause.name}: ${cause.message}`, ...rest] = stackLines(cause);
        stackTrace.push(`Caused by: ${clean(String(head))}`, ...rest);
        cause = (cause as { cause?: unknown }).cause;
      } else {
        stackTrace.push(`Caused by: ${clean(String(cause))}`);
        break;
      }
    }
  } catch {
    stackTrace.push('Caused by: (a cause that could not be read)');
  }
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
      appendCauses(value, stackTrace);
      return { errorType: clean(typeOf(value)), errorMessage: message(value.message), stackTrace };
    }
    return { errorType: typeof value, errorMessage: message(String(value)), stackTrace: [] };
  } catch {
    return { errorType: 'handled', errorMessage: UNREADABLE, stackTrace: [] };
  }
}
