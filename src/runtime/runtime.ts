import { RuntimeApiClient } from './client.js';
import { type FunctionConfig, readFunctionConfig } from './config.js';
import { toDiagnostic } from './diagnostic.js';
import type { Invocation } from './invocation.js';
import { currentInvocation } from './invocation-store.js';
import { Logger, patchConsole, readLogSettings } from './logging/index.js';
import { type EventDecoding, type InvocationDriver, type LoopExit, runLoop } from './loop.js';
import { installProcessGuards } from './process-guards.js';
import { withinBudget } from './budget.js';
import { type InternalExtension, registerInternalExtension } from './extension.js';

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
   * Runs on SIGTERM or SIGINT, within `shutdownBudgetMs`; the process then exits 0. Setting it registers an
   * internal extension at init, without which Lambda sends no SIGTERM.
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

/** Default time shutdown work may take: Lambda allows 500 ms with an internal extension, exit needs the rest. */
export const SHUTDOWN_BUDGET_MS = 400;

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
  const clients = Array.from({ length: config.maxConcurrency }, () => new RuntimeApiClient(config.runtimeApi));
  const inFlight = new Set<Invocation>();
  let initializing = true;
  let stopped = false;
  let extension: InternalExtension | undefined;
  let onSignal: ((signal: NodeJS.Signals) => void) | undefined;
  let finalCode: number | undefined;
  let finish = (code: number) => {
    finish = () => {};
    finalCode = code;
    removeGuards?.();
    if (onSignal) {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    }
    void extension?.close();
    restoreConsole?.();
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
    await options.init?.({ config, logger });
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
    onSignal = (signal) => {
      stopped = true;
      logger.info(`${signal} received: shutting down`);
      const budget = options.shutdownBudgetMs ?? SHUTDOWN_BUDGET_MS;
      void withinBudget(Promise.resolve().then(() => onShutdown(signal)), budget).then((inTime) => {
        if (!inTime) logger.warn(`Shutdown work took longer than ${budget} ms; exiting without waiting for it.`);
        finish(0);
        stop();
      });
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  initializing = false;

  const stop = () => {
    stopped = true;
    void Promise.all(clients.map((c) => c.destroyIdle()));
  };
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
      track: (invocation, active) => (active ? inFlight.add(invocation) : inFlight.delete(invocation)),
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
  finish(first.code);
  return finalCode ?? first.code;
}
