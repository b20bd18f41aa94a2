import type { Invocation } from '../runtime/invocation.js';
import type { InvocationDriver } from '../runtime/loop.js';
import { isThenable } from '../runtime/thenable.js';
import { callAll, callHook } from './hooks.js';
import type { Kernel } from './kernel.js';
import type { InvocationScope } from './scope.js';
import { streamCall } from './stream-mode.js';

/** Calls the handler method and answers the invocation; one function per response mode. */
export type ModeCall = (handler: unknown, method: string, invocation: Invocation, scope: InvocationScope) => Promise<void>;

/** Buffered mode: `handle(event, context)` returns the result, which is posted. */
export const bufferedCall: ModeCall = (handler, method, invocation) => {
  const result = (handler as Record<string, (...a: unknown[]) => unknown>)[method]!(invocation.event, invocation.context);
  // A synchronous result is posted at once: awaiting it would cost two promises.
  if (!isThenable(result)) return invocation.respond(result);
  return Promise.resolve(result).then((value) => invocation.respond(value));
};

// Response mode is data, chosen once per handler class by its decorator (never sniffed per invocation).
const modes: Record<string, ModeCall> = { buffered: bufferedCall, stream: streamCall };

/**
 * The kernel's invocation driver: open the scope, resolve the handler, run `@BeforeInvoke()` hooks, call the
 * handler and answer, run `@AfterResponse()` hooks once the Runtime API acknowledged the answer, dispose.
 */
export function handlerDriver(kernel: Kernel): InvocationDriver {
  const { method } = kernel.handlerMeta;
  return async (invocation) => {
    const call = modes[kernel.handlerMeta.mode];
    const scope = kernel.openScope(invocation);
    const logger = kernel.logger;
    try {
      let handler: unknown;
      try {
        if (!call) throw new Error(`The ${kernel.handlerMeta.mode} response mode is not available in this build.`);
        handler = scope.resolve(kernel.handler);
        if (kernel.hasHooks('BeforeInvoke')) {
          for (const target of kernel.hookTargets(scope, 'BeforeInvoke', handler)) {
            const pending = callHook(target, 'BeforeInvoke', [scope]);
            if (pending !== undefined) await pending;
          }
        }
        await call(handler, method, invocation, scope);
      } catch (err) {
        if (!invocation.answered) await invocation.fail(err);
        else logger.error('The handler failed after its response was sent:', err);
      }
      if (kernel.hasHooks('AfterResponse') && handler !== undefined) {
        const targets = kernel.hookTargets(scope, 'AfterResponse', handler).reverse();
        const called = callAll(targets, 'AfterResponse', [invocation.outcome, scope]);
        const errors = Array.isArray(called) ? called : await called;
        const outcome = invocation.outcome;
        for (const err of errors) {
          // A hook error never hides the handler's error: it hangs off it as the cause.
          if (outcome && !outcome.ok && typeof outcome.error === 'object' && outcome.error !== null) {
            try {
              (outcome.error as { cause?: unknown }).cause ??= err;
            } catch {
              // A frozen error or a Proxy refuses the cause; the hook error is still logged below.
            }
          }
          logger.error('AfterResponse hook failed (the response was already sent):', err);
        }
      }
    } finally {
      const ended = scope.end();
      for (const err of Array.isArray(ended) ? ended : await ended) logger.error('Disposing a scoped service failed:', err);
    }
  };
}
