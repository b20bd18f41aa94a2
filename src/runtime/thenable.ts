/** True for a promise or any object with a `then` method, which `await` would treat as one. */
export function isThenable<T = unknown>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}
