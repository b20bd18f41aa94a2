import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { FunctionUrlGateway } from '../../src/emulator/index.js';
import type { FunctionUrlEvent } from '../../src/runtime/function-url/event.js';
import { httpResponse } from '../../src/runtime/function-url/http-response.js';
import { openHttpStream } from '../../src/runtime/function-url/http-stream.js';
import type { InvocationDriver } from '../../src/runtime/loop.js';
import { bufferedDriver } from '../../src/runtime/run.js';
import { streamDriver, type StreamingHandler } from '../../src/runtime/streaming/stream-driver.js';
import { type InProcessRuntime, startInProcess } from '../helpers/in-process.js';

let rt: InProcessRuntime | undefined;
let gateway: FunctionUrlGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  await rt?.stop();
  gateway = undefined;
  rt = undefined;
});

async function serve(driver: InvocationDriver): Promise<string> {
  rt = await startInProcess(driver);
  gateway = await FunctionUrlGateway.start(rt.emulator);
  return gateway.url;
}
const buffered = (handler: (event: FunctionUrlEvent) => unknown) => serve(bufferedDriver(() => handler));
const streamed = (handler: StreamingHandler<FunctionUrlEvent>) => serve(streamDriver(() => handler));

describe('the Function URL gateway', () => {
  it('turns a request into a v2.0 Function URL event', async () => {
    // Prepare
    const url = await buffered((event) => ({ event }));

    // Act
    const res = await request(`${url}items/42?tag=a&tag=b&q=x%20y`, {
      headers: { cookie: 'theme=dark; seen=1', 'X-Custom': 'one', 'user-agent': 'test-agent' },
    });
    const { event } = (await res.body.json()) as { event: FunctionUrlEvent };

    // Assess
    expect(res.statusCode).toBe(200);
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/items/42',
      rawQueryString: 'tag=a&tag=b&q=x%20y',
      cookies: ['theme=dark', 'seen=1'],
      queryStringParameters: { tag: 'a,b', q: 'x y' },
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'GET', path: '/items/42', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test-agent' },
        routeKey: '$default',
        stage: '$default',
      },
    });
    expect(event.headers).toMatchObject({
      'x-custom': 'one',
      host: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
    });
    expect(event.headers.cookie).toBeUndefined();
    expect(event.body).toBeUndefined();
    expect(event.requestContext.requestId).toBe(res.headers['x-amzn-requestid']);
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(typeof event.requestContext.timeEpoch).toBe('number');
  });

  it('passes text bodies as they are and binary bodies base64-encoded', async () => {
    const url = await buffered((event) => ({ body: event.body, isBase64Encoded: event.isBase64Encoded }));
    const post = async (body: Buffer, type: string) =>
      (await request(url, { method: 'POST', body, headers: { 'content-type': type } })).body.json();
    expect(await post(Buffer.from('{"a":1}'), 'application/json')).toEqual({ body: '{"a":1}', isBase64Encoded: false });
    expect(await post(Buffer.from([0, 255]), 'application/octet-stream')).toEqual({ body: 'AP8=', isBase64Encoded: true });
  });

  it('answers with a structured result: status, headers, cookies and a base64 body decoded', async () => {
    // Prepare
    const url = await buffered(() => httpResponse.binary(Buffer.from([1, 2, 3]), { statusCode: 201, cookies: ['a=1', 'b=2'], headers: { 'x-n': 7 } }));

    // Act
    const res = await request(url);

    // Assess
    expect(res.statusCode).toBe(201);
    expect(res.headers).toMatchObject({ 'content-type': 'application/octet-stream', 'x-n': '7', 'set-cookie': ['a=1', 'b=2'] });
    expect(Buffer.from(await res.body.arrayBuffer())).toEqual(Buffer.from([1, 2, 3]));
  });

  it('answers a plain result as Lambda does: 200, application/json, the string itself or the JSON', async () => {
    let result: unknown = 'hello';
    const url = await buffered(() => result);
    const text = await request(url);
    expect(text.headers['content-type']).toBe('application/json');
    expect(await text.body.text()).toBe('hello');
    result = { message: 'hi' };
    expect(await (await request(url)).body.text()).toBe('{"message":"hi"}');
  });

  it('answers 502 when the function fails', async () => {
    const url = await buffered(() => {
      throw new Error('boom');
    });
    const res = await request(url);
    expect(res.statusCode).toBe(502);
    await res.body.dump();
  });

  it('forwards a streamed response with its prelude, the first bytes before the handler finishes', async () => {
    // Prepare: the handler finishes only after the HTTP client has read the first update.
    let clientRead!: () => void;
    const firstRead = new Promise<void>((resolve) => (clientRead = resolve));
    let finished = false;
    const url = await streamed(async (_event, stream) => {
      openHttpStream(stream, { statusCode: 206, contentType: 'text/html', cookies: ['step=1'] });
      await stream.publish('<p>one</p>');
      await firstRead;
      stream.end('<p>two</p>');
      finished = true;
    });

    // Act
    const res = await request(url);
    const parts: string[] = [];
    const finishedAtFirstRead: boolean[] = [];
    for await (const chunk of res.body) {
      if (parts.length === 0) finishedAtFirstRead.push(finished);
      parts.push(String(chunk));
      clientRead();
    }

    // Assess
    expect(res.statusCode).toBe(206);
    expect(res.headers).toMatchObject({ 'content-type': 'text/html', 'set-cookie': 'step=1', 'transfer-encoding': 'chunked' });
    expect(finishedAtFirstRead).toEqual([false]);
    expect(parts.join('')).toBe('<p>one</p><p>two</p>');
  });

  it('aborts the HTTP response when the stream fails mid-way, the trailers on the wire', async () => {
    // Prepare
    const url = await streamed(async (_event, stream) => {
      openHttpStream(stream, { contentType: 'text/plain' });
      await stream.publish('partial');
      throw new Error('mid-stream failure');
    });

    // Act
    const res = await request(url);
    const read = res.body.text();

    // Assess
    expect(res.statusCode).toBe(200);
    await expect(read).rejects.toThrow(/terminated|other side closed|aborted/);
    const post = await rt!.emulator.waitFor((r) => r.path.endsWith('/response'));
    expect(post.trailers['lambda-runtime-function-error-type']).toBe('Error');
    const error = JSON.parse(Buffer.from(post.trailers['lambda-runtime-function-error-body']!, 'base64').toString());
    expect(error).toMatchObject({ errorType: 'Error', errorMessage: 'mid-stream failure' });
  });

  it('answers 502 when a stream fails before its first byte, and forwards plain streams as 200', async () => {
    let fail = true;
    const url = await streamed(async (_event, stream) => {
      if (fail) throw new Error('early');
      stream.setContentType('text/event-stream');
      stream.end('data: hi\n\n');
    });
    const failed = await request(url);
    expect(failed.statusCode).toBe(502);
    await failed.body.dump();
    fail = false;
    const ok = await request(url);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toBe('text/event-stream');
    expect(await ok.body.text()).toBe('data: hi\n\n');
  });
});
