import type { InjectionToken } from 'tsyringe';
import { provideByDefault } from '../kernel/providers.js';

/** Time, injectable so that tests can control it. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Waits `ms` milliseconds; rejects with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The token of the {@link Clock}; the kernel supplies {@link systemClock} unless overridden. */
export const CLOCK: InjectionToken<Clock> = Symbol.for('lambda-kernel.Clock');

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

provideByDefault({ provide: CLOCK, useValue: systemClock });
