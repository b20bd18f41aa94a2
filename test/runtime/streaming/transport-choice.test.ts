import { Readable } from 'node:stream';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RuntimeApiEmulator } from '../../../src/emulator/index.js';
import { NodeHttpTransport } from '../../../src/runtime/streaming/node-http-transport.js';

// Settles runtime-api.md §3.1 "undici caveats" for the installed undici: it cannot send request trailers,
// so streamed responses go through node:http.

let emulator: RuntimeApiEmulator;
beforeEach(async () => {
  emulator = await RuntimeApiEmulator.start();
});
afterEach(() => emulator.close());

const TRAILER = 'Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body';
const errorTrailers = {
  'Lambda-Runtime-Function-Error-Type': 'Runtime.StreamError',
  'Lambda-Runtime-Function-Error-Body': Buffer.from('{"errorType":"Runtime.StreamError","errorMessage":"x"}').toString('base64'),
};

/** Queues an invocation and takes it, as a runtime's `/next` would. */
async function takeInvocation(requestId: string) {
  const outcome = emulator.invoke({}, { requestId });
  const next = await request(`http://${emulator.address}/2018-06-01/runtime/invocation/next`);
  await next.body.dump();
  return { outcome };
}

describe('choosing the streaming transport', () => {
  it('undici refuses a hand-set Transfer-Encoding header', async () => {
    const attempt = request(`http://${emulator.address}/2018-06-01/runtime/invocation/x/response`, {
      method: 'POST',
      headers: { 'transfer-encoding': 'chunked' },
      body: 'data',
    });
    await expect(attempt).rejects.toThrow(/invalid transfer-encoding header/);
  });

  it('undici chunks a streamed body but ends it without trailers, so it cannot report a mid-stream error', async () => {
    // Prepare
    const { outcome } = await takeInvocation('undici');
    async function* body() {
      yield Buffer.from('partial');
    }

    // Act: the best undici can do is declare the trailers; its API has no way to send them.
    const res = await request(`http://${emulator.address}/2018-06-01/runtime/invocation/undici/response`, {
      method: 'POST',
      headers: { 'lambda-runtime-function-response-mode': 'streaming', trailer: TRAILER },
      body: Readable.from(body()),
    });
    await res.body.dump();

    // Assess
    const record = await emulator.waitFor((r) => r.path.endsWith('/undici/response'));
    expect(record.headers['transfer-encoding']).toBe('chunked');
    expect(record.trailers).toEqual({});
    expect((await outcome).status).toBe('success');
  });

  it('node:http sends the declared trailers, which the emulator reads as a stream error', async () => {
    // Prepare
    const { outcome } = await takeInvocation('node-http');
    const transport = new NodeHttpTransport(emulator.address);

    // Act
    const sink = await transport.open('node-http', 'text/plain');
    await sink.write(Buffer.from('partial'));
    sink.end(errorTrailers);
    const answer = await sink.answer;
    transport.close();

    // Assess
    expect(answer.status).toBe(202);
    const record = await emulator.waitFor((r) => r.path.endsWith('/node-http/response'));
    expect(record.headers).toMatchObject({ 'transfer-encoding': 'chunked', trailer: TRAILER, 'content-type': 'text/plain' });
    expect(record.trailers).toEqual({
      'lambda-runtime-function-error-type': 'Runtime.StreamError',
      'lambda-runtime-function-error-body': errorTrailers['Lambda-Runtime-Function-Error-Body'],
    });
    expect(await outcome).toMatchObject({ status: 'error', errorType: 'Runtime.StreamError', error: { errorMessage: 'x' } });
  });
});
