/**
 * The function under soak: a kernel handler doing what real handlers do per invocation (a scoped service
 * disposed at the end, a singleton, a BeforeInvoke hook, the deadline signal with a listener, one log line),
 * plus the counters that show leaks. The event `{"soak":"stats"}` answers with the counters instead.
 */
import { getEventListeners } from 'node:events';
import { BeforeInvoke, Handler, inject, INVOCATION_SCOPE, InvocationScope, Kernel, Logger, Scoped, Singleton } from 'lambda-kernel';

// Timers, counted through the globals the runtime itself calls: armed minus cleared minus fired is what is live.
const timers = { armed: 0, cleared: 0, fired: 0 };
const live = new Set<unknown>();
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
globalThis.setTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  timers.armed += 1;
  const timer = realSetTimeout((...a: unknown[]) => {
    if (live.delete(timer)) timers.fired += 1;
    callback(...a);
  }, ms, ...args);
  live.add(timer);
  return timer;
}) as typeof setTimeout;
globalThis.clearTimeout = ((timer?: Parameters<typeof clearTimeout>[0]) => {
  if (live.delete(timer)) timers.cleared += 1;
  realClearTimeout(timer);
}) as typeof clearTimeout;

// Invocation contexts and scope containers that were created and later garbage-collected.
const collected = { contexts: 0, containers: 0 };
const created = { contexts: 0, containers: 0 };
const registry = new FinalizationRegistry<'contexts' | 'containers'>((kind) => (collected[kind] += 1));
const scopes = { opened: 0, disposed: 0 };
const listeners = { added: 0, removed: 0, leftOnSignal: 0 };

@Scoped()
class RequestState {
  readonly items: number[] = [];
  constructor() {
    scopes.opened += 1;
  }
  dispose(): void {
    scopes.disposed += 1;
  }
}

@Singleton()
class Totals {
  count = 0;
  @BeforeInvoke() track(scope: InvocationScope): void {
    created.contexts += 1;
    created.containers += 1;
    registry.register(scope.context, 'contexts');
    registry.register(scope.container, 'containers');
  }
}

async function stats(): Promise<Record<string, unknown>> {
  // Twice, with turns in between, so that finalizers of the first pass have run.
  for (let i = 0; i < 3; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const memory = process.memoryUsage();
  const resources: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) resources[type] = (resources[type] ?? 0) + 1;
  return {
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    external: memory.external,
    liveContexts: created.contexts - collected.contexts,
    liveContainers: created.containers - collected.containers,
    liveScopes: scopes.opened - scopes.disposed,
    scopesOpened: scopes.opened,
    liveTimers: timers.armed - timers.cleared - timers.fired,
    timersArmed: timers.armed,
    abortListenersLeft: listeners.added - listeners.removed + listeners.leftOnSignal,
    resources,
    processListeners: Object.fromEntries(
      ['SIGTERM', 'SIGINT', 'uncaughtException', 'unhandledRejection', 'beforeExit'].map((e) => [e, process.listenerCount(e)]),
    ),
  };
}

@Handler()
class Soak {
  constructor(
    @inject(RequestState) readonly state: RequestState,
    @inject(Totals) readonly totals: Totals,
    @inject(Logger) readonly logger: Logger,
    @inject(INVOCATION_SCOPE) readonly scope: InvocationScope,
  ) {}

  async handle(event: { soak?: string; n?: number }) {
    if (event.soak === 'stats') return stats();
    // The deadline signal: a controller and a timer per invocation, and a listener that must not outlive it.
    const { signal } = this.scope.context;
    const onAbort = () => this.logger.warn('aborted');
    signal.addEventListener('abort', onAbort);
    listeners.added += 1;
    try {
      this.state.items.push(event.n ?? 0);
      this.totals.count += 1;
      this.logger.info('invocation', this.totals.count);
      await Promise.resolve();
      return { n: event.n, count: this.totals.count };
    } finally {
      signal.removeEventListener('abort', onAbort);
      listeners.removed += 1;
      listeners.leftOnSignal += getEventListeners(signal, 'abort').length;
    }
  }
}

Kernel.create({ handler: Soak, providers: [RequestState, Totals] }).run();
