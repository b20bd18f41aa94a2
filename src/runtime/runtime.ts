import { RuntimeApiClient } from './client.js';
import { type FunctionConfig, readFunctionConfig } from './config.js';
import { toDiagnostic } from './diagnostic.js';
import { currentInvocation } from './invocation-store.js';
import { Logger, patchConsole, readLogSettings } from './logging/index.js';
import { type EventDecoding, type InvocationDriver, type LoopExit, runLoop } from './loop.js';
import { installProcessGuards } from './process-guards.js';
import { withDeadline } from './budget.js';
import { InitTimeoutError } from '../errors.js';
import { type InternalExtension, registerInternalExtension } from './extension.js';
import { InFlight } from './in-flight.js';
import { installTraceEnv } from './trace-env.js';
import { handleShutdownSignals, SHUTDOWN_BUDGET_MS, type ShutdownHandle } from './shutdown.js';

export { SHUTDOWN_BUDGET_MS };

/** Options of {@link startRuntime}, `run` and `runStream`. */
export interface RuntimeOptions {
  /** Environment to read the configuration from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** `json` (default) parses events; `raw` hands the driver the bytes. */
  decoding?: EventDecoding;
  /** The runtime's logger; by default one configured from `AWS_LAMBDA_LOG_FORMAT` / `AWS_LAMBDA_LOG_LEVEL`. */
  logger?: Logger;
  /** Route `console.*` through the logger (default true). */
  patchConsole?: boolean;
  /** Report uncaught exceptions and unhandled rejections, then exit (default true). */
  processGuards?: boolean;
  /** Called with the exit code when the runtime ends (default `process.exit`); `false` only returns it. */
  exit?: ((code: number) => void) | false;
  /** Aborting it stops the loops after their current invocation (tests, embedding). */
  signal?: AbortSignal;
  /** Runs before the first `/next`; a throw is reported to `/runtime/init/error` and ends the runtime. */
  init?: (context: { config: FunctionConfig; logger: Logger }) => unknown;
  /**
   * Time `init` may take before it is reported as an init error (`Runtime.InitTimeout`) and the process exits.
   * Default 10 s, Lambda's init limit, for on-demand functions; no limit for provisioned concurrency, SnapStart
   * and Managed Instances, whose init may run longer. 0 disables it.
   */
  initTimeoutMs?: number;
  /**
   * Runs on SIGTERM or SIGINT, within `shutdownBudgetMs`; the process then exits 0. Setting it registers an
   * internal extension at init, without which Lambda sends no SIGTERM. An invocation still running gets the
   * first half of the budget to finish; if it does not, it is reported as `Runtime.ShutdownInterrupted`
   * before the hooks run (so they never dispose what it still uses, and it is never lost silently).
   */
  onShutdown?: (signal: NodeJS.Signals) => Promise<void> | void;
  /** Time `onShutdown` may take (default 400 ms, inside Lambda's 500 ms shutdown phase). */
  shutdownBudgetMs?: number;
  /**
   * Register the internal extension that makes Lambda send SIGTERM (default true when `onShutdown` is set);
   * a function is asked after init.
   */
  registerExtension?: boolean | (() => boolean);
}

/** Lambda's init limit for on-demand functions (runtime-api.md §6.2). */
export const INIT_TIMEOUT_MS = 10_000;

function defaultInitTimeout(config: FunctionConfig): number {
  const type = config.initializationType;
  return type === undefined || type === 'on-demand' ? INIT_TIMEOUT_MS : 0;
}

/** Builds the logger every runtime line and `console.*` call goes through; lines carry the current request id. */
export function createRuntimeLogger(env: NodeJS.ProcessEnv = process.env, write?: (line: string) => void): Logger {
  return new Logger({
    ...readLogSettings(env),
    write,
    context: () => {
      const invocation = currentInvocation();
      return invocation && { requestId: invocation.requestId, tenantId: invocation.tenantId };
    },
  });
}

