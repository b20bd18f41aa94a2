import type { InjectionToken } from 'tsyringe';
import { ConfigurationError } from '../errors.js';
import { getLifetime } from './metadata.js';
import { type ProviderDef, defineProvider, tokenName } from './providers.js';

/** Tokens the kernel itself supplies, by where they live. */
export interface BuiltinTokens {
  /** Values of the invocation (context, event, signal, scope): a singleton must not depend on them. */
  scoped: ReadonlySet<InjectionToken>;
  /** Values for the whole process, or contextual ones safe anywhere (the logger). */
  shared: ReadonlySet<InjectionToken>;
}

/** The checked provider graph: definitions by token, and singletons in init order (dependencies first). */
export interface ProviderGraph {
  defs: Map<InjectionToken, ProviderDef>;
  initOrder: ProviderDef[];
}

/**
 * Checks every provider at boot: each dependency is supplied, no cycle, no singleton holding a scoped value
 * (a captive dependency), and orders singletons so that dependencies initialise first. Classes that carry a
 * lifetime decorator (`@Singleton()`, `@Scoped()`…) are registered on first use.
 * @throws ConfigurationError naming the classes involved and the fix.
 */
export function buildGraph(defs: Map<InjectionToken, ProviderDef>, roots: InjectionToken[], builtins: BuiltinTokens): ProviderGraph {
  const initOrder: ProviderDef[] = [];
  const state = new Map<InjectionToken, 'visiting' | 'done'>();
  // For each token: the scoped token it reaches without passing a scoped provider (undefined if none).
  const reachesScoped = new Map<InjectionToken, string | undefined>();

  const visit = (token: InjectionToken, path: string[]): string | undefined => {
    if (builtins.scoped.has(token)) return tokenName(token);
    if (builtins.shared.has(token)) return undefined;
    let def = defs.get(token);
    if (!def) {
      if (typeof token === 'function' && getLifetime(token) !== undefined) {
        def = defineProvider(token as new (...args: unknown[]) => unknown);
        defs.set(token, def);
      } else {
        const owner = path.at(-1);
        throw new ConfigurationError(
          `${owner ? `${owner} depends on` : 'The kernel needs'} ${tokenName(token)}, which no provider supplies. ` +
            `Add it to providers in Kernel.create({ providers: [...] }), or decorate the class with @Singleton() or @Scoped().`,
        );
      }
    }
    const name = tokenName(token);
    if (state.get(token) === 'visiting') {
      throw new ConfigurationError(`Circular dependency: ${[...path.slice(path.indexOf(name)), name].join(' -> ')}. Break the cycle.`);
    }
    if (state.get(token) === 'done') return def.lifetime === 'scoped' ? name : reachesScoped.get(token);
    state.set(token, 'visiting');
    let scopedVia: string | undefined;
    for (const dep of def.deps) {
      const reached = visit(dep.token, [...path, name]);
      if (reached !== undefined && def.lifetime === 'singleton') {
        throw new ConfigurationError(
          `Singleton ${name} depends on ${reached}, which belongs to one invocation (a captive dependency). ` +
            `Mark ${name} @Scoped(), or inject a singleton and pass invocation values as arguments.`,
        );
      }
      scopedVia ??= reached;
    }
    state.set(token, 'done');
    reachesScoped.set(token, scopedVia);
    if (def.lifetime === 'singleton') initOrder.push(def);
    return def.lifetime === 'scoped' ? name : scopedVia;
  };

  for (const token of [...defs.keys(), ...roots]) visit(token, []);
  return { defs, initOrder };
}
