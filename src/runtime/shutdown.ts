import { ShutdownInterruptedError } from '../errors.js';
import { withinBudget } from './budget.js';
import type { InFlight } from './in-flight.js';
import type { Logger } from './logging/index.js';

/** Default time shutdown work may take: Lambda allows 500 ms with an internal extension, exit needs the rest. */
export const SHUTDOWN_BUDGET_MS = 400;

/** What a shutdown needs from the runtime. */
export interface ShutdownPlan {
  logger: Logger;
  budgetMs: number;
  inFlight: InFlight;
  /** The user's shutdown work (the kernel's `@OnShutdown` hooks). */
  work: (signal: NodeJS.Signals) => Promise<void> | void;
  /** Stops the loops from taking new invocations. */
  stop: () => void;
  /** Ends the runtime with an exit code. */
  finish: (code: number) => void;
}

/** The installed signal handling. */
export interface ShutdownHandle {
  /** The shutdown under way, once a signal arrived. */
  readonly running: Promise<void> | undefined;
  /** Removes the signal listeners. */
  remove(): void;
}

/**
 * Handles SIGTERM and SIGINT within the budget: no new invocation starts; running ones get the first half of the
 * budget, and those still unanswered are reported as `Runtime.ShutdownInterrupted` (never lost silently); then the
 * shutdown work runs with what is left, so it never disposes what an invocation still uses; then exit 0.
 */
export function handleShutdownSignals(plan: ShutdownPlan): ShutdownHandle {
  const { logger, budgetMs, inFlight } = plan;
  let running: Promise<void> | undefined;
  const shutDown = async (signal: NodeJS.Signals) => {
    const started = Date.now();
    if (inFlight.size > 0 && !(await withinBudget(inFlight.idle(), budgetMs / 2))) {
      const waited = Date.now() - started;
      const reports = [...inFlight]
        .filter((invocation) => !invocation.answered)
        .map((invocation) => {
          const error = new ShutdownInterruptedError(invocation.context.requestId, signal, waited);
          logger.error('Invoke Error', error);
          return invocation.interrupt(error); // a started stream ends with error trailers, not /error
        });
      await withinBudget(Promise.all(reports), budgetMs / 2);
    }
    const left = Math.max(budgetMs - (Date.now() - started), 0);
    if (!(await withinBudget(Promise.resolve().then(() => plan.work(signal)), left))) {
      logger.warn(`Shutdown work took longer than ${budgetMs} ms; exiting without waiting for it.`);
    }
    plan.finish(0);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (running) return;
    plan.stop();
    logger.info(`${signal} received: shutting down`);
    running = shutDown(signal);
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  return {
    get running() {
      return running;
    },
    remove() {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    },
  };
}
