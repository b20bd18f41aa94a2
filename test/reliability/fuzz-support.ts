import fc from 'fast-check';
import { expect } from 'vitest';
import type { InvocationOutcome } from '../../src/emulator/index.js';

/**
 * fast-check parameters for the suite: a moderate run count (FUZZ_RUNS overrides it, for long local runs) and
 * a seed that is printed with the count, so that any failure can be replayed with FUZZ_SEED=<seed>.
 */
export function fuzzParams(runs: number): { numRuns: number; seed: number } {
  const seed = process.env.FUZZ_SEED === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED);
  return { numRuns: Number(process.env.FUZZ_RUNS ?? runs), seed };
}

/** Runs an async property and prints how many cases ran; fast-check's own report names the seed on failure. */
export async function fuzz<T>(name: string, runs: number, arbitrary: fc.Arbitrary<T>, check: (value: T) => Promise<void>) {
  const params = fuzzParams(runs);
  let cases = 0;
  try {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (value) => {
        cases += 1;
        await check(value);
      }),
      params,
    );
  } finally {
    console.log(`[fuzz] ${name}: ${cases} cases, seed ${params.seed} (replay with FUZZ_SEED=${params.seed})`);
  }
}

/** An error outcome says what was wrong: non-empty errorType and errorMessage, a string trace, a safe header. */
export function expectExplainedError(outcome: InvocationOutcome): void {
  expect(outcome.status).toBe('error');
  const error = outcome.error;
  expect(typeof error?.errorType).toBe('string');
  expect(typeof error?.errorMessage).toBe('string');
  expect(error!.errorType!.length).toBeGreaterThan(0);
  expect(error!.errorMessage!.length).toBeGreaterThan(0);
  expect(Array.isArray(error!.stackTrace)).toBe(true);
  for (const line of error!.stackTrace!) expect(typeof line).toBe('string');
  expect(outcome.headers['lambda-runtime-function-error-type']).toMatch(/^[\x21-\x7E]+$/);
}

/** Tracks a runtime's exit promise so a property can assert after every case that the loop is still serving. */
export function watchExit(exited: Promise<number>): () => number | undefined {
  let code: number | undefined;
  void exited.then((c) => (code = c));
  return () => code;
}
