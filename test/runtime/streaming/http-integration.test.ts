import { afterEach, describe, expect, it } from 'vitest';
import { InvalidHeaderError } from '../../../src/errors.js';
import { openHttpStream } from '../../../src/runtime/function-url/http-stream.js';
import { streamDriver, type StreamingHandler } from '../../../src/runtime/streaming/stream-driver.js';
import { type InProcessRuntime, startInProcess } from '../../helpers/in-process.js';

let rt: InProcessRuntime | undefined;
afterEach(async () => {
  await rt?.stop();
  rt = undefined;
});

function serve(handler: StreamingHandler) {
  return startInProcess(streamDriver(() => handler)).then((r) => (rt = r));
}

const prelude = { statusCode: 201, headers: { 'x-custom': 'yes', 'content-type': 'text/plain' }, cookies: ['a=1; Path=/'] };
const NULS = Buffer.alloc(8);

describe('streamed HTTP responses (runtime-api.md §3.3)', () => {
  it('sends the JSON prelude, eight NUL bytes, then the body (case 39)', async () => {
    // Prepare
    const { emulator } = await serve(async (_event, stream) => {
      openHttpStream(stream, prelude);
      stream.write('hi');
    });

    // Act
    const outcome = await emulator.invoke({});

    // Assess
    expect(outcome.contentType).toBe('application/vnd.awslambda.http-integration-response');
    expect(outcome.body.equals(Buffer.concat([Buffer.from(JSON.stringify(prelude)), NULS, Buffer.from('hi')]))).toBe(true);
  });

  it('sends the prelude and the NUL bytes even when no body byte is written (case 40)', async () => {
    const { emulator } = await serve(async (_event, stream) => {
      openHttpStream(stream, { statusCode: 204 });
    });
    const outcome = await emulator.invoke({});
    const expected = Buffer.concat([Buffer.from('{"statusCode":204,"headers":{},"cookies":[]}'), NULS]);
    expect(outcome.body.equals(expected)).toBe(true);
  });

  it.each([
    ['a value with CR LF', { headers: { 'x-a': 'ok\r\nx-injected: 1' } }],
    ['a value with NUL', { headers: { 'x-a': 'a\0b' } }],
    ['a name with LF', { headers: { 'x-a\n': 'v' } }],
    ['a cookie with LF', { cookies: ['a=1\nSet-Cookie: b=2'] }],
  ])('refuses %s before anything is sent', async (_case, init) => {
    // Prepare
    const caught: unknown[] = [];
    const { emulator } = await serve(async (_event, stream) => {
      try {
        openHttpStream(stream, init);
      } catch (err) {
        caught.push(err);
        throw err;
      }
    });

    // Act
    const outcome = await emulator.invoke({});

    // Assess
    expect(caught[0]).toBeInstanceOf(InvalidHeaderError);
    expect((caught[0] as Error).message).toMatch(/Invalid HTTP response header/);
    expect(outcome).toMatchObject({ status: 'error', chunks: [], contentType: 'application/octet-stream' });
  });
});
