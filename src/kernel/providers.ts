import type { InjectionToken } from 'tsyringe';
import { ConfigurationError } from '../errors.js';
import { type Class, type Lifetime, getLifetime } from './metadata.js';

/** One dependency of a provider: a token, or all registrations of it. */
export interface Dependency {
  token: InjectionToken;
  multiple: boolean;
  /** Constructor parameter or factory argument index. */
  index: number;
}

/** A provider as `Kernel.create({ providers })` accepts it. */
export type Provider =
  | Class
  | { provide: InjectionToken; useClass: Class; lifetime?: Lifetime }
  | { provide: InjectionToken; useValue: unknown }
  | { provide: InjectionToken; useFactory: (...deps: any[]) => unknown; inject?: InjectionToken[]; lifetime?: Lifetime };

/** A provider after normalisation: what it supplies, how, and what it needs. */
export interface ProviderDef {
  token: InjectionToken;
  lifetime: Lifetime;
  deps: Dependency[];
  /** The class to construct, when there is one (it carries the hooks). */
  useClass?: Class;
  useValue?: unknown;
  useFactory?: (...deps: unknown[]) => unknown;
  hasValue: boolean;
}

// tsyringe's @inject() stores parameter tokens under this reflect-metadata key (tsyringe/src/reflection-helpers.ts).
const INJECTION_TOKENS = 'injectionTokens';

/** A readable name for a token, for error messages. */
export function tokenName(token: unknown): string {
  if (typeof token === 'function') return token.name || 'an anonymous class';
  if (typeof token === 'symbol') return token.description ?? token.toString();
  return String(token);
}

/**
 * The constructor dependencies of a class, from `@inject()` metadata. esbuild and vitest emit no
 * `design:paramtypes`, so a parameter without `@inject()` cannot be resolved: fail at boot, not at invoke.
 */
export function classDependencies(target: Class): Dependency[] {
  const reflect = Reflect as unknown as { getOwnMetadata?: (key: string, target: object) => unknown };
  const meta = (reflect.getOwnMetadata?.(INJECTION_TOKENS, target) ?? {}) as Record<string, unknown>;
  const count = Math.max(target.length, ...Object.keys(meta).map((k) => Number(k) + 1));
  const deps: Dependency[] = [];
  for (let index = 0; index < count; index++) {
    const entry = meta[index];
    if (entry === undefined) {
      throw new ConfigurationError(
        `${target.name}'s constructor parameter #${index} has no injection token. esbuild and vitest emit no ` +
          `decorator metadata, so every constructor parameter needs @inject(Token), e.g. ` +
          `constructor(@inject(Db) db: Db).`,
      );
    }
    if (typeof entry === 'object' && entry !== null && 'token' in entry) {
      const d = entry as { token: InjectionToken; multiple?: boolean };
      deps.push({ token: d.token, multiple: d.multiple === true, index });
    } else {
      deps.push({ token: entry as InjectionToken, multiple: false, index });
    }
  }
  return deps;
}

/** Normalises one provider. */
export function defineProvider(provider: Provider): ProviderDef {
  if (typeof provider === 'function') {
    return { token: provider, lifetime: getLifetime(provider) ?? 'singleton', deps: classDependencies(provider), useClass: provider, hasValue: false };
  }
  if (typeof provider !== 'object' || provider === null || !('provide' in provider)) {
    throw new ConfigurationError(
      `A provider must be a class or { provide, useClass | useValue | useFactory }; got ${tokenName(provider)}.`,
    );
  }
  if ('useValue' in provider) {
    return { token: provider.provide, lifetime: 'singleton', deps: [], useValue: provider.useValue, hasValue: true };
  }
  if ('useClass' in provider) {
    const cls = provider.useClass;
    return { token: provider.provide, lifetime: provider.lifetime ?? getLifetime(cls) ?? 'singleton', deps: classDependencies(cls), useClass: cls, hasValue: false };
  }
  if ('useFactory' in provider) {
    const deps = (provider.inject ?? []).map((token, index) => ({ token, multiple: false, index }));
    return { token: provider.provide, lifetime: provider.lifetime ?? 'singleton', deps, useFactory: provider.useFactory, hasValue: false };
  }
  throw new ConfigurationError(`The provider for ${tokenName((provider as { provide: unknown }).provide)} needs useClass, useValue or useFactory.`);
}

const defaults: Provider[] = [];

/**
 * Registers a provider every kernel gets unless its own providers override the token (how `lambda-kernel/providers`
 * supplies tokens such as CLOCK without the kernel importing them).
 */
export function provideByDefault(provider: Provider): void {
  defaults.push(provider);
}

/** The providers registered with {@link provideByDefault}. */
export function defaultProviders(): readonly Provider[] {
  return defaults;
}
