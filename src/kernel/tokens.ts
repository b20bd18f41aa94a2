import type { InjectionToken } from 'tsyringe';

// Symbol.for: two copies of the package (a user's and a library's) still agree on the tokens.

/** The decoded event of the current invocation (scoped). */
export const EVENT: InjectionToken<unknown> = Symbol.for('lambda-kernel.Event');
/** The AbortSignal of the current invocation, aborted shortly before its deadline (scoped). */
export const ABORT_SIGNAL: InjectionToken<AbortSignal> = Symbol.for('lambda-kernel.AbortSignal');
/** The function configuration read at init (singleton). */
export const FUNCTION_CONFIG = Symbol.for('lambda-kernel.FunctionConfig');
/** The runtime's root logger (singleton); the `Logger` class token gives the request-scoped one. */
export const ROOT_LOGGER = Symbol.for('lambda-kernel.RootLogger');
/** The invocation scope itself (scoped): its container, context and event. */
export const INVOCATION_SCOPE = Symbol.for('lambda-kernel.InvocationScope');