/**
 * Starts the runtime: reads the configuration, runs `init`, then one loop per allowed concurrent invocation
 * (`AWS_LAMBDA_MAX_CONCURRENCY`, §7). Resolves with the exit code after calling `options.exit`.
 * @example
 * await startRuntime(async (invocation) => invocation.respond({ ok: true }));
 */
export async function startRuntime(driver: InvocationDriver, options: RuntimeOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createRuntimeLogger(env);
  const exit = options.exit === false ? () => {} : (options.exit ?? ((code: number) => process.exit(code)));
  let config: FunctionConfig;
  try {
    config = readFunctionConfig(env);
  } catch (err) {
    // Without a Runtime API address there is nowhere to report to (§8 case 32).
    logger.fatal('Init Error', err);
    exit(1);
    return 1;
  }
  const restoreConsole = options.patchConsole === false ? undefined : patchConsole(logger);
  const releaseTraceEnv = config.multiConcurrency ? undefined : installTraceEnv();
  const clients = Array.from({ length: config.maxConcurrency }, () => new RuntimeApiClient(config.runtimeApi));
  const inFlight = new InFlight();
  let initializing = true;
  let stopped = false;
  let extension: InternalExtension | undefined;
  let shutdown: ShutdownHandle | undefined;
  const stop = () => {
    stopped = true;
    void Promise.all(clients.map((c) => c.destroyIdle()));
  };
  let finalCode: number | undefined;
  let finish = (code: number) => {
    finish = () => {};
    finalCode = code;
    removeGuards?.();
    shutdown?.remove();
    options.signal?.removeEventListener('abort', stop);
    void extension?.close();
    restoreConsole?.();
    releaseTraceEnv?.();
    void Promise.all(clients.map((c) => c.close().catch(() => {})));
    exit(code);
  };
  const removeGuards =
    options.processGuards === false
      ? undefined
      : installProcessGuards({
          client: clients[0]!,
          logger,
          initializing: () => initializing,
          inFlight: () => inFlight,
          exit: (code) => finish(code),
        });

  try {
    if (options.init) {
      const init = options.init;
      const limit = options.initTimeoutMs ?? defaultInitTimeout(config);
      await withDeadline(Promise.resolve().then(() => init({ config, logger })), limit, () => new InitTimeoutError(limit));
    }
  } catch (err) {
    logger.error('Init Error', err);
    await clients[0]!.initError(toDiagnostic(err)).catch((e: unknown) => logger.error('Reporting the init error failed:', e));
    finish(1);
    return 1;
  }
  if (options.onShutdown) {
    const onShutdown = options.onShutdown;
    const register = options.registerExtension;
    if (typeof register === 'function' ? register() : register !== false) {
      extension = await registerInternalExtension(config.runtimeApi).catch((err: Error) => {
        logger.warn(`${err.message}; shutdown hooks will only run on a signal sent by other means.`);
        return undefined;
      });
    }
    shutdown = handleShutdownSignals({
      logger,
      budgetMs: options.shutdownBudgetMs ?? SHUTDOWN_BUDGET_MS,
      inFlight,
      work: onShutdown,
      stop,
      finish: (code) => finish(code),
    });
  }
  initializing = false;

  if (options.signal?.aborted) stop();
  options.signal?.addEventListener('abort', stop, { once: true });
  const loops = clients.map((client) =>
    runLoop({
      client,
      config,
      driver,
      logger,
      decoding: options.decoding,
      traceEnv: !config.multiConcurrency,
      retryNext: config.multiConcurrency,
      stopped: () => stopped,
      track: (invocation, active) => inFlight.track(invocation, active),
    }).then((result) => {
      stopped = true;
      return result;
    }),
  );
  // The first loop to end decides; the others finish their invocation and stop (as the Go runtime does).
  const first: LoopExit = await Promise.race(loops);
  if (clients.length > 1) {
    await Promise.all(clients.map((c) => c.destroyIdle()));
    await Promise.all(loops);
  }
  // A loop stopped by SIGTERM must not exit before the shutdown hooks have run.
  await shutdown?.running;
  finish(first.code);
  return finalCode ?? first.code;
}
