import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RuntimeApiEmulator } from '../../src/emulator/index.js';
import { FakeRuntime, openStream } from './fake-runtime.js';

let emulator: RuntimeApiEmulator;
let runtime: FakeRuntime;
const invokeUrl = () => `http://${emulator.address}/2015-03-31/functions/function/invocations`;

beforeEach(async () => {
  emulator = await RuntimeApiEmulator.start({ timeoutMs: 5_000 });
  runtime = new FakeRuntime(emulator);
});
afterEach(() => emulator.close());

describe('RIE invoke endpoint', () => {
  it('passes the event and headers to the runtime and returns the buffered response', async () => {
    // Prepare
    const clientContext = JSON.stringify({ custom: { k: 'v' } });

    // Act
    const call = fetch(invokeUrl(), {
      method: 'POST',
      body: '{"x":1}',
      headers: { 'X-Amz-Client-Context': Buffer.from(clientContext).toString('base64'), 'X-Amzn-Trace-Id': 'Root=1-abc' },
    });
    const next = await runtime.next();
    const id = next.headers['lambda-runtime-aws-request-id']!;
    await runtime.respond(id, 'hi', { 'Content-Type': 'text/plain' });
    const res = await call;

    // Assess
    expect(next.json()).toEqual({ x: 1 });
    expect(next.headers['lambda-runtime-client-context']).toBe(clientContext);
    expect(next.headers['lambda-runtime-trace-id']).toBe('Root=1-abc');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(res.headers.get('x-amzn-requestid')).toBe(id);
    expect(await res.text()).toBe('hi');
    expect(emulator.requests.some((r) => r.path.startsWith('/2015-03-31'))).toBe(false);
  });

  it('returns a function error as 200 with X-Amz-Function-Error: Unhandled', async () => {
    // Act
    const call = fetch(invokeUrl(), { method: 'POST', body: '{}' });
    const id = (await runtime.next()).headers['lambda-runtime-aws-request-id']!;
    await runtime.fail(id, '{"errorType":"TypeError","errorMessage":"bad"}');
    const res = await call;

    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('x-amz-function-error')).toBe('Unhandled');
    expect(await res.json()).toEqual({ errorType: 'TypeError', errorMessage: 'bad' });
  });

  it('pipes a streamed response to the caller chunk by chunk', async () => {
    // Prepare
    const call = fetch(invokeUrl(), { method: 'POST', body: '{}' });
    const id = (await runtime.next()).headers['lambda-runtime-aws-request-id']!;
    const { req, reply } = openStream(emulator, id);

    // Act
    req.write('one');
    const res = await call;
    const reader = res.body!.getReader();
    const first = await reader.read();
    req.end('two');
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += Buffer.from(r.value).toString();

    // Assess
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    expect(Buffer.from(first.value!).toString()).toBe('one');
    expect(rest).toBe('two');
    expect((await reply).status).toBe(202);
  });

  it('cuts the caller connection when a stream ends with an error trailer', async () => {
    // Prepare
    const call = fetch(invokeUrl(), { method: 'POST', body: '{}' });
    const id = (await runtime.next()).headers['lambda-runtime-aws-request-id']!;
    const { req } = openStream(emulator, id);

    // Act
    req.write('partial');
    const res = await call;
    req.addTrailers({
      'Lambda-Runtime-Function-Error-Type': 'Runtime.StreamError',
      'Lambda-Runtime-Function-Error-Body': 'e30=',
    });
    req.end();

    // Assess
    await expect(res.text()).rejects.toThrow();
  });

  it('returns the platform error body when the function times out', async () => {
    // Prepare
    await emulator.close();
    emulator = await RuntimeApiEmulator.start({ timeoutMs: 100 });
    runtime = new FakeRuntime(emulator);

    // Act
    const call = fetch(invokeUrl(), { method: 'POST', body: '{}' });
    const id = (await runtime.next()).headers['lambda-runtime-aws-request-id']!;
    const res = await call;

    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('x-amz-function-error')).toBe('Unhandled');
    expect(await res.json()).toEqual({
      errorType: 'Sandbox.Timeout',
      errorMessage: `RequestId: ${id} Error: Task timed out after 0.10 seconds`,
    });
    expect((await runtime.respond(id, 'late')).status).toBe(400);
  });
});
