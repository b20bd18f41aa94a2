import { HookError } from '../errors.js';
import { isThenable } from '../runtime/thenable.js';
import { type HookName, getHooks } from './metadata.js';
import type { ProviderDef } from './providers.js';

/** A provider instance and the hook methods it declared. */
export interface HookTarget {
  def: ProviderDef;
  instance: unknown;
  methods: string[];
}

/** The class behind a provider: its `useClass`, else the constructor of the value or factory result. */
function classOf(def: ProviderDef, instance?: unknown): Function | undefined {
  if (def.useClass) return def.useClass;
  if (typeof instance !== 'object' || instance === null) return undefined;
  const ctor = (instance as object).constructor;
  return ctor === Object ? undefined : ctor;
}

/** The hook methods a provider's class declares for `hook` (values and factory results: their constructor's). */
export function hookMethods(def: ProviderDef, hook: HookName, instance?: unknown): string[] {
  const cls = classOf(def, instance);
  return cls ? getHooks(cls, hook) : [];
}

function hookError(target: HookTarget, hook: HookName, method: string, err: unknown): HookError {
  return new HookError(hook, `${classOf(target.def, target.instance)?.name ?? 'provider'}.${method}`, err);
}

/**
 * Calls one hook on one instance; failures become HookError naming the class and the hook. Synchronous hooks
 * stay synchronous (a throw is thrown): the per-invocation path creates no promise for them.
 * @returns a promise only once a hook method returned a thenable.
 */
export function callHook(target: HookTarget, hook: HookName, args: unknown[]): Promise<void> | undefined {
  const { instance, methods } = target;
  for (let i = 0; i < methods.length; i++) {
    let result: unknown;
    try {
      result = (instance as Record<string, (...a: unknown[]) => unknown>)[methods[i]!]!(...args);
    } catch (err) {
      throw hookError(target, hook, methods[i]!, err);
    }
    if (isThenable(result)) return finishHook(result, target, hook, args, i);
  }
  return undefined;
}

/** The rest of {@link callHook} once a method returned a thenable: awaited in order. */
async function finishHook(pending: unknown, target: HookTarget, hook: HookName, args: unknown[], from: number): Promise<void> {
  const { instance, methods } = target;
  for (let i = from; i < methods.length; i++) {
    try {
      await (i === from ? pending : (instance as Record<string, (...a: unknown[]) => unknown>)[methods[i]!]!(...args));
    } catch (err) {
      throw hookError(target, hook, methods[i]!, err);
    }
  }
}

/**
 * Calls a hook on each target in order, collecting (not throwing) errors: teardown runs to the end. While every
 * hook is synchronous, so is this: on Node.js 20 and 22 each promise of the per-invocation path costs more,
 * as AsyncLocalStorage turns on promise hooks.
 */
export function callAll(targets: HookTarget[], hook: HookName, args: unknown[]): unknown[] | Promise<unknown[]> {
  const errors: unknown[] = [];
  for (let i = 0; i < targets.length; i++) {
    try {
      const pending = callHook(targets[i]!, hook, args);
      if (pending !== undefined) return finishAll(pending, targets, i, hook, args, errors);
    } catch (err) {
      errors.push(err);
    }
  }
  return errors;
}

/** The rest of {@link callAll} once a hook returned a promise: awaited in order. */
async function finishAll(pending: Promise<void>, targets: HookTarget[], from: number, hook: HookName, args: unknown[], errors: unknown[]): Promise<unknown[]> {
  for (let i = from; i < targets.length; i++) {
    try {
      await (i === from ? pending : callHook(targets[i]!, hook, args));
    } catch (err) {
      errors.push(err);
    }
  }
  return errors;
}
