import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RuntimeApiEmulator } from '../../src/emulator/index.js';
import { FakeRuntime, openStream, startFakeRuntime } from './fake-runtime.js';

let emulator: RuntimeApiEmulator;
let runtime: FakeRuntime;

beforeEach(async () => ({ emulator, runtime } = await startFakeRuntime()));
afterEach(() => emulator.close());

/** Invokes and takes the event, exposing a promise per received chunk. */
async function streamedInvocation(requestId: string) {
  const arrivals: Buffer[] = [];
  let notify = (): void => undefined;
  const outcome = emulator.invoke({}, {
    requestId,
    onChunk: (data) => {
      arrivals.push(data);
      notify();
    },
  });
  await runtime.next();
  const chunkArrived = (count: number) =>
    new Promise<void>((resolve) => {
      notify = () => arrivals.length >= count && resolve();
      notify();
    });
  return { outcome, chunkArrived };
}

describe('streamed responses', () => {
  it('records each chunk as it arrives and answers 202 once the body ends', async () => {
    // Prepare
    const { outcome, chunkArrived } = await streamedInvocation('s1');
    const { req, reply } = openStream(emulator, 's1');

    // Act
    req.write('hello');
    await chunkArrived(1);
    req.write(' world');
    await chunkArrived(2);
    req.end();

    // Assess
    expect((await reply).status).toBe(202);
    const result = await outcome;
    expect(result).toMatchObject({ status: 'success', streamed: true, contentType: 'text/plain' });
    expect(result.text()).toBe('hello world');
    expect(result.chunks.map((c) => c.data.toString())).toEqual(['hello', ' world']);
    expect(result.chunks[1]!.at).toBeGreaterThanOrEqual(result.chunks[0]!.at);
    expect(result.headers['lambda-runtime-function-response-mode']).toBe('streaming');
  });

  it('turns error trailers into an error outcome with the base64-decoded error body', async () => {
    // Prepare
    const { outcome, chunkArrived } = await streamedInvocation('s2');
    const { req, reply } = openStream(emulator, 's2');
    const error = { errorType: 'Error', errorMessage: 'mid-stream', stackTrace: [] };

    // Act
    req.write('partial');
    await chunkArrived(1);
    req.addTrailers({
      'Lambda-Runtime-Function-Error-Type': 'Runtime.StreamError',
      'Lambda-Runtime-Function-Error-Body': Buffer.from(JSON.stringify(error)).toString('base64'),
    });
    req.end();

    // Assess
    expect((await reply).status).toBe(202);
    const result = await outcome;
    expect(result).toMatchObject({ status: 'error', errorType: 'Runtime.StreamError', streamed: true, error });
    expect(result.chunks.map((c) => c.data.toString())).toEqual(['partial']);
    expect(result.trailers['lambda-runtime-function-error-type']).toBe('Runtime.StreamError');
    const record = await emulator.waitFor((r) => r.path.endsWith('/s2/response'));
    expect(record.trailers).toEqual(result.trailers);
  });

  it('reports Runtime.TruncatedResponse when the runtime drops the connection mid-stream', async () => {
    // Prepare
    const { outcome, chunkArrived } = await streamedInvocation('s3');
    const { req, reply } = openStream(emulator, 's3');
    reply.catch(() => undefined);

    // Act
    req.write('cut');
    await chunkArrived(1);
    req.destroy();

    // Assess
    expect(await outcome).toMatchObject({ status: 'error', errorType: 'Runtime.TruncatedResponse', streamed: true });
  });

  it('answers 413 when a stream exceeds streamLimit', async () => {
    // Prepare
    await emulator.close();
    emulator = await RuntimeApiEmulator.start({ streamLimit: 10 });
    runtime = new FakeRuntime(emulator);
    const { outcome } = await streamedInvocation('s4');
    const { req, reply } = openStream(emulator, 's4');

    // Act
    req.end('0123456789ABCDEF');

    // Assess
    expect((await reply).status).toBe(413);
    expect(await outcome).toMatchObject({ status: 'error', errorType: 'Function.ResponseSizeTooLarge' });
  });
});
