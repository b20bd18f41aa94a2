import { afterEach, describe, expect, it, vi } from 'vitest';
import { bufferedDriver } from '../../src/runtime/run.js';
import { type InProcessRuntime, startInProcess } from '../helpers/in-process.js';

let rt: InProcessRuntime | undefined;
afterEach(async () => {
  await rt?.stop();
  rt = undefined;
});

const echo = bufferedDriver(() => (event: unknown) => event);

describe('Runtime API statuses (runtime-api.md §1.6)', () => {
  it('logs a 413 on /response, posts no /error and calls /next (case 18)', async () => {
    rt = await startInProcess(echo);
    const { emulator, lines } = rt;
    emulator.inject({ route: 'response', status: 413, body: { errorType: 'RequestEntityTooLarge', errorMessage: 'too big' } });
    const first = emulator.invoke({ n: 1 });
    await vi.waitFor(() => expect(emulator.requests.filter((r) => r.path.endsWith('/next')).length).toBe(2));
    expect(emulator.requests.some((r) => r.path.endsWith('/error'))).toBe(false);
    expect(lines.join('')).toMatch(/413/);
    expect((await first).status).toBe('error');
    expect((await emulator.invoke({ n: 2 })).json()).toEqual({ n: 2 });
  });

  it.each([400, 403])('logs a %i on /response and goes on to the next invocation (case 19)', async (status) => {
    rt = await startInProcess(echo);
    const { emulator, lines } = rt;
    emulator.inject({ route: 'response', status, body: { errorType: 'InvalidRequestID', errorMessage: 'nope' } });
    void emulator.invoke({ n: 1 }).catch(() => {});
    await vi.waitFor(() => expect(emulator.requests.filter((r) => r.path.endsWith('/next')).length).toBe(2));
    expect(lines.join('')).toContain(String(status));
    expect(emulator.requests.some((r) => r.path.endsWith('/error'))).toBe(false);
  });

  it.each([400, 403])('logs a %i on /error and goes on to the next invocation (case 19)', async (status) => {
    rt = await startInProcess(bufferedDriver(() => () => { throw new Error('fails'); }));
    const { emulator, lines } = rt;
    emulator.inject({ route: 'error', status, body: { errorType: 'InvalidRequestID', errorMessage: 'nope' } });
    void emulator.invoke({ n: 1 }).catch(() => {});
    await vi.waitFor(() => expect(emulator.requests.filter((r) => r.path.endsWith('/next')).length).toBe(2));
    expect(lines.join('')).toContain(String(status));
  });

  it('ends the loop with a non-zero code and makes no further request after a 500 on /response (case 20)', async () => {
    rt = await startInProcess(echo);
    const { emulator } = rt;
    emulator.inject({ route: 'response', status: 500, body: { errorType: 'InternalServerError', errorMessage: 'x' } });
    void emulator.invoke({ n: 1 }).catch(() => {});
    expect(await rt.exited).toBe(1);
    expect(emulator.requests.filter((r) => r.path.endsWith('/next'))).toHaveLength(1);
  });

  it('ends the loop with a non-zero code on a 500 from /next (case 21)', async () => {
    rt = await startInProcess(echo);
    rt.emulator.inject({ route: 'next', status: 500, body: { errorType: 'InternalServerError', errorMessage: 'x' } });
    void rt.emulator.invoke({}).catch(() => {});
    expect(await rt.exited).toBe(1);
  });

  it('ends the loop with a non-zero code when the /next connection is reset in single-concurrency mode (case 22)', async () => {
    rt = await startInProcess(echo);
    rt.emulator.inject({ route: 'next', action: 'reset' });
    void rt.emulator.invoke({}).catch(() => {});
    expect(await rt.exited).toBe(1);
  });
});
