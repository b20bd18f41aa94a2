import { randomUUID } from 'node:crypto';
import type { InjectionToken } from 'tsyringe';
import { type EmulatorOptions, type ErrorDetails, type InvocationOutcome, type InvokeOptions, RuntimeApiEmulator } from '../emulator/index.js';
import { LambdaKernelError } from '../errors.js';
import { Kernel, type KernelOptions } from '../kernel/kernel.js';
import type { Provider } from '../kernel/providers.js';
import type { InvocationDriver } from '../runtime/loop.js';
import { createRuntimeLogger, startRuntime } from '../runtime/runtime.js';

/** Options of {@link TestKernel.create}. */
export interface TestKernelOptions extends KernelOptions {
  /** Providers replacing the kernel's (same token) or added to them: `useValue`, `useClass`, `useFactory`. */
  overrides?: Provider[];
  /** Variables added to the function environment. */
  env?: Record<string, string>;
  emulator?: EmulatorOptions;
  /** Also print the function's log lines (default: capture them in `logs`). */
  printLogs?: boolean;
}

/** What a streaming handler sent, as {@link TestKernel.invokeStream} reports it. */
export interface StreamedResult {
  contentType: string | undefined;
  /** The body in the chunks the Runtime API received (chunk boundaries are not guaranteed on the wire). */
  chunks: Buffer[];
  body: Buffer;
  /** Set when the stream failed: from its error trailers, or the platform's error (timeout, size limit). */
  error?: ErrorDetails;
  /** Lower-cased trailers of the streaming POST. */
  trailers: Record<string, string>;
}

/** The error a handler reported, as Lambda recorded it. */
export class InvocationFailedError extends LambdaKernelError {
  constructor(
    readonly outcome: InvocationOutcome,
  ) {
    const type = outcome.error?.errorType ?? outcome.errorType ?? 'Unknown';
    super(`${type}: ${outcome.error?.errorMessage ?? outcome.status}`, { errorType: type });
    this.stack = [`${this.name}: ${this.message}`, ...(outcome.error?.stackTrace ?? [])].join('\n');
  }
}

/**
 * A kernel for unit tests: providers overridden, invocations sent through the real runtime loop and an
 * in-process emulator (hooks, scopes, error mapping and the wire exactly as on Lambda).
 * @example
 * const app = await TestKernel.create({ handler: Orders, providers: [Db], overrides: [{ provide: Db, useValue: fakeDb }] });
 * expect(await app.invoke({ id: 1 })).toEqual({ ok: true });
 * await app.close();
 */
export class TestKernel {
  readonly kernel: Kernel;
  readonly emulator: RuntimeApiEmulator;
  /** The function's log lines. */
  readonly logs: string[];
  readonly exited: Promise<number>;

  readonly #controller: AbortController;
  readonly #finished: Map<string, () => void>;

  private constructor(
    kernel: Kernel,
    emulator: RuntimeApiEmulator,
    logs: string[],
    exited: Promise<number>,
    controller: AbortController,
    finished: Map<string, () => void>,
  ) {
    this.#controller = controller;
    this.#finished = finished;
    this.kernel = kernel;
    this.emulator = emulator;
    this.logs = logs;
    this.exited = exited;
  }

