import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AfterResponse, BeforeInvoke, Handler, inject, Scoped, Singleton } from '../../src/kernel/index.js';
import { TestKernel } from '../../src/testing/index.js';
import { expectExplainedError, fuzz } from './fuzz-support.js';
import { thrownValue } from './hostile-values.js';

// What the current case makes each part of the kernel do.
const plan: { thrown: () => unknown; hookThrows: boolean; disposeThrows: boolean } = {
  thrown: () => undefined,
  hookThrows: false,
  disposeThrows: false,
};
const counts = { opened: 0, disposed: 0 };

@Scoped()
class RequestState {
  constructor() {
    counts.opened += 1;
  }
  dispose(): void {
    counts.disposed += 1;
    if (plan.disposeThrows) throw plan.thrown();
  }
}

@Singleton()
class Audit {
  @AfterResponse() after(): void {
    if (plan.hookThrows) throw plan.thrown();
  }
}

@Handler()
class Hostile {
  constructor(@inject(RequestState) readonly state: RequestState, @inject(Audit) readonly audit: Audit) {}
  @BeforeInvoke() before(): void {}
  handle(): never {
    throw plan.thrown();
  }
}

let app: TestKernel;
beforeAll(async () => {
  app = await TestKernel.create({ handler: Hostile, providers: [RequestState, Audit] });
});
afterAll(async () => {
  await app.close();
});

describe('fuzzing the kernel’s invocation path', () => {
  it('reports any thrown value, even when after-response hooks and disposal throw too, and disposes every scope', async () => {
    const cases = fc.record({ value: thrownValue, hookThrows: fc.boolean(), disposeThrows: fc.boolean() });
    let invocations = 0;
    await fuzz('kernel thrown values', 150, cases, async ({ value, hookThrows, disposeThrows }) => {
      Object.assign(plan, { thrown: value.make, hookThrows, disposeThrows });
      const outcome = await app.invokeRaw({});
      invocations += 1;
      expectExplainedError(outcome);
      // invokeRaw resolves once hooks ran and the scope was disposed: nothing may be left open.
      expect(counts).toEqual({ opened: invocations, disposed: invocations });
    });
    plan.hookThrows = plan.disposeThrows = false;
    plan.thrown = () => new Error('still serving');
    expect((await app.invokeRaw({})).error?.errorMessage).toBe('still serving');
  });
});
