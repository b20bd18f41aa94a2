import type { RuntimeApiClient } from './client.js';
import { type Diagnostic, toDiagnostic } from './diagnostic.js';
import type { Invocation } from './invocation.js';
import type { Logger } from './logging/index.js';

/** Exit codes of AWS's Node.js runtime, kept so that Lambda's reports read the same. */
export const EXIT_UNCAUGHT_EXCEPTION = 129;
export const EXIT_UNHANDLED_REJECTION = 128;

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
 * to exit, so none of them can finish), then exits 129 or 128.
 * @returns a function that removes the listeners.
 */
export function installProcessGuards(target: GuardTarget): () => void {
  let reporting = false;
  const report = async (error: unknown, kind: 'exception' | 'rejection') => {
    if (reporting) return;
    reporting = true;
    const code = kind === 'exception' ? EXIT_UNCAUGHT_EXCEPTION : EXIT_UNHANDLED_REJECTION;
    let diagnostic: Diagnostic = toDiagnostic(error);
    if (kind === 'rejection') {
      const message = safeString(error);
      diagnostic = { errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: message, stackTrace: diagnostic.stackTrace };
    }
    target.logger.error(kind === 'exception' ? 'Uncaught Exception' : 'Unhandled Promise Rejection', error);
    try {
      if (target.initializing()) {
        await target.client.initError(diagnostic);
      } else {
        await Promise.all(
          [...target.inFlight()].filter((inv) => !inv.answered).map((inv) => {
            inv.markAnswered({ ok: false, error });
            return target.client.fail(inv.context.requestId, diagnostic);
          }),
        );
      }
    } catch (err) {
      target.logger.error('Reporting the error to the Runtime API failed:', err);
    }
    target.exit(code);
  };
  const onException = (err: unknown) => void report(err, 'exception');
  const onRejection = (reason: unknown) => void report(reason, 'rejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}

function safeString(value: unknown): string {
  try {
    return value instanceof Error ? `${value.name}: ${value.message}` : String(value);
  } catch {
    return 'an unprintable value';
  }
}
