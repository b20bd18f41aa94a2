import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanFixtures } from '../helpers/build-fixture.js';
import { buildKernel, type ChildFunction, startChild } from './child-fixtures.js';

// Init and shutdown faults of a kernel function in a real process, with SIGTERM sent by the emulator as Lambda
// does (only because the kernel registered its internal extension for the @OnShutdown() hook).
let kernel: string;
let child: ChildFunction | undefined;
beforeAll(async () => {
  kernel = await buildKernel();
});
afterEach(async () => {
  await child?.emulator.close();
  child = undefined;
});
afterAll(cleanFixtures);

async function start(env: Record<string, string> = {}): Promise<ChildFunction> {
  child = await startChild(kernel, env);
  return child;
}

/** Index of the first output line containing `text` (-1 when absent). */
const lineOf = (c: ChildFunction, text: string) => c.output.findIndex((line) => line.includes(text));

describe('an @OnInit() hook that never finishes', () => {
  it('is ended by the init limit with an init error naming the limit, and the process exits without calling /next', async () => {
    // Prepare
    const c = await start({ INIT_HANG: '1', INIT_TIMEOUT_MS: '300' });

    // Act
    const outcome = await c.emulator.invoke({});
    const exit = await c.fn.exited;

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.errorType).toBe('Runtime.InitTimeout');
    expect(outcome.error?.errorMessage).toMatch(/^Initialization did not finish within 300 ms .*init limit/);
    expect(c.emulator.initErrors[0]!.headers['lambda-runtime-function-error-type']).toBe('Runtime.InitTimeout');
    expect(exit.code).not.toBe(0);
    expect(c.emulator.requests.some((r) => r.path.endsWith('/invocation/next'))).toBe(false);
  });
});

describe('shutdown', () => {
  it('exits 0 on its own, before the SIGKILL, when an @OnShutdown() hook never finishes', async () => {
    // Prepare
    // A 200 ms budget leaves the process ample time to exit before the emulator's SIGKILL at 500 ms.
    const c = await start({ SHUTDOWN_HANG: '1', SHUTDOWN_BUDGET_MS: '200' });
    await c.emulator.waitForParkedNext(1, 10_000);

    // Act
    const report = await c.emulator.shutdown();

    // Assess: signal null means the emulator's SIGKILL (500 ms after SIGTERM) was never needed.
    expect(report).toMatchObject({ signalSent: true, exitCode: 0, signal: null });
    expect(lineOf(c, 'shutdown hook started')).toBeGreaterThan(-1);
    expect(lineOf(c, 'shutdown hook finished')).toBe(-1);
    expect(lineOf(c, 'Shutdown work took longer than 200 ms')).toBeGreaterThan(-1);
  });

  it('lets an invocation running at SIGTERM finish and post its response, then runs the hooks and exits 0', async () => {
    // Prepare: the handler finishes when it sees SIGTERM, as a cooperative handler would.
    const c = await start();
    const outcome = c.emulator.invoke({ mode: 'until-sigterm' });
    await c.printed('handler started until-sigterm');

    // Act
    const report = await c.emulator.shutdown();

    // Assess
    expect((await outcome).json()).toBe('done');
    expect(report).toMatchObject({ signalSent: true, exitCode: 0, signal: null });
    const order = ['handler finished', 'shutdown hook started', 'shutdown hook finished'].map((text) => lineOf(c, text));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('reports an invocation that cannot finish within the budget as Runtime.ShutdownInterrupted, then runs the hooks and exits 0', async () => {
    // Prepare
    const c = await start();
    const outcome = c.emulator.invoke({ mode: 'hang' });
    await c.printed('handler started hang');

    // Act
    const report = await c.emulator.shutdown();

    // Assess: the invocation is not lost silently, and the hooks still ran to completion.
    const result = await outcome;
    expect(result.status).toBe('error');
    expect(result.error?.errorType).toBe('Runtime.ShutdownInterrupted');
    expect(result.error?.errorMessage).toMatch(/received SIGTERM while invocation .* was running/);
    expect(report).toMatchObject({ signalSent: true, exitCode: 0, signal: null });
    expect(lineOf(c, 'shutdown hook finished')).toBeGreaterThan(-1);
  });
});
