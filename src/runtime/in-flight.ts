import type { Invocation } from './invocation.js';

/** The invocations running now, and a way to wait until none is. */
export class InFlight implements Iterable<Invocation> {
  // One invocation at a time is the usual case: a field holds it, so the hot path does no Set work.
  #first: Invocation | undefined;
  readonly #others = new Set<Invocation>();
  #idle: (() => void) | undefined;

  /** Records an invocation as it starts (`active`) and as it ends. */
  track(invocation: Invocation, active: boolean): void {
    if (active) {
      if (this.#first === undefined) this.#first = invocation;
      else this.#others.add(invocation);
      return;
    }
    if (this.#first === invocation) this.#first = undefined;
    else if (!this.#others.delete(invocation)) return;
    if (this.size === 0) this.#idle?.();
  }

  get size(): number {
    return (this.#first === undefined ? 0 : 1) + this.#others.size;
  }

  *[Symbol.iterator](): Iterator<Invocation> {
    if (this.#first !== undefined) yield this.#first;
    yield* this.#others;
  }

  /** Resolves once no invocation is running. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => (this.#idle = resolve));
  }
}
