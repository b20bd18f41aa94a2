/** Where a provider's instances live. */
export type Lifetime = 'singleton' | 'scoped' | 'transient';

/** The lifecycle hooks, in the order an invocation meets them. */
export const HOOKS = ['OnInit', 'BeforeInvoke', 'AfterResponse', 'OnShutdown'] as const;
export type HookName = (typeof HOOKS)[number];

/** What a handler class declared through `@Handler()` / `@StreamHandler()`. */
export interface HandlerMeta {
  mode: 'buffered' | 'stream';
  method: string;
}

/** Any class. */
// biome-ignore lint: constructor parameters are any by nature
export type Class<T = unknown> = new (...args: any[]) => T;

// Decorators only record metadata here; the kernel acts on it at boot (tsyringe's own pattern).
const lifetimes = new WeakMap<Function, Lifetime>();
const hooks = new WeakMap<Function, Map<HookName, string[]>>();
const handlers = new WeakMap<Function, HandlerMeta>();

export function setLifetime(target: Function, lifetime: Lifetime): void {
  lifetimes.set(target, lifetime);
}

/** The lifetime a class declared, if any. */
export function getLifetime(target: Function): Lifetime | undefined {
  return lifetimes.get(target);
}

export function addHook(target: Function, hook: HookName, method: string): void {
  let byHook = hooks.get(target);
  if (!byHook) hooks.set(target, (byHook = new Map()));
  const methods = byHook.get(hook) ?? [];
  if (!methods.includes(method)) methods.push(method);
  byHook.set(hook, methods);
}

/** Hook methods of a class and its ancestors, ancestors first. */
export function getHooks(target: Function, hook: HookName): string[] {
  const chain: Function[] = [];
  for (let c: Function | null = target; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) chain.unshift(c);
  const methods: string[] = [];
  for (const c of chain) for (const m of hooks.get(c)?.get(hook) ?? []) if (!methods.includes(m)) methods.push(m);
  return methods;
}

export function setHandler(target: Function, meta: HandlerMeta): void {
  handlers.set(target, meta);
}

export function getHandler(target: Function): HandlerMeta | undefined {
  return handlers.get(target);
}
