/**
 * @module
 * Shared state of one emulator and the platform-side transitions: enqueue, hand out, time out, init error.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { defaultFunctionArn, isManagedInstances, type EmulatorConfig } from './config.js';
import { EmulatorError } from './emulator-error.js';
import { ExtensionRegistry } from './extensions.js';
import { FaultStore } from './faults.js';
import { decodeSegment } from './http-util.js';
import { Invocation } from './invocation.js';
import { InvocationQueue } from './invocation-queue.js';
import { encodeEvent, writeNextEvent } from './next-event.js';
import { platformFailure, tooLargeFailure, type OutcomeParts } from './outcome.js';
import { RequestLog } from './request-log.js';
import { Supervisor } from './supervisor.js';
import type { InvokeOptions } from './types.js';

/** Everything route handlers and the facade share. */
export class EmulatorCore {
  readonly log = new RequestLog();
  readonly faults = new FaultStore();
  readonly queue: InvocationQueue;
  readonly extensions: ExtensionRegistry;
  readonly supervisor = new Supervisor(this);
  /** True from the start of an execution environment until the runtime's first `/next`. */
  initPhase = true;
  closed = false;
  /** An init error posted while nothing was pending; it fails the next invoke. */
  #initError?: OutcomeParts;

  constructor(readonly config: EmulatorConfig) {
    this.queue = new InvocationQueue(config.maxConcurrency, (invocation, res) => this.#handOut(invocation, res));
    this.extensions = new ExtensionRegistry(() => ({
      functionName: config.functionName,
      functionVersion: config.functionVersion,
      handler: config.handler ?? '',
      accountId: config.accountId,
    }));
  }

  /** maxConcurrency > 1: Managed-Instances semantics (410 after timeout, no kill on timeout). */
  get managedInstances(): boolean {
    return isManagedInstances(this.config);
  }

  /** Creates and queues an invocation (or fails it at once with a stored init error). */
  enqueue(event: unknown, options: InvokeOptions): Invocation {
    if (this.closed) throw new EmulatorError('The emulator is closed.');
    const id = options.requestId ?? randomUUID();
    if (this.queue.has(id)) throw new EmulatorError(`Request id ${id} was already used on this emulator.`);
    const invocation = new Invocation(id, encodeEvent(event), options, options.timeoutMs ?? this.config.timeoutMs);
    const initError = this.#initError;
    if (initError !== undefined) {
      this.#initError = undefined;
      invocation.fail(initError);
      return invocation;
    }
    this.supervisor.ensureRunning();
    this.queue.enqueue(invocation);
    return invocation;
  }

  /** A new execution environment begins (first start or restart of the function process). */
  beginInit(): void {
    this.initPhase = true;
    this.extensions.reset();
  }

  /** The runtime called `/next`: the first call ends Init and closes extension registration. */
  runtimeNext(): void {
    if (!this.initPhase) return;
    this.initPhase = false;
    this.extensions.closeRegistration();
  }

  /** `/runtime/init/error`: fails every pending invocation, or the next one when none is pending. */
  initError(parts: OutcomeParts): void {
    const targets = [...this.queue.inflight, ...this.queue.queued];
    if (targets.length === 0) this.#initError = parts;
    for (const invocation of targets) invocation.fail(parts);
  }

  /** A 413 fault on a response/error post: RAPID fails the invocation as `Function.ResponseSizeTooLarge`. */
  failTooLarge(idSegment: string | undefined): void {
    const id = decodeSegment(idSegment ?? '');
    const invocation = id === undefined ? undefined : this.queue.get(id);
    if (invocation?.state !== 'inflight' || invocation.answered) return;
    invocation.fail(tooLargeFailure(this.config.responseLimit));
  }

  /** Settles everything still pending (used by `close()`). */
  failAll(parts: OutcomeParts): void {
    for (const invocation of [...this.queue.inflight, ...this.queue.queued]) invocation.fail(parts);
  }

  #handOut(invocation: Invocation, res: ServerResponse): void {
    const deadlineMs = Date.now() + invocation.timeoutMs;
    const functionArn = invocation.options.functionArn ?? defaultFunctionArn(this.config);
    invocation.start(deadlineMs, (timedOut) => this.#timeout(timedOut));
    writeNextEvent(res, invocation, { functionArn, deadlineMs });
    this.extensions.dispatchInvoke(invocation, functionArn);
  }

  #timeout(invocation: Invocation): void {
    if (invocation.state !== 'inflight') return;
    invocation.timedOut = true;
    const seconds = (invocation.timeoutMs / 1000).toFixed(2);
    const message = `RequestId: ${invocation.id} Error: Task timed out after ${seconds} seconds`;
    invocation.fail(platformFailure('timeout', 'Sandbox.Timeout', message));
    // Managed Instances do not enforce the per-invocation timeout on the code (runtime-api.md §7.1).
    if (!this.managedInstances) this.supervisor.restartAfterTimeout();
  }
}
