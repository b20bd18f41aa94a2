import { HookError } from '../errors.js';
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

/** Calls one hook on one instance; failures become HookError naming the class and the hook. */
export async function callHook(target: HookTarget, hook: HookName, args: unknown[]): Promise<void> {
  for (const method of target.methods) {
    try {
      await (target.instance as Record<string, (...a: unknown[]) => unknown>)[method]!(...args);
    } catch (err) {
      throw new HookError(hook, `${classOf(target.def, target.instance)?.name ?? 'provider'}.${method}`, err);
    }
  }
}

/** Calls a hook on each target in order, collecting (not throwing) errors: teardown runs to the end. */
export async function callAll(targets: HookTarget[], hook: HookName, args: unknown[]): Promise<unknown[]> {
  const errors: unknown[] = [];
  for (const target of targets) {
    try {
      await callHook(target, hook, args);
    } catch (err) {
      errors.push(err);
    }
  }
  return errors;
}
