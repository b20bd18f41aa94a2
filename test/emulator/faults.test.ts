import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmulatorError, RuntimeApiEmulator } from '../../src/emulator/index.js';
import { FakeRuntime, startFakeRuntime } from './fake-runtime.js';

let emulator: RuntimeApiEmulator;
let runtime: FakeRuntime;

beforeEach(async () => ({ emulator, runtime } = await startFakeRuntime()));
afterEach(() => emulator.close());

describe('injected faults', () => {
  it('answers a status fault with the RIE body for that status, once', async () => {
    // Prepare
    emulator.inject({ route: 'next', status: 500 });
    void emulator.invoke({}, { requestId: 'after-fault' });

    // Act
    const faulted = await runtime.next();
    const normal = await runtime.next();

    // Assess
    expect(faulted.status).toBe(500);
    expect(faulted.json()).toEqual({ errorMessage: 'Internal Server Error', errorType: 'InternalServerError' });
    expect(normal.headers['lambda-runtime-aws-request-id']).toBe('after-fault');
  });

  it('leaves the invocation pending after a faulted response, `times` times, with a custom body', async () => {
    // Prepare
    emulator.inject({ route: 'response', status: 403, body: { errorType: 'Custom' }, times: 2 });
    const outcome = emulator.invoke({}, { requestId: 'r' });
    await runtime.next();

    // Act
    const replies = [await runtime.respond('r', '1'), await runtime.respond('r', '2'), await runtime.respond('r', '3')];

    // Assess
    expect(replies.map((r) => r.status)).toEqual([403, 403, 202]);
    expect(replies[0]!.json()).toEqual({ errorType: 'Custom' });
    expect((await outcome).text()).toBe('3');
  });

  it('fails the invocation as Function.ResponseSizeTooLarge on a 413 fault, as RAPID does', async () => {
    // Prepare
    emulator.inject({ route: 'response', status: 413 });
    const outcome = emulator.invoke({}, { requestId: 'big' });
    await runtime.next();

    // Act
    const reply = await runtime.respond('big', 'small');

    // Assess
    expect(reply.status).toBe(413);
    expect(await outcome).toMatchObject({ status: 'error', errorType: 'Function.ResponseSizeTooLarge' });
  });

  it('resets the connection and keeps the invocation pending', async () => {
    // Prepare
    emulator.inject({ route: 'response', action: 'reset' });
    const outcome = emulator.invoke({}, { requestId: 'reset' });
    await runtime.next();

    // Act
    const attempt = runtime.respond('reset', '"lost"');

    // Assess
    await expect(attempt).rejects.toThrow();
    expect((await runtime.respond('reset', '"kept"')).status).toBe(202);
    expect((await outcome).text()).toBe('"kept"');
    expect(emulator.requests.filter((r) => r.path.endsWith('/response')).map((r) => r.status)).toEqual([0, 202]);
  });

  it('hangs a request until the emulator closes', async () => {
    // Prepare
    emulator.inject({ route: 'next', action: 'hang' });
    const hung = runtime.next();

    // Act
    const record = await emulator.waitFor((r) => r.path.endsWith('/next'));
    await emulator.close();

    // Assess
    expect(record.status).toBe(0);
    expect(emulator.parkedNextCount).toBe(0);
    await expect(hung).rejects.toThrow();
  });

  it('delays a request, then handles it normally', async () => {
    // Prepare
    emulator.inject({ route: 'response', action: 'delay', delayMs: 50 });
    const outcome = emulator.invoke({}, { requestId: 'slow' });
    await runtime.next();
    const started = performance.now();

    // Act
    const reply = await runtime.respond('slow', '"late"');

    // Assess
    expect(reply.status).toBe(202);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect((await outcome).text()).toBe('"late"');
  });

  it('faults extension registration and event/next like any other route', async () => {
    // Prepare
    emulator.inject({ route: 'register', status: 500 });

    // Act
    const reply = await runtime.call('POST', '/2020-01-01/extension/register', {
      headers: { 'Lambda-Extension-Name': 'x' },
      body: '{"events":[]}',
    });

    // Assess
    expect(reply.status).toBe(500);
    expect(emulator.extensionCount).toBe(0);
  });

  it('rejects a fault without a status or an action', () => {
    expect(() => emulator.inject({ route: 'next' })).toThrow(EmulatorError);
  });
});
