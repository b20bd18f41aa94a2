/**
 * @module
 * Matches queued invocations with parked `/next` requests, never more than `maxConcurrency` in flight.
 */
import type { ServerResponse } from 'node:http';
import type { Invocation } from './invocation.js';

/** Writes an invocation to a parked `/next` response. */
export type HandOut = (invocation: Invocation, res: ServerResponse) => void;

/** The invocation queue and the set of long-polling `/next` requests. */
export class InvocationQueue {
  readonly #queued: Invocation[] = [];
  readonly #parked: ServerResponse[] = [];
  readonly #inflight = new Set<Invocation>();
  readonly #byId = new Map<string, Invocation>();
  readonly #parkedWaiters = new Set<() => void>();

  constructor(
    private readonly maxConcurrency: number,
    private readonly handOut: HandOut,
  ) {}

  /** Every invocation ever enqueued, by id (kept so late posts get the right 400/403). */
  get(id: string): Invocation | undefined {
    return this.#byId.get(id);
  }

  /** True when the id was ever used on this emulator. */
  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /** `/next` requests waiting for an event. */
  get parkedCount(): number {
    return this.#parked.length;
  }

  /** Waiting for a `/next`, in arrival order. */
  get queued(): readonly Invocation[] {
    return this.#queued;
  }

  /** Handed out and not settled. */
  get inflight(): Invocation[] {
    return [...this.#inflight];
  }

  /** Adds an invocation; it is handed out as soon as a `/next` is parked and a slot is free. */
  enqueue(invocation: Invocation): void {
    this.#byId.set(invocation.id, invocation);
    this.#queued.push(invocation);
    invocation.observe({
      onSettled: () => {
        const at = this.#queued.indexOf(invocation);
        if (at >= 0) this.#queued.splice(at, 1);
        this.#inflight.delete(invocation);
        this.pump();
      },
    });
    this.pump();
  }

  /** Holds a `/next` request until an invocation is available (no server-side timeout). */
  park(res: ServerResponse): void {
    this.#parked.push(res);
    res.once('close', () => {
      const at = this.#parked.indexOf(res);
      if (at >= 0) this.#parked.splice(at, 1);
    });
    this.#notifyParked();
    this.pump();
  }

  /** Destroys every parked `/next`: they belong to a function process that is gone. */
  dropParked(): void {
    for (const res of this.#parked.splice(0)) res.destroy();
  }

  /** Resolves once at least `count` `/next` requests are parked. */
  whenParked(count: number): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.#parked.length < count) return;
        this.#parkedWaiters.delete(check);
        resolve();
      };
      this.#parkedWaiters.add(check);
      check();
    });
  }

  /** Hands out as many invocations as parked requests and free slots allow. */
  pump(): void {
    while (this.#queued.length > 0 && this.#parked.length > 0 && this.#inflight.size < this.maxConcurrency) {
      const res = this.#parked.shift() as ServerResponse;
      // The runtime may have gone away before 'close' was processed; never hand an event to a dead socket.
      if (res.destroyed || res.writableEnded) continue;
      const invocation = this.#queued.shift() as Invocation;
      this.#inflight.add(invocation);
      this.handOut(invocation, res);
    }
  }

  #notifyParked(): void {
    for (const check of [...this.#parkedWaiters]) check();
  }
}
