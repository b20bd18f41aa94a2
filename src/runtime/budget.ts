/** Waits for `work` at most `ms` milliseconds: resolves `true` if it settled in time, `false` otherwise. */
export function withinBudget(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([work.then(() => true, () => true), timeout]).finally(() => clearTimeout(timer));
}

/** Settles like `work`, or rejects with `onTimeout()` after `ms` milliseconds (no limit when `ms` is 0 or not finite). */
export function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  if (!(ms > 0 && Number.isFinite(ms))) return work;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(onTimeout()), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