  /** Boots the kernel; rejects with the init error when booting fails. */
  static async create(options: TestKernelOptions): Promise<TestKernel> {
    const kernel = Kernel.create(options).override(options.overrides ?? []);
    const emulator = await RuntimeApiEmulator.start(options.emulator);
    const logs: string[] = [];
    const env = { ...emulator.functionEnv(), ...options.env };
    let booted!: () => void;
    const ready = new Promise<void>((resolve) => (booted = resolve));
    const controller = new AbortController();
    const finished = new Map<string, () => void>();
    const driver = kernel.driver();
    // The kernel's own driver, plus a note when an invocation is over (hooks run, scope disposed).
    const tracked: InvocationDriver = (invocation) =>
      driver(invocation).finally(() => finished.get(invocation.context.requestId)?.());
    const exited = startRuntime(tracked, kernel.runtimeOptions({
      signal: controller.signal,
      env,
      exit: false,
      patchConsole: false,
      processGuards: false,
      registerExtension: false,
      logger: createRuntimeLogger(env, (line) => {
        logs.push(line);
        if (options.printLogs) process.stdout.write(line);
      }),
      init: () => booted(),
    }));
    const code = await Promise.race([ready.then(() => undefined), exited]);
    if (code !== undefined) {
      await emulator.close();
      const init = emulator.initErrors[0];
      const body = init ? JSON.parse(init.body.toString('utf8')) : { errorType: 'Runtime.Unknown', errorMessage: logs.join('') };
      throw Object.assign(new LambdaKernelError(body.errorMessage, { errorType: body.errorType }), { name: 'InitError' });
    }
    return new TestKernel(kernel, emulator, logs, exited, controller, finished);
  }

  /** Invokes the handler and resolves with its result (JSON-decoded; bytes as a Buffer), or rejects with {@link InvocationFailedError}. */
  async invoke<R = unknown>(event: unknown, options?: InvokeOptions): Promise<R> {
    const outcome = await this.invokeRaw(event, options);
    if (outcome.status !== 'success') throw new InvocationFailedError(outcome);
    if (outcome.contentType?.startsWith('application/json')) return outcome.json<R>();
    return outcome.body as R;
  }

  /**
   * Invokes the handler and resolves with the outcome as the platform saw it (status, bytes, stream chunks,
   * trailers), once the whole invocation is over: `@AfterResponse()` hooks run and the scope disposed.
   */
  async invokeRaw(event: unknown, options: InvokeOptions = {}): Promise<InvocationOutcome> {
    const requestId = options.requestId ?? randomUUID();
    const over = new Promise<void>((resolve) => this.#finished.set(requestId, resolve));
    const outcome = await this.emulator.invoke(event, { ...options, requestId });
    // A timed-out or crashed invocation may never finish in this process; one rejected before the handler
    // (a malformed event) is over when the loop asks for the next event.
    if (outcome.status === 'success' || outcome.status === 'error') {
      const post = this.emulator.requests.findLast((r) => r.method === 'POST' && r.path.includes(encodeURIComponent(requestId)));
      const nextAfter = this.emulator.waitFor((r) => r.method === 'GET' && r.path.endsWith('/next') && r.at > (post?.at ?? 0), 60_000);
      await Promise.race([over, nextAfter.catch(() => {})]);
    }
    this.#finished.delete(requestId);
    return outcome;
  }

  /**
   * Invokes a `@StreamHandler()` and resolves with what it streamed: the content type, the chunks as the
   * Runtime API received them, the whole body, and the error its trailers reported, if any.
   * @example
   * const { contentType, body } = await app.invokeStream({});
   * expect(body.toString()).toContain('message number 3');
   */
  async invokeStream(event: unknown, options?: InvokeOptions): Promise<StreamedResult> {
    const outcome = await this.invokeRaw(event, options);
    const chunks = outcome.chunks.map((c) => c.data);
    const result: StreamedResult = { contentType: outcome.contentType, chunks, body: Buffer.concat(chunks), trailers: outcome.trailers };
    if (outcome.status !== 'success') result.error = { errorType: outcome.errorType, ...outcome.error };
    return result;
  }

  /** Resolves a token from the root container (singletons and values). */
  resolve<T>(token: InjectionToken<T>): T {
    return this.kernel.container.resolve(token);
  }

  /** Runs the `@OnShutdown()` hooks, as a SIGTERM would. */
  shutdown(): Promise<void> {
    return this.kernel.shutdown();
  }

  /** Stops the loop and the emulator. */
  async close(): Promise<void> {
    this.#controller.abort();
    await this.emulator.close();
    await this.exited;
  }
}
