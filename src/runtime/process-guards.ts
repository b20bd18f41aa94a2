import { LambdaKernelError } from '../errors.js';
import type { RuntimeApiClient } from './client.js';
import { toDiagnostic } from './diagnostic.js';
import type { Invocation } from './invocation.js';
import type { Logger } from './logging/index.js';

/** Exit codes of AWS's Node.js runtime, kept so that Lambda's reports read the same. */
export const EXIT_UNCAUGHT_EXCEPTION = 129;
export const EXIT_UNHANDLED_REJECTION = 128;
/** Exit code after an invocation was found stuck on a promise that can never settle. */
export const EXIT_STALLED = 1;

const LABELS = { exception: 'Uncaught Exception', rejection: 'Unhandled Promise Rejection', stall: 'Stalled Invocation' };
const CODES = { exception: EXIT_UNCAUGHT_EXCEPTION, rejection: EXIT_UNHANDLED_REJECTION, stall: EXIT_STALLED };
const STALLED =
  'Node.js has nothing left to run (no timer, socket or other pending work) while the handler is still ' +
  'awaiting: a promise it waits for can never settle (for example a callback that is never called, or a ' +
  'promise nobody resolves). The runtime reports it instead of letting the process end silently.';

/** What the guards need to know about the runtime at the moment a stray error surfaces. */
export interface GuardTarget {
  client: RuntimeApiClient;
  logger: Logger;
  /** True until the first `/next`: stray errors are then init errors. */
  initializing(): boolean;
  /** The invocations in flight. */
  inFlight(): Iterable<Invocation>;
  exit(code: number): void;
}

/**
 * Reports an uncaught exception or unhandled rejection as AWS's Node.js runtime does (runtime-api.md §2.4):
 * during init as an init error, during invocations against every invocation in flight (the process is about
 * to exit, so none of them can finish), then exits 129 or 128. When the event loop empties while an
 * invocation (or init) still awaits, nothing can ever settle it: that is reported as `Runtime.NodeJsExit`
 * (the Node.js runtime's type), then the process exits 1 instead of ending silently with the invocation lost.
 * @returns a function that removes the listeners.
 */
export function installProcessGuards(target: GuardTarget): () => void {
  let reporting = false;
  const report = async (error: unknown, kind: 'exception' | 'rejection' | 'stall') => {
    if (reporting) return;
    reporting = true;
    const code = CODES[kind];
    const reported = kind === 'rejection' ? asRejection(error) : error;
    target.logger.error(LABELS[kind], error);
    try {
      if (target.initializing()) {
        await target.client.initError(toDiagnostic(reported));
      } else {
        // Through each invocation's open response: a started stream ends with error trailers, not /error.
        await Promise.all([...target.inFlight()].map((inv) => inv.interrupt(reported)));
      }
    } catch (err) {
      target.logger.error('Reporting the error to the Runtime API failed:', err);
    }
    target.exit(code);
  };
  const onException = (err: unknown) => void report(err, 'exception');
  const onRejection = (reason: unknown) => void report(reason, 'rejection');
  // 'beforeExit' only fires once the event loop is empty; posting the report gives it work again.
  const onBeforeExit = () => {
    const stuck = target.initializing() || [...target.inFlight()].some((inv) => !inv.answered);
    if (stuck) void report(new LambdaKernelError(STALLED, { errorType: 'Runtime.NodeJsExit' }), 'stall');
  };
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  process.on('beforeExit', onBeforeExit);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
    process.off('beforeExit', onBeforeExit);
  };
}

/** An unhandled rejection as AWS's Node.js runtime reports it, with the reason's stack when it has one. */
function asRejection(reason: unknown): Error {
  const message = safeString(reason) || '(no message)';
  const error = new LambdaKernelError(message, { errorType: 'Runtime.UnhandledPromiseRejection' });
  const lines = toDiagnostic(reason).stackTrace;
  error.stack = lines.length > 0 ? lines.join('\n') : undefined;
  return error;
}

function safeString(value: unknown): string {
  try {
    return value instanceof Error ? `${value.name}: ${value.message}` : String(value);
  } catch {
    return 'an unprintable value';
  }
}
