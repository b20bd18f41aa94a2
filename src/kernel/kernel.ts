// tsyringe needs the Reflect metadata polyfill loaded before it.
import './reflect.js';
import { container as globalContainer, type DependencyContainer, type InjectionToken } from 'tsyringe';
import { ConfigurationError } from '../errors.js';
import type { FunctionConfig } from '../runtime/config.js';
import { InvocationContext } from '../runtime/context.js';
import type { Invocation } from '../runtime/invocation.js';
import { Logger } from '../runtime/logging/index.js';
import type { InvocationDriver } from '../runtime/loop.js';
import { type RuntimeOptions, startRuntime } from '../runtime/runtime.js';
import { buildGraph, type ProviderGraph } from './graph.js';
import { callAll, callHook, type HookTarget, hookMethods } from './hooks.js';
import { type Class, type HandlerMeta, getHandler } from './metadata.js';
import { handlerDriver } from './modes.js';
import { defaultProviders, defineProvider, type Provider, type ProviderDef, tokenName } from './providers.js';
import { construct, disposeInstance, fromContainer, InvocationScope, isDisposable, type ScopeResolver, scopeOf } from './scope.js';
import { ABORT_SIGNAL, EVENT, FUNCTION_CONFIG, INVOCATION_SCOPE, ROOT_LOGGER } from './tokens.js';

/** What a kernel is made of. */
export interface KernelOptions {
  /** The class decorated with `@Handler()` or `@StreamHandler()`. */
  handler: Class;
  /** Services the handler and each other inject; later entries override earlier ones for the same token. */
  providers?: Provider[];
}

/** A scoped provider with hook methods of one kind (found at boot, not per invocation). */
interface ScopedHook {
  def: ProviderDef;
  methods: string[];
}

// What the kernel supplies inside an invocation: one table serves tsyringe resolution and the kernel's fast path.
const SCOPE_VALUES = new Map<InjectionToken, (scope: InvocationScope) => unknown>([
  [InvocationContext, (scope) => scope.context],
  [EVENT, (scope) => scope.event],
  [ABORT_SIGNAL, (scope) => scope.context.signal],
  [INVOCATION_SCOPE, (scope) => scope],
]);
const SCOPED_BUILTINS = new Set<InjectionToken>(SCOPE_VALUES.keys());
const SHARED_BUILTINS = new Set<InjectionToken>([Logger, ROOT_LOGGER, FUNCTION_CONFIG]);

/**
 * The application kernel: a tsyringe container whose singletons are built and initialised once, before the
 * first invocation, and a child scope per invocation holding its context, event and scoped services.
 * @example
 * Kernel.create({ handler: OrderHandler, providers: [Db, { provide: CLOCK, useValue: systemClock }] }).run();
 */
export class Kernel {
  readonly handler: Class;
  readonly handlerMeta: HandlerMeta;
  /** The root container; singletons live here. */
  readonly container: DependencyContainer;
  readonly #defs = new Map<InjectionToken, ProviderDef>();
  #graph: ProviderGraph | undefined;
  #singletons: HookTarget[] = [];
  #logger: Logger | undefined;
  /** Singleton instances by token, built at boot: the per-invocation resolver reads them without tsyringe. */
  readonly #singletonValues = new Map<InjectionToken, unknown>();
  #scopedHooks: { before: ScopedHook[]; after: ScopedHook[] } = { before: [], after: [] };
  #singletonHooks: { before: HookTarget[]; after: HookTarget[] } = { before: [], after: [] };

  private constructor(options: KernelOptions) {
    const meta = getHandler(options.handler);
    if (!meta) {
      throw new ConfigurationError(
        `${options.handler?.name ?? String(options.handler)} is not a handler class: decorate it with @Handler() or @StreamHandler().`,
      );
    }
    this.handler = options.handler;
    this.handlerMeta = meta;
    this.container = globalContainer.createChildContainer();
    this.#add([...defaultProviders(), ...(options.providers ?? []), this.handler]);
  }

