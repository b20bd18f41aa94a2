import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseMaxConcurrency, readFunctionConfig } from '../../src/runtime/config.js';
import type { InvocationContext } from '../../src/runtime/context.js';
import { bufferedDriver, type Handler } from '../../src/runtime/run.js';
import { type InProcessRuntime, startInProcess } from '../helpers/in-process.js';

let rt: InProcessRuntime | undefined;
afterEach(async () => {
  await rt?.stop();
  rt = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function serve<R>(handler: Handler<{ id: string; ms: number }, R>, concurrency: number, env: Record<string, string> = {}) {
  return startInProcess(bufferedDriver(() => handler), {
    emulator: { maxConcurrency: concurrency },
    env,
  }).then((r) => (rt = r));
}

describe('multi-concurrency (Lambda Managed Instances)', () => {
  it('keeps exactly N /next requests open and runs a slow invocation beside fast ones (case 42)', async () => {
    // Prepare
    const { emulator } = await serve(async (event) => {
      await sleep(event.ms);
      return event.id;
    }, 4);
    await vi.waitFor(() => expect(emulator.parkedNextCount).toBe(4));

    // Act
    const slow = emulator.invoke({ id: 'slow', ms: 2000 });
    const fast = await Promise.all(['a', 'b', 'c'].map((id) => emulator.invoke({ id, ms: 10 })));
    let slowDone = false;
    void slow.then(() => (slowDone = true));

    // Assess
    expect(fast.map((o) => o.json())).toEqual(['a', 'b', 'c']);
    expect(slowDone).toBe(false);
    expect((await slow).json()).toBe('slow');
    await vi.waitFor(() => expect(emulator.parkedNextCount).toBe(4));
  });

  it('gives every log line of interleaved invocations its own request id and never touches _X_AMZN_TRACE_ID (case 43)', async () => {
    process.env._X_AMZN_TRACE_ID = 'before';
    const { emulator, lines } = await startInProcess(
      bufferedDriver(() => async (_event: unknown, ctx: InvocationContext) => {
        for (let step = 0; step < 3; step++) {
          await sleep(5 + Math.random() * 10);
          console.info(`own=${ctx.requestId} step=${step}`);
        }
        return process.env._X_AMZN_TRACE_ID;
      }),
      { emulator: { maxConcurrency: 4 }, env: { AWS_LAMBDA_MAX_CONCURRENCY: '4' }, patchConsole: true },
    ).then((r) => (rt = r));
    const outcomes = await Promise.all(
      ['r1', 'r2', 'r3', 'r4'].map((requestId) => emulator.invoke({}, { requestId, traceId: `Root=${requestId}` })),
    );
    expect(outcomes.map((o) => o.json())).toEqual(['before', 'before', 'before', 'before']);
    const steps = lines.filter((l) => l.includes('own='));
    expect(steps).toHaveLength(12);
    for (const line of steps) {
      const [, requestId, level, message] = line.trimEnd().split('\t');
      expect(level).toBe('INFO');
      expect(message).toContain(`own=${requestId} `);
    }
    delete process.env._X_AMZN_TRACE_ID;
  });

  it.each(['0', '-1', 'abc', '', '1'])('treats AWS_LAMBDA_MAX_CONCURRENCY=%j as single concurrency (case 44)', (value) => {
    expect(parseMaxConcurrency(value)).toBe(1);
    const config = readFunctionConfig({ AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001', AWS_LAMBDA_MAX_CONCURRENCY: value });
    expect(config.multiConcurrency).toBe(false);
  });

  it('retries a failing /next with back-off while other invocations complete (case 45)', async () => {
    const { emulator, lines } = await serve(async (event) => {
      await sleep(event.ms);
      return event.id;
    }, 2, { AWS_LAMBDA_MAX_CONCURRENCY: '2' });
    await vi.waitFor(() => expect(emulator.parkedNextCount).toBe(2));
    const inFlight = emulator.invoke({ id: 'long', ms: 600 });
    await vi.waitFor(() => expect(emulator.parkedNextCount).toBe(1));
    emulator.inject({ route: 'next', action: 'reset', times: 2 });
    const quick = await emulator.invoke({ id: 'quick', ms: 0 });
    expect(quick.json()).toBe('quick');
    expect((await inFlight).json()).toBe('long');
    const later = await emulator.invoke({ id: 'later', ms: 0 });
    expect(later.json()).toBe('later');
    expect(lines.join('')).toMatch(/retrying in \d+ ms/);
  });
});
