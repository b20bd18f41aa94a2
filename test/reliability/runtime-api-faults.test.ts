import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanFixtures } from '../helpers/build-fixture.js';
import { buildPlain, type ChildFunction, startChild } from './child-fixtures.js';

// Faults of the platform side, against a real function process (runtime-api.md §1.6). The basic single-mode
// /next 500 and reset, and /response 500, are in test/runtime/child-process.test.ts.
let plain: string;
let child: ChildFunction | undefined;
beforeAll(async () => {
  plain = await buildPlain();
});
afterEach(async () => {
  await child?.emulator.close();
  child = undefined;
});
afterAll(cleanFixtures);

async function start(options: Parameters<typeof startChild>[2] = {}): Promise<ChildFunction> {
  child = await startChild(plain, {}, options);
  return child;
}

const nextCalls = (c: ChildFunction) => c.emulator.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/invocation/next'));
const posts = (c: ChildFunction, kind: 'response' | 'error') => c.emulator.requests.filter((r) => r.path.endsWith(`/${kind}`));

describe('a function process under Runtime API faults', () => {
  it('retries /next connection resets with back-off in multi-concurrency mode, serving invocations meanwhile', async () => {
    // Prepare
    const c = await start({ maxConcurrency: 2 });
    await c.emulator.waitForParkedNext(2, 10_000);
    c.emulator.inject({ route: 'next', action: 'reset', times: 3 });

    // Act
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await c.emulator.invoke({ i }));
    await c.emulator.waitForParkedNext(2, 10_000);

    // Assess
    expect(outcomes.map((o) => o.json<{ echo: unknown }>().echo)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }, { i: 3 }]);
    expect(c.fn.running).toBe(true);
    expect(c.fn.restarts).toBe(0);
    // Three resets, each retried after a back-off (per loop: 100 ms, then doubling).
    const retries = () => c.output.filter((line) => /could not be reached .*retrying in \d+ ms/.test(line));
    await vi.waitFor(() => expect(retries()).toHaveLength(3)); // log lines may trail the HTTP traffic
  });

  it('exits non-zero on a /next 500 even in multi-concurrency mode, where only transport errors are retried', async () => {
    const c = await start({ maxConcurrency: 2 });
    await c.emulator.waitForParkedNext(2, 10_000);
    c.emulator.inject({ route: 'next', status: 500, times: 5 });
    await c.emulator.invoke({ first: true });
    expect((await c.fn.exited).code).toBe(1);
  });

  it.each([400, 403, 410, 413])('logs a %i on /response, posts no /error and asks for the next event', async (status) => {
    // Prepare
    const c = await start();
    c.emulator.inject({ route: 'response', status });

    // Act
    void c.emulator.invoke({ n: 1 }).catch(() => {});
    await c.emulator.waitFor((r) => r.path.endsWith('/response'), 10_000);
    await c.emulator.waitForParkedNext(1, 10_000);

    // The log line travels through the pipe, which may lag behind the HTTP requests: wait for it.
    await c.printed(status === 413 ? 'as too large (413)' : `answered ${status} to the response`);

    // Assess
    expect(c.fn.running).toBe(true);
    expect(posts(c, 'error')).toHaveLength(0);
  });

  it('serves the next invocation in the same process after a 413 on /response', async () => {
    const c = await start();
    c.emulator.inject({ route: 'response', status: 413 });
    const rejected = await c.emulator.invoke({ n: 1 });
    const next = await c.emulator.invoke({ n: 2 });
    expect(rejected.errorType).toBe('Function.ResponseSizeTooLarge');
    expect(next.json<{ echo: unknown }>().echo).toEqual({ n: 2 });
    expect(c.fn.restarts).toBe(0);
  });

  it.each([
    ['a connection reset on /response', { route: 'response', action: 'reset' }, {}],
    ['a 500 on /error', { route: 'error', status: 500 }, { mode: 'fail' }],
    ['a connection reset on /error', { route: 'error', action: 'reset' }, { mode: 'fail' }],
  ] as const)('exits non-zero after %s, making no further request', async (_name, fault, event) => {
    const c = await start();
    c.emulator.inject({ ...fault });
    void c.emulator.invoke(event).catch(() => {});
    expect((await c.fn.exited).code).toBe(1);
    expect(nextCalls(c)).toHaveLength(1);
  });

  it('completes invocations through a slow Runtime API (150 ms delays on /next, /response and /error)', async () => {
    // Prepare
    const c = await start();
    c.emulator.inject({ route: 'next', action: 'delay', delayMs: 150, times: 3 });
    c.emulator.inject({ route: 'response', action: 'delay', delayMs: 150 });
    c.emulator.inject({ route: 'error', action: 'delay', delayMs: 150 });

    // Act
    const ok = await c.emulator.invoke({ slow: 1 });
    const failed = await c.emulator.invoke({ mode: 'fail' });
    const again = await c.emulator.invoke({ slow: 2 });

    // Assess
    expect(ok.json<{ echo: unknown }>().echo).toEqual({ slow: 1 });
    expect(failed.error).toMatchObject({ errorType: 'TypeError', errorMessage: 'asked to fail' });
    expect(again.json<{ echo: unknown }>().echo).toEqual({ slow: 2 });
    expect(c.fn.restarts).toBe(0);
  });

  it('is timed out, killed and restarted by the platform when /response never answers, and serves again', async () => {
    const c = await start();
    const before = (await c.emulator.invoke({})).json<{ pid: number }>().pid;
    c.emulator.inject({ route: 'response', action: 'hang' });
    const hung = await c.emulator.invoke({}, { timeoutMs: 500 });
    const after = await c.emulator.invoke({ back: true });
    expect(hung).toMatchObject({ status: 'timeout', errorType: 'Sandbox.Timeout' });
    expect(after.json<{ echo: unknown; pid: number }>()).toMatchObject({ echo: { back: true } });
    expect(after.json<{ pid: number }>().pid).not.toBe(before);
    expect(c.fn.restarts).toBe(1);
  });
});

describe('a handler that never resolves', () => {
  it('is reported as timed out at the deadline; the process is killed and restarted and the next invocation works', async () => {
    // Prepare: an interval keeps the event loop busy, so only the deadline can end this.
    const c = await start();

    // Act
    const hung = await c.emulator.invoke({ mode: 'hang-alive' }, { timeoutMs: 500 });
    const next = await c.emulator.invoke({ n: 2 });

    // Assess
    expect(hung).toMatchObject({ status: 'timeout', errorType: 'Sandbox.Timeout' });
    expect(hung.error?.errorMessage).toContain('Task timed out after 0.50 seconds');
    expect(next.json<{ echo: unknown }>().echo).toEqual({ n: 2 });
    expect(c.fn.restarts).toBe(1);
  });

  it('is reported as Runtime.NodeJsExit when it awaits a promise nothing can settle, instead of the process ending silently', async () => {
    // Prepare: nothing else is pending, so Node's event loop empties while the handler awaits.
    const c = await start();

    // Act
    const stalled = await c.emulator.invoke({ mode: 'hang' }, { timeoutMs: 60_000 });
    const exit = await c.fn.exited;
    const next = await c.emulator.invoke({ n: 2 });

    // Assess
    expect(stalled.status).toBe('error');
    expect(stalled.error?.errorType).toBe('Runtime.NodeJsExit');
    expect(stalled.error?.errorMessage).toContain('can never settle');
    expect(exit.code).toBe(1);
    expect(next.json<{ echo: unknown }>().echo).toEqual({ n: 2 });
  });
});