  /** Creates a kernel; nothing is resolved until {@link boot} (or {@link run}). */
  static create(options: KernelOptions): Kernel {
    return new Kernel(options);
  }

  /** Replaces or adds providers before boot (what the test kernel's overrides use). */
  override(providers: Provider[]): this {
    if (this.#graph) throw new ConfigurationError('Providers cannot change after the kernel has booted.');
    this.#add(providers);
    return this;
  }

  #add(providers: Provider[]): void {
    for (const provider of providers) {
      const def = defineProvider(provider);
      this.#defs.set(def.token, def);
    }
  }

  /** The logger the kernel was booted with. */
  get logger(): Logger {
    if (!this.#logger) throw new ConfigurationError('The kernel has not booted yet.');
    return this.#logger;
  }

  /**
   * Checks the provider graph, registers everything, builds the singletons in dependency order and runs their
   * `@OnInit()` hooks. @throws ConfigurationError or HookError (reported to Lambda as init errors).
   */
  async boot(config: FunctionConfig, logger: Logger): Promise<void> {
    this.#logger = logger;
    const graph = buildGraph(this.#defs, [this.handler], { scoped: SCOPED_BUILTINS, shared: SHARED_BUILTINS });
    this.#graph = graph;
    this.#registerBuiltins(config, logger);
    for (const def of graph.defs.values()) {
      if (def.lifetime === 'scoped') {
        this.container.register(def.token, { useFactory: (c) => this.#scope(c, def.token).get(def) });
      } else if (def.lifetime === 'transient') {
        this.container.register(def.token, { useFactory: (c) => construct(def, fromContainer(c)) });
      }
    }
    for (const def of graph.initOrder) {
      const instance = construct(def, fromContainer(this.container));
      this.container.register(def.token, { useValue: instance });
      this.#singletonValues.set(def.token, instance);
      const target = { def, instance, methods: hookMethods(def, 'OnInit', instance) };
      this.#singletons.push(target);
      await callHook(target, 'OnInit', []);
    }
    const withHook = (hook: 'BeforeInvoke' | 'AfterResponse') =>
      this.#singletons.map((t) => ({ ...t, methods: hookMethods(t.def, hook, t.instance) })).filter((t) => t.methods.length > 0);
    this.#singletonHooks = { before: withHook('BeforeInvoke'), after: withHook('AfterResponse') };
    const scoped = [...graph.defs.values()].filter((d) => d.lifetime === 'scoped');
    const scopedHooks = (hook: 'BeforeInvoke' | 'AfterResponse') =>
      scoped.map((def) => ({ def, methods: hookMethods(def, hook) })).filter((h) => h.methods.length > 0);
    this.#scopedHooks = { before: scopedHooks('BeforeInvoke'), after: scopedHooks('AfterResponse') };
    for (const def of scoped) {
      if (hookMethods(def, 'OnInit').length + hookMethods(def, 'OnShutdown').length > 0) {
        throw new ConfigurationError(
          `${tokenName(def.token)} is scoped to one invocation, so @OnInit()/@OnShutdown() never run on it. ` +
            'Move those hooks to a singleton provider.',
        );
      }
    }
  }

  #registerBuiltins(config: FunctionConfig, logger: Logger): void {
    const c = this.container;
    for (const [token, value] of [[FUNCTION_CONFIG, config], [ROOT_LOGGER, logger]] as const) {
      c.register(token, { useValue: value });
      this.#singletonValues.set(token, value);
    }
    c.register(Logger, { useFactory: (r) => scopeOf(r)?.logger ?? logger });
    for (const [token, read] of SCOPE_VALUES) c.register(token, { useFactory: (r) => read(this.#scope(r, token)) });
  }

  #scope(c: DependencyContainer, token: InjectionToken): InvocationScope {
    const scope = scopeOf(c);
    if (!scope) {
      throw new ConfigurationError(`${tokenName(token)} belongs to an invocation; resolve it inside one (inject it into a scoped class).`);
    }
    return scope;
  }

  /**
   * Resolves a token for one invocation as the container would (the same registrations, in the same order of
   * precedence), without tsyringe: no child container, no registry walk. Tokens the kernel did not register
   * fall back to the invocation's container.
   */
  readonly #resolve: ScopeResolver = (scope, token) => {
    if (this.#singletonValues.has(token)) return this.#singletonValues.get(token);
    const def = this.#graph?.defs.get(token);
    if (def?.lifetime === 'scoped') return scope.get(def);
    if (def?.lifetime === 'transient') return scope.create(def);
    const read = SCOPE_VALUES.get(token);
    if (read) return read(scope);
    if (token === Logger) return scope.logger;
    return scope.container.resolve(token);
  };

  /** Opens the scope of one invocation. */
  openScope(invocation: Invocation): InvocationScope {
    return new InvocationScope(this.container, invocation.context, invocation.event, this.logger, this.#resolve);
  }

  /** Hook targets for one invocation: singletons in init order, then scoped providers, then the handler. */
  hookTargets(scope: InvocationScope, hook: 'BeforeInvoke' | 'AfterResponse', handler: unknown): HookTarget[] {
    const before = hook === 'BeforeInvoke';
    const targets = (before ? this.#singletonHooks.before : this.#singletonHooks.after).slice();
    const scoped = before ? this.#scopedHooks.before : this.#scopedHooks.after;
    for (const { def, methods } of scoped) {
      targets.push({ def, instance: def.token === this.handler ? handler : scope.get(def), methods });
    }
    return targets;
  }

  /** True when any provider or the handler has a hook of this kind (lets the driver skip the work). */
  hasHooks(hook: 'BeforeInvoke' | 'AfterResponse'): boolean {
    return hook === 'BeforeInvoke'
      ? this.#singletonHooks.before.length + this.#scopedHooks.before.length > 0
      : this.#singletonHooks.after.length + this.#scopedHooks.after.length > 0;
  }

  /** The invocation driver: scope, hooks, handler, answer, after-response hooks, disposal. */
  driver(): InvocationDriver {
    return handlerDriver(this);
  }

  /** Runs `@OnShutdown()` hooks in reverse init order, then disposes the singletons. */
  async shutdown(): Promise<void> {
    const targets = [...this.#singletons].reverse();
    const errors = await callAll(
      targets.map((t) => ({ ...t, methods: hookMethods(t.def, 'OnShutdown', t.instance) })).filter((t) => t.methods.length > 0),
      'OnShutdown',
      [],
    );
    for (const t of targets) await disposeInstance(t.instance).catch((err: unknown) => errors.push(err));
    for (const err of errors) this.#logger?.error('Shutdown error:', err);
  }

  /** True when something must run at shutdown (hooks or disposable singletons). */
  get needsShutdown(): boolean {
    return this.#singletons.some((t) => hookMethods(t.def, 'OnShutdown', t.instance).length > 0 || isDisposable(t.instance));
  }

  /**
   * Boots the kernel during the runtime's init and serves invocations until the runtime ends.
   * @example
   * Kernel.create({ handler: Hello }).run();
   */
  run(options: RuntimeOptions = {}): Promise<number> {
    return startRuntime(this.driver(), this.runtimeOptions(options));
  }

  /** The runtime options that boot this kernel at init and shut it down on SIGTERM, on top of `options`. */
  runtimeOptions(options: RuntimeOptions = {}): RuntimeOptions {
    const runtimeInit = options.init;
    return {
      ...options,
      init: async (init) => {
        await this.boot(init.config, init.logger);
        await runtimeInit?.(init);
      },
      registerExtension: options.registerExtension ?? (() => this.needsShutdown),
      onShutdown: async (signal) => {
        await this.shutdown();
        await options.onShutdown?.(signal);
      },
    };
  }
}
