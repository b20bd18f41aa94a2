/** Waits for `work` at most `ms` milliseconds: resolves `true` if it settled in time, `false` otherwise. */
export function withinBudget(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([work.then(() => true, () => true), timeout]).finally(() => clearTimeout(timer));
}
