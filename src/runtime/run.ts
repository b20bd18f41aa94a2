import type { InvocationContext } from './context.js';
import type { InvocationDriver } from './loop.js';
import { type RuntimeOptions, startRuntime } from './runtime.js';
import { isThenable } from './thenable.js';

/** A plain handler: the decoded event and the context in, the result (or a promise of it) out. */
export type Handler<E = unknown, R = unknown> = (event: E, context: InvocationContext) => R | Promise<R>;

/** A handler whose result is ignored; the runtime answers with an empty response once it completes. */
export type VoidHandler<E = unknown> = (event: E, context: InvocationContext) => void | Promise<void>;

/**
 * Runs a plain handler on the Lambda runtime loop, no DI involved. The result is sent as JSON
 * (`Uint8Array`/`Buffer` as raw bytes); a throw or rejection is reported as an invocation error.
 * @example
 * import { run } from 'lambda-kernel/runtime';
 * run(async (event: { name?: string }) => `Hello, ${event.name ?? 'world'}!`);
 */
export function run<E = unknown, R = unknown>(handler: Handler<E, R>, options?: RuntimeOptions): Promise<number> {
  return startRuntime(bufferedDriver(() => handler), options);
}

/** The driver of a plain buffered handler; `resolve` is read per invocation (the handler may load at init). */
export function bufferedDriver<E, R>(resolve: () => Handler<E, R>): InvocationDriver {
  return (invocation) => {
    let result: R | Promise<R>;
    try {
      result = resolve()(invocation.event as E, invocation.context);
    } catch (err) {
      return invocation.fail(err);
    }
    // A synchronous result is answered at once: awaiting it would only add a promise and a tick.
    if (!isThenable(result)) return invocation.respond(result);
    return Promise.resolve(result).then(
      (value) => invocation.respond(value),
      (err: unknown) => invocation.fail(err),
    );
  };
}

/**
 * Runs a handler whose work is its side effects: after it completes, an empty response is posted.
 * @example
 * runVoid(async (event: SQSEvent) => { for (const r of event.Records) await save(r.body); });
 */
export function runVoid<E = unknown>(handler: VoidHandler<E>, options?: RuntimeOptions): Promise<number> {
  return startRuntime(async (invocation) => {
    try {
      await handler(invocation.event as E, invocation.context);
    } catch (err) {
      return invocation.fail(err);
    }
    return invocation.respondRaw('', 'application/octet-stream', undefined);
  }, options);
}
