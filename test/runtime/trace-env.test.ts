import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { InvocationContext } from '../../src/runtime/context.js';
import { bufferedDriver, type Handler } from '../../src/runtime/run.js';
import { installTraceEnv, setTraceEnv, TRACE_ENV } from '../../src/runtime/trace-env.js';
import { runtimesPerTest } from '../helpers/in-process.js';

const start = runtimesPerTest();
const TRACE = 'Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1';

function serve<R>(handler: Handler<unknown, R>) {
  return start(bufferedDriver(() => handler));
}

/** What a child process started without an explicit environment sees of `name`. */
function childSees(name: string): string {
  const child = spawnSync(process.execPath, ['-e', `process.stdout.write(process.env.${name} ?? '<unset>')`], { encoding: 'utf8' });
  return child.stdout;
}

afterEach(() => {
  delete process.env[TRACE_ENV];
  delete process.env.TRACE_ENV_TEST_OTHER;
});

describe('the trace header in process.env', () => {
  it('is seen by every way of reading process.env, while the real environment is never written', async () => {
    const real = process.env;
    const { emulator } = await serve(() => ({
      read: process.env[TRACE_ENV],
      has: TRACE_ENV in process.env,
      listed: Object.keys(process.env).includes(TRACE_ENV),
      copied: { ...process.env }[TRACE_ENV],
      real: real[TRACE_ENV] ?? null,
    }));
    const answer = await emulator.invoke({}, { traceId: TRACE });
    expect(answer.json()).toEqual({ read: TRACE, has: true, listed: true, copied: TRACE, real: null });
  });

  it('is inherited by a child process started during the invocation', async () => {
    const { emulator } = await serve(() => childSees(TRACE_ENV));
    expect((await emulator.invoke({}, { traceId: TRACE })).json()).toBe(TRACE);
    expect((await emulator.invoke({})).json()).toBe('<unset>');
  });

  it('lets other variables written by a handler reach the real environment and child processes', async () => {
    const real = process.env;
    const { emulator } = await serve(() => {
      process.env.TRACE_ENV_TEST_OTHER = 'written';
      return { child: childSees('TRACE_ENV_TEST_OTHER'), real: real.TRACE_ENV_TEST_OTHER };
    });
    expect((await emulator.invoke({}, { traceId: TRACE })).json()).toEqual({ child: 'written', real: 'written' });
  });

  it('puts the real process.env back when the runtime stops, holding the last trace header', async () => {
    const real = process.env;
    const runtime = await serve(() => 'ok');
    expect(process.env).not.toBe(real);
    await runtime.emulator.invoke({}, { traceId: TRACE });
    await runtime.stop();
    expect(process.env).toBe(real);
    expect(process.env[TRACE_ENV]).toBe(TRACE);
  });

  it('takes a value a handler writes itself until the next invocation sets its own', async () => {
    const { emulator } = await serve((event: unknown, _ctx: InvocationContext) => {
      const before = process.env[TRACE_ENV] ?? null;
      if (event === 'overwrite') process.env[TRACE_ENV] = 'custom';
      return { before, after: process.env[TRACE_ENV] ?? null };
    });
    expect((await emulator.invoke('overwrite', { traceId: TRACE })).json()).toEqual({ before: TRACE, after: 'custom' });
    expect((await emulator.invoke('read')).json()).toEqual({ before: null, after: null });
  });
});

describe('setTraceEnv without the runtime', () => {
  it('writes the real environment when nothing installed the in-memory variable (runLoop used alone)', () => {
    setTraceEnv(TRACE);
    expect(childSees(TRACE_ENV)).toBe(TRACE);
    setTraceEnv(undefined);
    expect(TRACE_ENV in process.env).toBe(false);
  });

  it('is shared by runtimes started together and released only by the last of them', () => {
    const real = process.env;
    const first = installTraceEnv();
    const second = installTraceEnv();
    setTraceEnv(TRACE);
    first();
    first();
    expect(process.env).not.toBe(real);
    expect(process.env[TRACE_ENV]).toBe(TRACE);
    second();
    expect(process.env).toBe(real);
    expect(real[TRACE_ENV]).toBe(TRACE);
  });
});
