import { type HookName, type Lifetime, addHook, setHandler, setLifetime } from './metadata.js';

function lifetime(value: Lifetime): ClassDecorator {
  return (target) => setLifetime(target, value);
}

/**
 * Marks the class that handles buffered invocations: the kernel calls `handle(event)` (or `options.method`)
 * on an instance resolved from the invocation's scope and posts what it returns.
 * @example
 * @Handler()
 * class Hello { handle(event: { name?: string }) { return `Hello, ${event.name ?? 'world'}!`; } }
 */
export function Handler(options: { method?: string } = {}): ClassDecorator {
  return (target) => {
    setHandler(target, { mode: 'buffered', method: options.method ?? 'handle' });
    setLifetime(target, 'scoped');
  };
}

/**
 * Marks the class that handles streaming invocations: `handle(event, stream, context)` writes to the response stream.
 * @example
 * @StreamHandler()
 * class Ticker { async handle(_event: unknown, stream: ResponseStream) { stream.open('text/plain'); stream.end('tick'); } }
 */
export function StreamHandler(options: { method?: string } = {}): ClassDecorator {
  return (target) => {
    setHandler(target, { mode: 'stream', method: options.method ?? 'handle' });
    setLifetime(target, 'scoped');
  };
}

/** One instance for the process, created during init (the default for providers). */
export const Singleton = (): ClassDecorator => lifetime('singleton');
/** One instance per invocation, disposed when the invocation ends. */
export const Scoped = (): ClassDecorator => lifetime('scoped');
/** A new instance for every injection. */
export const Transient = (): ClassDecorator => lifetime('transient');
/** Marks a class as injectable with the default lifetime (singleton); optional for listed providers. */
export const Injectable = (): ClassDecorator => lifetime('singleton');

function hook(name: HookName): () => MethodDecorator {
  return () => (target, key) => addHook((target as object).constructor, name, String(key));
}

/**
 * Runs once during init, after the `@OnInit()` hooks of the provider's dependencies; may be async.
 * A throw is reported to Lambda as an init error naming the provider and the hook.
 * @example
 * @Singleton() class Db { @OnInit() async connect() { await this.pool.connect(); } }
 */
export const OnInit = hook('OnInit');
/** Runs before each handler call with the invocation scope; a throw fails that invocation only. */
export const BeforeInvoke = hook('BeforeInvoke');
/** Runs after the response (or the end of the stream) was posted and acknowledged; receives the outcome. */
export const AfterResponse = hook('AfterResponse');
/** Runs on SIGTERM/SIGINT in reverse init order, within Lambda's 500 ms shutdown budget. */
export const OnShutdown = hook('OnShutdown');
