/**
 * @module
 * The public facade: a local AWS Lambda Runtime API (2018-06-01) with the Extensions API (2020-01-01) and
 * RIE's invoke endpoint, faithful to /work/shared/runtime-api.md. Dev tooling; never imported by src/runtime.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { functionEnv, resolveConfig } from './config.js';
import { EmulatorCore } from './core.js';
import { EmulatorError } from './emulator-error.js';
import type { FunctionProcess } from './function-process.js';
import { platformFailure } from './outcome.js';
import { createEmulatorServer } from './server.js';
import type {
  EmulatorOptions,
  Fault,
  FunctionSpec,
  InvocationOutcome,
  InvokeOptions,
  RecordedRequest,
  ShutdownReason,
  ShutdownReport,
} from './types.js';

/**
 * A Runtime API emulator on an ephemeral port.
 * @example
 * const emulator = await RuntimeApiEmulator.start();
 * emulator.spawnFunction({ command: process.execPath, args: ['runtime.js'] });
 * const outcome = await emulator.invoke({ hello: 'world' });
 * await emulator.close();
 */
export class RuntimeApiEmulator {
  readonly #core: EmulatorCore;
  readonly #server: Server;
  #closing?: Promise<void>;

  private constructor(core: EmulatorCore, server: Server, readonly host: string, readonly port: number) {
    this.#core = core;
    this.#server = server;
  }

  /** Starts listening (127.0.0.1, a free port by default). */
  static async start(options: EmulatorOptions = {}): Promise<RuntimeApiEmulator> {
    const core = new EmulatorCore(resolveConfig(options));
    const server = createEmulatorServer(core);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(core.config.port, core.config.host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return new RuntimeApiEmulator(core, server, core.config.host, port);
  }

  /** `host:port`, the value for `AWS_LAMBDA_RUNTIME_API`. */
  get address(): string {
    return this.host.includes(':') ? `[${this.host}]:${this.port}` : `${this.host}:${this.port}`;
  }

  /** The environment Lambda gives the runtime process, plus `extra`. */
  functionEnv(extra: Record<string, string> = {}): Record<string, string> {
    return functionEnv(this.#core.config, this.address, extra);
  }

  /** Queues an event (Buffer/Uint8Array raw, anything else JSON) and resolves with its outcome. */
  invoke(event: unknown, options: InvokeOptions = {}): Promise<InvocationOutcome> {
    try {
      return this.#core.enqueue(event, options).outcome;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Every request the runtime (and its extensions) made, in arrival order. */
  get requests(): RecordedRequest[] {
    return this.#core.log.requests;
  }

  /** `POST /runtime/init/error` requests. */
  get initErrors(): RecordedRequest[] {
    return this.#core.log.initErrors;
  }

  /** First answered (or reset/hung) request matching `predicate`, past or future. */
  waitFor(predicate: (r: RecordedRequest) => boolean, timeoutMs = 5_000): Promise<RecordedRequest> {
    return this.#core.log.waitFor(predicate, timeoutMs);
  }

  /** `/next` requests currently waiting for an event. */
  get parkedNextCount(): number {
    return this.#core.queue.parkedCount;
  }

  /** Resolves once at least `count` `/next` requests are waiting for an event. */
  waitForParkedNext(count = 1, timeoutMs = 5_000): Promise<void> {
    return withTimeout(this.#core.queue.whenParked(count), timeoutMs, `${count} parked /next request(s)`);
  }

  /** Extensions registered in the current execution environment. */
  get extensionCount(): number {
    return this.#core.extensions.count;
  }

  /** Queues a fault for the next matching request(s). */
  inject(fault: Fault): void {
    this.#core.faults.add(fault);
  }

  /** Starts the function process with `functionEnv()`; restarted after timeouts and, on demand, after crashes. */
  spawnFunction(spec: FunctionSpec): FunctionProcess {
    const base = { PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin', LANG: 'en_US.UTF-8', TZ: ':UTC' };
    const env = () => ({ ...base, LAMBDA_TASK_ROOT: spec.cwd ?? process.cwd(), ...this.functionEnv(), ...spec.env });
    return this.#core.supervisor.spawn(spec, env);
  }

  /** Ends the execution environment: SIGTERM + 500 ms grace with an extension registered, else SIGKILL. */
  shutdown(reason: ShutdownReason = 'spindown'): Promise<ShutdownReport> {
    return this.#core.supervisor.shutdown(reason, this.#core.extensions.count > 0);
  }

  /** Stops the server, kills the function process and settles every pending invocation. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      const core = this.#core;
      core.closed = true;
      await core.supervisor.close();
      core.queue.dropParked(); // so settling one invocation cannot hand the next one out
      const message = 'The emulator was closed before the invocation completed';
      core.failAll(platformFailure('error', 'Emulator.Closed', message));
      core.log.rejectAll(new EmulatorError('The emulator was closed.'));
      const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
      this.#server.closeAllConnections();
      await closed;
    })();
    return this.#closing;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new EmulatorError(`Timed out after ${ms} ms waiting for ${what}.`)), ms);
    timer.unref();
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
