/**
 * @module
 * One invocation's life: queued → in flight → settled. It settles once the runtime has posted its result and
 * every INVOKE-subscribed extension has called `event/next` again, or at once on a platform failure.
 */
import { buildOutcome, type OutcomeParts } from './outcome.js';
import type { InvocationOutcome, InvokeOptions } from './types.js';

/** Callbacks on an invocation's progress (used by the queue and the invoke endpoint). */
export interface InvocationObserver {
  onStreamStart?(contentType: string | undefined): void;
  onChunk?(data: Buffer): void;
  onSettled?(outcome: InvocationOutcome): void;
}

/** Where an invocation is in its life. */
export type InvocationState = 'queued' | 'inflight' | 'settled';

/** Internal model of one invocation. */
export class Invocation {
  /** Resolves exactly once; never rejects. */
  readonly outcome: Promise<InvocationOutcome>;
  state: InvocationState = 'queued';
  /** A runtime post (or a platform failure) was accepted for this id; later posts get 403. */
  answered = false;
  /** Posts after a timeout get 400 (410 in Managed-Instances mode), not 403. */
  timedOut = false;
  deadlineMs = 0;
  /** Extensions that received this INVOKE event and have not called `event/next` since. */
  readonly awaiting = new Set<string>();
  #result?: OutcomeParts;
  #timer?: NodeJS.Timeout;
  #resolve!: (outcome: InvocationOutcome) => void;
  readonly #observers: InvocationObserver[] = [];

  constructor(
    readonly id: string,
    readonly payload: Buffer,
    readonly options: InvokeOptions,
    readonly timeoutMs: number,
  ) {
    this.outcome = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  /** Subscribes to progress events. */
  observe(observer: InvocationObserver): void {
    this.#observers.push(observer);
  }

  /** Marks the invocation handed out to the runtime and arms the function timeout. */
  start(deadlineMs: number, onTimeout: (invocation: Invocation) => void): void {
    this.state = 'inflight';
    this.deadlineMs = deadlineMs;
    this.#timer = setTimeout(() => onTimeout(this), this.timeoutMs);
    this.#timer.unref();
  }

  /** The runtime's result; the outcome waits for extensions still owing an `event/next`. */
  finishRuntime(result: OutcomeParts): void {
    if (this.state === 'settled') return;
    this.answered = true;
    this.#result = result;
    this.#settleIfAcknowledged();
  }

  /** An INVOKE subscriber called `event/next` again. */
  acknowledge(extensionId: string): void {
    this.awaiting.delete(extensionId);
    this.#settleIfAcknowledged();
  }

  /** A platform-side failure (timeout, crash, limit, init error): settles at once. */
  fail(parts: OutcomeParts): void {
    this.#settle(parts);
  }

  /** A streaming response started. */
  streamStarted(contentType: string | undefined): void {
    this.options.onStreamStart?.(contentType);
    for (const o of this.#observers) o.onStreamStart?.(contentType);
  }

  /** A streamed chunk arrived. */
  chunk(data: Buffer): void {
    if (this.state === 'settled') return;
    this.options.onChunk?.(data);
    for (const o of this.#observers) o.onChunk?.(data);
  }

  #settleIfAcknowledged(): void {
    if (this.#result !== undefined && this.awaiting.size === 0) this.#settle(this.#result);
  }

  #settle(parts: OutcomeParts): void {
    if (this.state === 'settled') return;
    this.state = 'settled';
    this.answered = true;
    clearTimeout(this.#timer);
    const outcome = buildOutcome(this.id, parts);
    // Observers run synchronously so the concurrency slot is free before the runtime sees its 202.
    for (const o of this.#observers) o.onSettled?.(outcome);
    this.#resolve(outcome);
  }
}
