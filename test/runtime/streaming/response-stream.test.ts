import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import type { InvocationOutcome } from '../../../src/emulator/index.js';
import { streamDriver, type StreamingHandler, type StreamOptions } from '../../../src/runtime/streaming/stream-driver.js';
import { runtimesPerTest } from '../../helpers/in-process.js';

const start = runtimesPerTest();

function serve(handler: StreamingHandler, options: StreamOptions = {}) {
  return start(streamDriver(() => handler, options));
}

function trailerError(outcome: InvocationOutcome): Record<string, unknown> {
  return JSON.parse(Buffer.from(outcome.trailers['lambda-runtime-function-error-body']!, 'base64').toString('utf8'));
}

describe('the response stream', () => {
  it('lets the handler keep working after close(): the response completes first', async () => {
    // Prepare
    let release!: () => void;
    const working = new Promise<void>((resolve) => (release = resolve));
    const steps: string[] = [];
    const { emulator } = await serve(async (_event, stream) => {
      stream.open('text/plain');
      await stream.close();
      steps.push('closed');
      await working;
      steps.push('finished work');
    });

    // Act
    const outcome = await emulator.invoke({});
    steps.push('caller has the response');
    release();
    await emulator.waitForParkedNext(1);

    // Assess
    expect(outcome).toMatchObject({ status: 'success', contentType: 'text/plain' });
    expect(steps.filter((s) => s !== 'closed')).toEqual(['caller has the response', 'finished work']);
    expect(steps.indexOf('closed')).toBeLessThan(steps.indexOf('finished work'));
  });

  it('logs a throw after close() and keeps the response a success', async () => {
    const { emulator, lines } = await serve(async (_event, stream) => {
      await stream.close();
      throw new Error('late failure');
    });
    const outcome = await emulator.invoke({});
    await emulator.waitForParkedNext(1);
    expect(outcome.status).toBe('success');
    expect(lines.join('')).toMatch(/failed after its response was closed.*late failure/s);
  });

  it('sends JSON for chunks that are neither strings nor bytes, as the Node.js runtime does', async () => {
    const { emulator } = await serve(async (_event, stream) => {
      stream.write({ a: 1 });
      stream.write(new Uint8Array([0x2c]));
      stream.end([2]);
    });
    expect((await emulator.invoke({})).text()).toBe('{"a":1},[2]');
  });

  it('holds corked writes until flush() and sends them as one chunk', async () => {
    // Prepare
    const { emulator } = await serve(async (_event, stream) => {
      await stream.publish('head|');
      stream.cork();
      stream.write('a');
      stream.write('b');
      stream.write('c');
      await stream.flush();
      await stream.publish('|tail');
    });

    // Act
    const outcome = await emulator.invoke({});

    // Assess
    expect(outcome.chunks.map((c) => c.data.toString())).toEqual(['head|', 'abc', '|tail']);
  });

  it('reports a rejection with undefined through the trailers', async () => {
    const { emulator } = await serve(() => Promise.reject(undefined));
    const outcome = await emulator.invoke({});
    expect(trailerError(outcome)).toMatchObject({ errorType: 'undefined', errorMessage: 'undefined' });
  });

  it('ends with error trailers when the handler destroys the stream', async () => {
    const { emulator } = await serve(async (_event, stream) => {
      stream.write('some');
      stream.destroy();
    });
    const outcome = await emulator.invoke({});
    expect(outcome.status).toBe('error');
    expect(trailerError(outcome)).toMatchObject({ errorType: 'Runtime.InvalidStreamingOperation' });
  });

  it('stops a response over the streamed limit with a ResponseSizeError in the trailers', async () => {
    // Prepare
    const { emulator } = await serve(
      async (_event, stream) => {
        stream.write('12345678');
        stream.write('9abcdefg');
        await stream.close().catch(() => undefined);
      },
      { limit: 10 },
    );

    // Act
    const outcome = await emulator.invoke({});

    // Assess
    expect(outcome.chunks.map((c) => c.data.toString()).join('')).toBe('12345678');
    expect(outcome.trailers['lambda-runtime-function-error-type']).toBe('Function.ResponseSizeTooLarge');
    expect(trailerError(outcome).errorMessage).toMatch(/streamed response is 16 bytes, over Lambda's limit of 10 bytes/);
  });

  it('signals backpressure with write() returning false, then drain', async () => {
    const drained: boolean[] = [];
    const { emulator } = await serve(
      async (_event, stream) => {
        const accepted = stream.write(Buffer.alloc(4096, 1));
        await once(stream, 'drain');
        drained.push(accepted);
      },
      { highWaterMark: 1024 },
    );
    const outcome = await emulator.invoke({});
    expect(drained).toEqual([false]);
    expect(outcome.body.length).toBe(4096);
  });

  it('takes a pipeline() whose source is read only as fast as the Runtime API reads', async () => {
    // Prepare: the emulator reads nothing for a while; meanwhile the source must not be drained.
    const CHUNK = 64 * 1024;
    const TOTAL = 512;
    let produced = 0;
    async function* source() {
      for (let i = 0; i < TOTAL; i++, produced++) yield Buffer.alloc(CHUNK, i % 256);
    }
    const { emulator } = await serve(async (_event, stream) => {
      stream.open('application/octet-stream');
      await pipeline(Readable.from(source()), stream);
    });
    emulator.inject({ route: 'response', action: 'delay', delayMs: 300 });
    const producedAtFirstRead: number[] = [];

    // Act
    const outcome = await emulator.invoke({}, { onChunk: () => producedAtFirstRead.length || producedAtFirstRead.push(produced) });

    // Assess
    expect(outcome.status).toBe('success');
    expect(outcome.body.length).toBe(CHUNK * TOTAL);
    expect(outcome.body[CHUNK * 300]).toBe(300 % 256);
    expect(producedAtFirstRead[0]).toBeLessThan(TOTAL);
  });

  it('streams concurrent invocations side by side on Managed Instances, one socket per loop', async () => {
    // Prepare: neither handler ends before both streams are open; one shared socket would deadlock here.
    let arrive!: () => void;
    let arrived = 0;
    const both = new Promise<void>((resolve) => (arrive = () => ++arrived === 2 && resolve()));
    const rt = await start(
      streamDriver(() => async (event: unknown, stream) => {
        await stream.publish(`start ${event}|`);
        arrive();
        await both;
        stream.end(`end ${event}`);
      }),
      { emulator: { maxConcurrency: 2 } },
    );

    // Act
    const outcomes = await Promise.all([rt.emulator.invoke('a'), rt.emulator.invoke('b')]);

    // Assess
    expect(outcomes.map((o) => o.text())).toEqual(['start a|end a', 'start b|end b']);
  });

  it('exits when the Runtime API answers the streaming POST with 500', async () => {
    const { emulator, exited } = await serve(async (_event, stream) => {
      stream.end('x');
    });
    emulator.inject({ route: 'response', status: 500 });
    void emulator.invoke({}).catch(() => undefined);
    expect(await exited).toBe(1);
    expect(emulator.requests.filter((r) => r.path.endsWith('/next'))).toHaveLength(1);
  });

  it('waits for one drain of the socket however many chunks of a large corked batch are pending', async () => {
    // Prepare: 40 × 64 KiB held by cork() reach the transport in one batch, far over the socket's buffer limit.
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const CHUNK = 64 * 1024;
    const { emulator } = await serve(async (_event, stream) => {
      stream.cork();
      for (let i = 0; i < 40; i++) stream.write(Buffer.alloc(CHUNK, i));
      await stream.flush();
      stream.end();
    });

    // Act
    const outcome = await emulator.invoke({});
    process.off('warning', onWarning);

    // Assess
    expect(outcome.body.length).toBe(40 * CHUNK);
    expect(outcome.body[39 * CHUNK]).toBe(39);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});
