import type { DependencyContainer, InjectionToken } from 'tsyringe';
import type { InvocationContext } from '../runtime/context.js';
import type { Logger } from '../runtime/logging/index.js';
import type { Dependency, ProviderDef } from './providers.js';

/** Builds an instance of a provider, each dependency supplied by `resolve`. */
export function construct(def: ProviderDef, resolve: (dep: Dependency) => unknown): unknown {
  if (def.hasValue) return def.useValue;
  const args = def.deps.map(resolve);
  return def.useClass ? new def.useClass(...args) : def.useFactory!(...args);
}

/** Resolves dependencies from a container (all registrations for `injectAll`). */
export function fromContainer(container: DependencyContainer): (dep: Dependency) => unknown {
  return (d) => (d.multiple ? container.resolveAll(d.token) : container.resolve(d.token));
}

/** Resolves one token for one invocation; the kernel's resolver answers without going through tsyringe. */
export type ScopeResolver = (scope: InvocationScope, token: InjectionToken) => unknown;

const asyncDispose: symbol = (Symbol as { asyncDispose?: symbol }).asyncDispose ?? Symbol.for('nodejs.asyncDispose');
const syncDispose: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('nodejs.dispose');

/** True for an instance that has something to dispose. */
export function isDisposable(instance: unknown): boolean {
  return disposeKey(instance) !== undefined;
}

/** The key of an instance's dispose method (`Symbol.asyncDispose`, `Symbol.dispose` or `dispose`), if any. */
function disposeKey(instance: unknown): string | symbol | undefined {
  if (typeof instance !== 'object' || instance === null) return undefined;
  const target = instance as Record<string | symbol, unknown>;
  if (typeof target[asyncDispose] === 'function') return asyncDispose;
  if (typeof target[syncDispose] === 'function') return syncDispose;
  return typeof target.dispose === 'function' ? 'dispose' : undefined;
}

/** Disposes one instance: `Symbol.asyncDispose`, `Symbol.dispose` or a `dispose()` method, whichever it has. */
export async function disposeInstance(instance: unknown): Promise<void> {
  const method = disposeKey(instance);
  if (method !== undefined) await (instance as Record<string | symbol, () => unknown>)[method]!();
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
  readonly context: InvocationContext;
  readonly event: unknown;
  readonly #instances = new Map<ProviderDef, unknown>();
  readonly #parent: DependencyContainer;
  readonly #root: Logger;
  readonly #resolver: ScopeResolver | undefined;
  #container: DependencyContainer | undefined;
  #logger: Logger | undefined;

  /** `resolver` answers {@link resolve} and dependencies of scoped providers; without it, the container does. */
  constructor(root: DependencyContainer, context: InvocationContext, event: unknown, logger: Logger, resolver?: ScopeResolver) {
    this.#parent = root;
    this.context = context;
    this.event = event;
    this.#root = logger;
    this.#resolver = resolver;
  }

  /** The invocation's child container, created on first use (the kernel's own resolution does not need it). */
  get container(): DependencyContainer {
    if (this.#container === undefined) {
      this.#container = this.#parent.createChildContainer();
      scopes.set(this.#container, this);
    }
    return this.#container;
  }

  /** Resolves a token for this invocation. */
  resolve<T = unknown>(token: InjectionToken<T>): T {
    return (this.#resolver ? this.#resolver(this, token) : this.container.resolve(token)) as T;
  }

  /** The request-scoped logger (its lines carry the request id). */
  get logger(): Logger {
    return (this.#logger ??= this.#root.child({}));
  }

  /** The scope's instance of a scoped provider, created on first use. */
  get(def: ProviderDef): unknown {
    if (this.#instances.has(def)) return this.#instances.get(def);
    const instance = this.create(def);
    this.#instances.set(def, instance);
    return instance;
  }

  /** A new instance of a provider, its dependencies resolved for this invocation (transients, scoped on first use). */
  create(def: ProviderDef): unknown {
    const resolver = this.#resolver;
    if (resolver === undefined) return construct(def, fromContainer(this.container));
    return construct(def, (d) => (d.multiple ? this.container.resolveAll(d.token) : resolver(this, d.token)));
  }

  /** Disposes every scoped instance, newest first; returns the errors instead of throwing. */
  async dispose(): Promise<unknown[]> {
    return this.end();
  }

  /**
   * {@link dispose}, synchronous when no scoped instance has a dispose method (the usual case), so that the
   * kernel's per-invocation path creates no promise for it.
   */
  end(): unknown[] | Promise<unknown[]> {
    for (const instance of this.#instances.values()) {
      if (disposeKey(instance) !== undefined) return this.#disposeAll();
    }
    this.#forget();
    return [];
  }

  /** Disposes the instances that have a dispose method, newest first, collecting the errors. */
  async #disposeAll(): Promise<unknown[]> {
    const errors: unknown[] = [];
    const instances = [...this.#instances.values()];
    for (let i = instances.length - 1; i >= 0; i--) {
      // Only instances with a dispose method cost an await.
      const method = disposeKey(instances[i]);
      if (method === undefined) continue;
      try {
        await (instances[i] as Record<string | symbol, () => unknown>)[method]!();
      } catch (err) {
        errors.push(err);
      }
    }
    this.#forget();
    return errors;
  }

  #forget(): void {
    this.#instances.clear();
    if (this.#container !== undefined) scopes.delete(this.#container);
  }
}
