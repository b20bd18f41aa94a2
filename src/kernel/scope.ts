import type { DependencyContainer } from 'tsyringe';
import type { InvocationContext } from '../runtime/context.js';
import type { Logger } from '../runtime/logging/index.js';
import type { ProviderDef } from './providers.js';

/** Builds an instance of a provider, resolving its dependencies from a container. */
export function construct(def: ProviderDef, container: DependencyContainer): unknown {
  if (def.hasValue) return def.useValue;
  const args = def.deps.map((d) => (d.multiple ? container.resolveAll(d.token) : container.resolve(d.token)));
  return def.useClass ? new def.useClass(...args) : def.useFactory!(...args);
}

const asyncDispose: symbol = (Symbol as { asyncDispose?: symbol }).asyncDispose ?? Symbol.for('nodejs.asyncDispose');
const syncDispose: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('nodejs.dispose');

/** True for an instance that has something to dispose. */
export function isDisposable(instance: unknown): boolean {
  if (typeof instance !== 'object' || instance === null) return false;
  const target = instance as Record<string | symbol, unknown>;
  return [asyncDispose, syncDispose, 'dispose'].some((key) => typeof target[key] === 'function');
}

/** Disposes one instance: `Symbol.asyncDispose`, `Symbol.dispose` or a `dispose()` method, whichever it has. */
export async function disposeInstance(instance: unknown): Promise<void> {
  if (typeof instance !== 'object' || instance === null) return;
  const target = instance as Record<string | symbol, unknown>;
  const method = [asyncDispose, syncDispose, 'dispose'].find((key) => typeof target[key] === 'function');
  if (method !== undefined) await (target[method] as () => unknown).call(instance);
}

const scopes = new WeakMap<DependencyContainer, InvocationScope>();

/** The invocation scope a container belongs to, if any. */
export function scopeOf(container: DependencyContainer): InvocationScope | undefined {
  return scopes.get(container);
}

/**
 * One invocation's scope: a child container holding the context, the event and the scoped instances,
 * which are disposed, newest first, when the invocation ends.
 */
export class InvocationScope {
  readonly container: DependencyContainer;
  readonly context: InvocationContext;
  readonly event: unknown;
  readonly #instances = new Map<ProviderDef, unknown>();
  readonly #root: Logger;
  #logger: Logger | undefined;

  constructor(root: DependencyContainer, context: InvocationContext, event: unknown, logger: Logger) {
    this.container = root.createChildContainer();
    this.context = context;
    this.event = event;
    this.#root = logger;
    scopes.set(this.container, this);
  }

  /** The request-scoped logger (its lines carry the request id). */
  get logger(): Logger {
    return (this.#logger ??= this.#root.child({}));
  }

  /** The scope's instance of a scoped provider, created on first use. */
  get(def: ProviderDef): unknown {
    if (this.#instances.has(def)) return this.#instances.get(def);
    const instance = construct(def, this.container);
    this.#instances.set(def, instance);
    return instance;
  }

  /** Instances created so far, oldest first. */
  instances(): Iterable<[ProviderDef, unknown]> {
    return this.#instances.entries();
  }

  /** Disposes every scoped instance, newest first; returns the errors instead of throwing. */
  async dispose(): Promise<unknown[]> {
    const errors: unknown[] = [];
    for (const instance of [...this.#instances.values()].reverse()) {
      try {
        await disposeInstance(instance);
      } catch (err) {
        errors.push(err);
      }
    }
    this.#instances.clear();
    scopes.delete(this.container);
    return errors;
  }
}
