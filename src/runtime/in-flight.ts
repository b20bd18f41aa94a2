import type { Invocation } from './invocation.js';

/** The invocations running now, and a way to wait until none is. */
export class InFlight implements Iterable<Invocation> {
  readonly #running = new Set<Invocation>();
  #idle: (() => void) | undefined;

  /** Records an invocation as it starts (`active`) and as it ends. */
  track(invocation: Invocation, active: boolean): void {
    if (active) this.#running.add(invocation);
    else if (this.#running.delete(invocation) && this.#running.size === 0) this.#idle?.();
  }

  get size(): number {
    return this.#running.size;
  }

  [Symbol.iterator](): Iterator<Invocation> {
    return this.#running.values();
  }

  /** Resolves once no invocation is running. */
  idle(): Promise<void> {
    if (this.#running.size === 0) return Promise.resolve();
    return new Promise((resolve) => (this.#idle = resolve));
  }
}
