import { AsyncLocalStorage } from 'node:async_hooks';
import type { InvocationContext } from './context.js';

// Several invocations may run at once in one process (Lambda Managed Instances): the current one
// lives in async context, never in a process global.
const store = new AsyncLocalStorage<InvocationContext>();

/** The context of the invocation the calling code runs for, or `undefined` outside any invocation. */
export function currentInvocation(): InvocationContext | undefined {
  return store.getStore();
}

/** Runs `fn` with `context` as the current invocation for everything it starts, sync or async. */
export function runInInvocation<T>(context: InvocationContext, fn: () => T): T {
  return store.run(context, fn);
}
