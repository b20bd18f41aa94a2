import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InvocationOutcome } from '../../src/emulator/index.js';
import { buildFunction, cleanFixtures } from '../helpers/build-fixture.js';
import { type ChildFunction, startChild } from './child-fixtures.js';

// Errors from outside a streaming handler (an uncaught exception, an unhandled rejection, a shutdown) while its
// response is open. Once the streaming POST has started, Lambda refuses `/error` (403 in RAPID), so the response
// must end with the error trailers (runtime-api.md §3.1), not be cut off when the process exits.
const STREAM_SOURCE = `import { runStream } from 'lambda-kernel/runtime';
runStream(async (event: { mode: string }, stream) => {
  await stream.publish('partial');
  if (event.mode === 'timer') setTimeout(() => { throw new RangeError('from a timer'); }, 1);
  if (event.mode === 'rejection') void Promise.reject(new Error('nobody awaits me'));
  if (event.mode === 'closed') { await stream.close(); setTimeout(() => { throw new RangeError('after close'); }, 1); }
  await new Promise(() => setInterval(() => {}, 1_000));
});
`;

const KERNEL_STREAM_SOURCE = `import { Kernel, OnShutdown, Singleton, StreamHandler, inject, type ResponseStream } from 'lambda-kernel';
@Singleton()
class Resource {
  @OnShutdown() close() { console.log('shutdown hook ran'); }
}
@StreamHandler()
class Ticker {
  constructor(@inject(Resource) readonly resource: Resource) {}
  async handle(_event: unknown, stream: ResponseStream) {
    await stream.publish('tick');
    console.log('streaming handler started');
    await new Promise(() => setInterval(() => {}, 1_000));
  }
}
Kernel.create({ handler: Ticker, providers: [Resource] }).run({ shutdownBudgetMs: 400 });
`;

let plain: string;
let kernel: string;
let child: ChildFunction | undefined;
beforeAll(async () => {
  [plain, kernel] = await Promise.all([buildFunction(STREAM_SOURCE, 'stream-stray'), buildFunction(KERNEL_STREAM_SOURCE, 'stream-kernel')]);
});
afterEach(async () => {
  await child?.emulator.close();
  child = undefined;
});
afterAll(cleanFixtures);

/** The error JSON carried, base64-encoded, by the error-body trailer. */
function trailerError(outcome: InvocationOutcome): Record<string, unknown> {
  return JSON.parse(Buffer.from(outcome.trailers['lambda-runtime-function-error-body']!, 'base64').toString('utf8'));
}

const errorPosts = (c: ChildFunction) => c.emulator.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/error'));

describe('a streamed response open when an error comes from outside the handler', () => {
  it('ends with error trailers naming an uncaught exception, without /error, then the process exits 129', async () => {
    // Prepare
    child = await startChild(plain);

    // Act
    const outcome = await child.emulator.invoke({ mode: 'timer' });

    // Assess
    // RAPID reports an error type outside its known set as Runtime.Unknown; the trailer carries the error's own.
    expect(outcome).toMatchObject({ status: 'error', streamed: true, errorType: 'Runtime.Unknown' });
    expect(outcome.trailers['lambda-runtime-function-error-type']).toBe('RangeError');
    expect(outcome.chunks.map((c) => c.data.toString()).join('')).toBe('partial');
    expect(trailerError(outcome)).toMatchObject({ errorType: 'RangeError', errorMessage: 'from a timer' });
    expect(errorPosts(child)).toHaveLength(0);
    expect((await child.fn.exited).code).toBe(129);
  });

  it('ends with Runtime.UnhandledPromiseRejection trailers on an unhandled rejection, then the process exits 128', async () => {
    // Prepare
    child = await startChild(plain);

    // Act
    const outcome = await child.emulator.invoke({ mode: 'rejection' });

    // Assess
    expect(outcome).toMatchObject({ status: 'error', streamed: true, errorType: 'Runtime.UnhandledPromiseRejection' });
    const error = trailerError(outcome);
    expect(error.errorMessage).toBe('Error: nobody awaits me');
    expect((error.stackTrace as string[])[0]).toBe('Error: nobody awaits me');
    expect(errorPosts(child)).toHaveLength(0);
    expect((await child.fn.exited).code).toBe(128);
  });

  it('keeps a response that was already closed a success when an uncaught exception follows', async () => {
    // Prepare
    child = await startChild(plain);

    // Act
    const outcome = await child.emulator.invoke({ mode: 'closed' });

    // Assess
    expect(outcome).toMatchObject({ status: 'success', streamed: true });
    expect(outcome.text()).toBe('partial');
    expect(errorPosts(child)).toHaveLength(0);
    expect((await child.fn.exited).code).toBe(129);
  });

  it('ends with Runtime.ShutdownInterrupted trailers when SIGTERM comes and the handler cannot finish in the budget', async () => {
    // Prepare
    child = await startChild(kernel);
    const outcome = child.emulator.invoke({});
    await child.printed('streaming handler started');

    // Act
    const report = await child.emulator.shutdown();

    // Assess: the response is not cut off by the exit, and the hooks still ran.
    const result = await outcome;
    expect(result).toMatchObject({ status: 'error', streamed: true, errorType: 'Runtime.ShutdownInterrupted' });
    expect(result.chunks.map((c) => c.data.toString()).join('')).toBe('tick');
    expect(trailerError(result).errorMessage).toMatch(/received SIGTERM while invocation .* was running/);
    expect(errorPosts(child)).toHaveLength(0);
    expect(report).toMatchObject({ signalSent: true, exitCode: 0, signal: null });
    expect(child.output.some((line) => line.includes('shutdown hook ran'))).toBe(true);
  });
});
