/**
 * @module
 * Routes the global console through a {@link Logger}, as AWS's Node runtime does (spec §5.3).
 */
import type { Logger, LogMethod } from './logger.js';

const PATCHED = ['log', 'trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

/**
 * Points `console.trace/debug/info/warn/error` at the logger's methods, `console.log` at INFO, and adds
 * `console.fatal`. Returns a function restoring the previous methods (idempotent; restore in reverse patch order).
 * `console.trace` logs at TRACE without dumping a stack to stderr. `console.dir`, `table` etc. are left alone.
 */
export function patchConsole(logger: Logger): () => void {
  const target = console as unknown as Record<string, unknown>;
  const saved = PATCHED.map((key) => ({ key, own: Object.hasOwn(target, key), value: target[key] }));
  const methods: Record<(typeof PATCHED)[number], LogMethod> = {
    log: logger.info,
    trace: logger.trace,
    debug: logger.debug,
    info: logger.info,
    warn: logger.warn,
    error: logger.error,
    fatal: logger.fatal,
  };
  for (const key of PATCHED) target[key] = methods[key];
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    for (const { key, own, value } of saved) {
      if (own) target[key] = value;
      else delete target[key];
    }
  };
}
