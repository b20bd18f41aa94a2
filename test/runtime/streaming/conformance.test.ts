import { describe, expect, it } from 'vitest';
import type { InvocationOutcome, RuntimeApiEmulator } from '../../../src/emulator/index.js';
import { StreamingError } from '../../../src/errors.js';
import { streamDriver, type StreamingHandler, type StreamOptions } from '../../../src/runtime/streaming/stream-driver.js';
import { runtimesPerTest } from '../../helpers/in-process.js';

const start = runtimesPerTest();

function serve(handler: StreamingHandler, options: StreamOptions = {}) {
  return start(streamDriver(() => handler, options));
}

/** A promise with its resolver, to gate a handler on what the test observed. */
function gate<T = void>() {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

/** The error JSON carried, base64-encoded, by the error-body trailer. */
function trailerError(outcome: InvocationOutcome): unknown {
  return JSON.parse(Buffer.from(outcome.trailers['lambda-runtime-function-error-body']!, 'base64').toString('utf8'));
}

const posts = (emulator: RuntimeApiEmulator) => emulator.requests.filter((q) => q.method === 'POST').map((q) => q.path.split('/').pop());

describe('streamed responses (runtime-api.md §8)', () => {
  it('sends three chunks in one chunked streaming POST, the first seen before the handler resolves (case 33)', async () => {
    // Prepare
    const seen = [gate(), gate(), gate()];
    let resolved = false;
    const { emulator } = await serve(async (_event, stream) => {
      for (const [i, word] of ['one', 'two', 'three'].entries()) {
        stream.write(word);
        await seen[i]!.promise;
      }
      resolved = true;
    });
    const resolvedAtFirstChunk: boolean[] = [];
    let count = 0;

    // Act
    const outcome = await emulator.invoke({}, {
      onChunk: () => {
        if (count === 0) resolvedAtFirstChunk.push(resolved);
        seen[count++]?.open();
      },
    });

    // Assess
    expect(resolvedAtFirstChunk).toEqual([false]);
    expect(outcome).toMatchObject({ status: 'success', streamed: true, contentType: 'application/octet-stream', trailers: {} });
    expect(outcome.chunks.map((c) => c.data.toString())).toEqual(['one', 'two', 'three']);
    expect(posts(emulator)).toEqual(['response']);
    expect(outcome.headers).toMatchObject({
      'lambda-runtime-function-response-mode': 'streaming',
      'transfer-encoding': 'chunked',
      trailer: 'Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body',
    });
    expect(outcome.headers['content-length']).toBeUndefined();
  });

  it('sends the content type set before the first write and refuses one set after it (case 34)', async () => {
    // Prepare
    const { emulator } = await serve(async (_event, stream) => {
      stream.setContentType('text/plain');
      stream.write('first|');
      try {
        stream.setContentType('text/html');
      } catch (err) {
        stream.write(`${(err as StreamingError).errorType}|${(err as Error).message}`);
      }
    });

    // Act
    const outcome = await emulator.invoke({});

    // Assess
    expect(outcome.contentType).toBe('text/plain');
    expect(outcome.text()).toMatch(/^first\|Runtime\.InvalidStreamingOperation\|Cannot set the content type, too late/);
  });

  it('ends the body with error trailers when the handler throws after writing, never calling /error (case 35)', async () => {
    // Prepare
    const { emulator } = await serve(async (_event, stream) => {
      await stream.publish('partial');
      throw new TypeError('broke mid-stream');
    });

    // Act
    const outcome = await emulator.invoke({});

    // Assess
    expect(outcome).toMatchObject({ status: 'error', errorType: 'Runtime.Unknown', streamed: true });
    expect(outcome.text()).not.toBe('partial'); // the outcome body is the decoded error
    expect(outcome.chunks.map((c) => c.data.toString()).join('')).toBe('partial');
    expect(outcome.trailers['lambda-runtime-function-error-type']).toBe('TypeError');
    const error = trailerError(outcome) as Record<string, unknown>;
    expect(Object.keys(error)).toEqual(['errorType', 'errorMessage', 'stackTrace']);
    expect(error).toMatchObject({ errorType: 'TypeError', errorMessage: 'broke mid-stream' });
    expect((error.stackTrace as string[])[0]).toBe('TypeError: broke mid-stream');
    expect(posts(emulator)).toEqual(['response']);
  });

  it('sends the same trailers on an empty body when the handler throws before writing (case 36)', async () => {
    // Prepare
    const { emulator } = await serve(async () => {
      throw new RangeError('nothing to say');
    });

    // Act
    const outcome = await emulator.invoke({});

    // Assess
    expect(outcome).toMatchObject({ status: 'error', streamed: true, chunks: [], contentType: 'application/octet-stream' });
    expect(trailerError(outcome)).toMatchObject({ errorType: 'RangeError', errorMessage: 'nothing to say' });
    expect(posts(emulator)).toEqual(['response']);
  });

  it('closes the stream for a handler that resolves without ending it: our documented choice (case 37)', async () => {
    // Prepare: AWS's Node.js runtime would fail this with "Response stream is not finished.".
    const { emulator } = await serve(async (_event, stream) => {
      stream.write('left open');
    });

    // Act
    const outcome = await emulator.invoke({});

    // Assess
    expect(outcome).toMatchObject({ status: 'success', streamed: true, trailers: {} });
    expect(outcome.text()).toBe('left open');
  });

  it('fails a handler that does not return a promise, even one that closed its stream (case 38)', async () => {
    // Prepare
    const { emulator } = await serve(((_event: unknown, stream: { end(data: string): void }) => {
      stream.end('sync');
    }) as unknown as StreamingHandler);

    // Act
    const outcome = await emulator.invoke({});

    // Assess
    expect(outcome.status).toBe('error');
    expect(trailerError(outcome)).toMatchObject({
      errorType: 'Runtime.MalformedStreamingHandler',
      errorMessage: 'Streaming does not support non-async handlers.',
    });
  });

  it('waits for the 202 to the streaming POST before asking for the next event (case 41)', async () => {
    // Prepare: the emulator answers the streaming POST late; a runtime not waiting would call /next meanwhile.
    const { emulator } = await serve(async (_event, stream) => {
      stream.end('done');
    });
    emulator.inject({ route: 'response', action: 'delay', delayMs: 300 });

    // Act
    const outcome = emulator.invoke({});
    const answered = await emulator.waitFor((r) => r.path.endsWith('/response'));
    const nextsWhenAnswered = emulator.requests.filter((r) => r.path.endsWith('/next')).length;

    // Assess
    expect(answered.status).toBe(202);
    expect(nextsWhenAnswered).toBe(1);
    expect((await outcome).text()).toBe('done');
    await emulator.waitForParkedNext(1);
    expect(emulator.requests.at(-1)).toMatchObject({ method: 'GET', path: expect.stringMatching(/\/next$/) });
  });
});
