import { afterEach, describe, expect, it, vi } from 'vitest';
import { bufferedDriver, type Handler } from '../../src/runtime/run.js';
import type { InvocationDriver } from '../../src/runtime/loop.js';
import { type InProcessRuntime, startInProcess } from '../helpers/in-process.js';

let rt: InProcessRuntime | undefined;
afterEach(async () => {
  await rt?.stop();
  rt = undefined;
});

function serve<E, R>(handler: Handler<E, R>, options: Parameters<typeof startInProcess>[1] = {}) {
  return startInProcess(bufferedDriver(() => handler) as InvocationDriver, options).then((r) => (rt = r));
}

describe('the runtime loop', () => {
  it('hands the handler the parsed event, posts the JSON result, then asks for the next event (case 1)', async () => {
    // Prepare
    const { emulator } = await serve(async (event: { n: number }) => ({ doubled: event.n * 2 }));

    // Act
    const outcome = await emulator.invoke({ n: 21 });
    await vi.waitFor(() => expect(emulator.requests.length).toBeGreaterThanOrEqual(3));

    // Assess
    expect(outcome.status).toBe('success');
    expect(outcome.json()).toEqual({ doubled: 42 });
    const paths = emulator.requests.map((r) => `${r.method} ${r.path}`);
    expect(paths.slice(0, 3)).toEqual([
      'GET /2018-06-01/runtime/invocation/next',
      `POST /2018-06-01/runtime/invocation/${outcome.requestId}/response`,
      'GET /2018-06-01/runtime/invocation/next',
    ]);
  });

  it('posts exactly null when the handler returns undefined (case 2)', async () => {
    const { emulator } = await serve(() => undefined);
    const outcome = await emulator.invoke({});
    expect(outcome.text()).toBe('null');
  });

  it('posts a string result as JSON with the application/json content type (case 3)', async () => {
    const { emulator } = await serve(() => 'ok');
    const outcome = await emulator.invoke({});
    expect(outcome.text()).toBe('"ok"');
    expect(outcome.contentType).toBe('application/json');
  });

  it('percent-encodes a request id with slashes, plus signs and spaces (case 4)', async () => {
    const { emulator } = await serve(() => 'ok');
    const outcome = await emulator.invoke({}, { requestId: 'a/b+c d' });
    expect(outcome.status).toBe('success');
    expect(outcome.requestId).toBe('a/b+c d');
    const post = emulator.requests.find((r) => r.method === 'POST')!;
    expect(post.path).toBe('/2018-06-01/runtime/invocation/a%2Fb%2Bc%20d/response');
  });

  it('sends a User-Agent naming lambda-kernel and its version', async () => {
    const { emulator } = await serve(() => 'ok');
    await emulator.invoke({});
    expect(emulator.requests[0]!.headers['user-agent']).toMatch(/^lambda-kernel\/\d+\.\d+\.\d+/);
  });

  it('sends Uint8Array and Buffer results byte for byte', async () => {
    const bytes = Buffer.from([0, 1, 2, 253, 254, 255]);
    const { emulator } = await serve(() => new Uint8Array(bytes));
    const outcome = await emulator.invoke({});
    expect(outcome.body.equals(bytes)).toBe(true);
    expect(outcome.contentType).toBe('application/octet-stream');
  });

  it('hands raw event bytes to the handler when decoding is raw, for a byte-exact echo', async () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
    const { emulator } = await serve((event: Buffer) => event, { decoding: 'raw' });
    const outcome = await emulator.invoke(bytes);
    expect(outcome.body.equals(bytes)).toBe(true);
  });

  it('reports a malformed JSON event as Runtime.InvalidEvent and serves the next invocation', async () => {
    const { emulator } = await serve((event: unknown) => event);
    const bad = await emulator.invoke(Buffer.from('{"unterminated'));
    const good = await emulator.invoke({ fine: true });
    expect(bad.status).toBe('error');
    expect(bad.error?.errorType).toBe('Runtime.InvalidEvent');
    expect(bad.error?.errorMessage).toMatch(/not valid JSON/);
    expect(good.json()).toEqual({ fine: true });
  });

  it('reports a result with a cycle as "Unable to stringify response body" and goes on', async () => {
    const { emulator } = await serve((event: { kind: string }) => {
      if (event.kind === 'bigint') return { n: 1n };
      const cycle: Record<string, unknown> = {};
      cycle.self = cycle;
      return cycle;
    });
    const cyclic = await emulator.invoke({ kind: 'cycle' });
    const bigint = await emulator.invoke({ kind: 'bigint' });
    for (const outcome of [cyclic, bigint]) {
      expect(outcome.status).toBe('error');
      expect(outcome.error).toMatchObject({ errorType: 'Runtime.JSONStringifyError', errorMessage: 'Unable to stringify response body' });
    }
  });

  it('does not send an oversize result: it posts Function.ResponseSizeTooLarge, logs it, and serves the next', async () => {
    const { emulator, lines } = await serve((event: { size: number }) => 'x'.repeat(event.size));
    const big = await emulator.invoke({ size: 6_291_556 });
    const small = await emulator.invoke({ size: 3 });
    expect(big.status).toBe('error');
    expect(big.error?.errorType).toBe('Function.ResponseSizeTooLarge');
    expect(big.error?.errorMessage).toContain('6291558 bytes');
    expect(big.error?.errorMessage).toContain('6291556');
    expect(emulator.requests.some((r) => r.path.endsWith('/response') && r.body.length > 6_000_000)).toBe(false);
    expect(lines.join('')).toContain('Function.ResponseSizeTooLarge');
    expect(small.json()).toBe('xxx');
  });

  it('reports a throwing handler and serves the next invocation', async () => {
    const { emulator } = await serve((event: { fail: boolean }) => {
      if (event.fail) throw new TypeError('x');
      return 'fine';
    });
    const failed = await emulator.invoke({ fail: true });
    const next = await emulator.invoke({ fail: false });
    expect(failed.error).toMatchObject({ errorType: 'TypeError', errorMessage: 'x' });
    expect(next.json()).toBe('fine');
  });

  it('treats an empty payload as an undefined event', async () => {
    const { emulator } = await serve((event: unknown) => ({ isUndefined: event === undefined }));
    const outcome = await emulator.invoke(Buffer.alloc(0));
    expect(outcome.json()).toEqual({ isUndefined: true });
  });
});
