/**
 * @module
 * The application kernel: a tsyringe container, decorated handler classes, per-invocation scopes and
 * lifecycle hooks.
 */
import './reflect.js';

/** The kernel and its options. */
export { Kernel, type KernelOptions } from './kernel.js';
export type { Provider } from './providers.js';
/** Decorators: handler classes, lifetimes and hooks. */
export { Handler, StreamHandler, Singleton, Scoped, Transient, Injectable, OnInit, BeforeInvoke, AfterResponse, OnShutdown } from './decorators.js';
export { inject, injectAll } from 'tsyringe';
/** Tokens for what the kernel itself supplies. */
export { EVENT, ABORT_SIGNAL, FUNCTION_CONFIG, ROOT_LOGGER, INVOCATION_SCOPE } from './tokens.js';
export { InvocationScope } from './scope.js';
export { HOOKS, type HookName, type Lifetime } from './metadata.js';
