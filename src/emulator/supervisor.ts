/**
 * @module
 * Lifecycle policy for the spawned function process: restart after a timeout, crash handling, shutdown.
 */
import { performance } from 'node:perf_hooks';
import type { EmulatorCore } from './core.js';
import { EmulatorError } from './emulator-error.js';
import { FunctionProcess } from './function-process.js';
import { sleep } from './http-util.js';
import { platformFailure } from './outcome.js';
import type { ExitInfo, FunctionSpec, ShutdownReason, ShutdownReport } from './types.js';

/** Time a runtime gets between SIGTERM and SIGKILL with an internal extension registered (runtime-api.md §6.2). */
export const SHUTDOWN_GRACE_MS = 500;

type StopReason = 'timeout' | 'shutdown' | 'close';

/** How Go's os.ProcessState prints a signal, as in Lambda's "Runtime exited with error: signal: killed". */
const SIGNAL_WORDS: Partial<Record<NodeJS.Signals, string>> = {
  SIGKILL: 'killed',
  SIGTERM: 'terminated',
  SIGSEGV: 'segmentation fault',
  SIGABRT: 'aborted',
};

function exitReason({ code, signal }: ExitInfo): string {
  if (signal !== null) return `Runtime exited with error: signal: ${SIGNAL_WORDS[signal] ?? signal}`;
  return code === 0 ? 'Runtime exited without providing a reason' : `Runtime exited with error: exit status ${code}`;
}

/** Owns the one function process of an emulator. */
export class Supervisor {
  #process?: FunctionProcess;
  #stopReason?: StopReason;

  constructor(private readonly core: EmulatorCore) {}

  /** Starts the function process; one per emulator. */
  spawn(spec: FunctionSpec, env: () => Record<string, string>): FunctionProcess {
    if (this.#process !== undefined) throw new EmulatorError('spawnFunction() was already called on this emulator.');
    this.#process = new FunctionProcess(spec, env, (info, requested) => this.#onExit(info, requested));
    this.core.beginInit();
    this.#process.start();
    return this.#process;
  }

  /** Restarts a stopped or crashed process when new work arrives (a cold start). */
  ensureRunning(): void {
    const fp = this.#process;
    if (fp === undefined || fp.running || this.core.closed) return;
    this.core.beginInit();
    fp.start();
  }

  /** SIGKILLs the process after a timeout; a new incarnation starts as soon as it has exited. */
  restartAfterTimeout(): void {
    if (!this.#process?.running) return;
    this.#stopReason = 'timeout';
    this.#process.signal('SIGKILL');
  }

  /** SIGTERM, up to 500 ms, then SIGKILL when `graceful`; otherwise SIGKILL straight away (as Lambda). */
  async shutdown(reason: ShutdownReason, graceful: boolean): Promise<ShutdownReport> {
    const fp = this.#process;
    if (!fp?.running) return { signalSent: false, exitCode: null, signal: null, exitedWithinMs: null, reason };
    this.#stopReason = 'shutdown';
    const started = performance.now();
    const exited = fp.exited;
    fp.signal(graceful ? 'SIGTERM' : 'SIGKILL');
    if (graceful && !(await Promise.race([exited.then(() => true), sleep(SHUTDOWN_GRACE_MS).then(() => false)]))) {
      fp.signal('SIGKILL');
    }
    const info = await exited;
    const exitedWithinMs = Math.round(performance.now() - started);
    return { signalSent: graceful, exitCode: info.code, signal: info.signal, exitedWithinMs, reason };
  }

  /** Kills the process for good. */
  async close(): Promise<void> {
    const fp = this.#process;
    if (!fp?.running) return;
    this.#stopReason = 'close';
    const exited = fp.exited;
    fp.signal('SIGKILL');
    await exited;
  }

  #onExit(info: ExitInfo, requested: boolean): void {
    const reason = requested ? this.#stopReason : undefined;
    this.#stopReason = undefined;
    const { queue } = this.core;
    // Their sockets may not have reported 'close' yet; never hand a queued event to the dead process.
    queue.dropParked();
    const crash = (id: string) =>
      platformFailure('crash', 'Runtime.ExitError', `RequestId: ${id} Error: ${exitReason(info)}`);
    for (const invocation of queue.inflight) invocation.fail(crash(invocation.id));
    if (reason === 'close' || reason === 'shutdown' || this.core.closed) return;
    if (reason === 'timeout') return this.ensureRunning();
    // The process died before its first /next: the invocation waiting for this Init fails, the rest get a
    // fresh process. Consuming one invocation per failed Init bounds the restart loop.
    const waiting = queue.queued[0];
    if (this.core.initPhase && waiting !== undefined) waiting.fail(crash(waiting.id));
    if (queue.queued.length > 0) this.ensureRunning();
  }
}
