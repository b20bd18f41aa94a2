import { afterEach, describe, expect, it } from 'vitest';
import { AfterResponse, Handler } from '../../src/kernel/index.js';
import { readFunctionConfig } from '../../src/runtime/config.js';
import { InvocationContext } from '../../src/runtime/context.js';
import { toDiagnostic } from '../../src/runtime/diagnostic.js';
import { bufferedDriver } from '../../src/runtime/run.js';
import { TestKernel } from '../../src/testing/index.js';
import { type InProcessRuntime, startInProcess } from '../helpers/in-process.js';
import { HOSTILE_FACTORIES } from './hostile-values.js';

// Deterministic versions of what the fuzzers found, one per bug.
let rt: InProcessRuntime | undefined;
afterEach(async () => {
  await rt?.stop();
  rt = undefined;
});

describe('error reports say what was thrown', () => {
  it.each(HOSTILE_FACTORIES.map(([label, make]) => [label, make] as const))('%s gives a non-empty errorType and errorMessage', (_label, make) => {
    const diagnostic = toDiagnostic(make());
    expect(diagnostic.errorType).toMatch(/\S/);
    expect(diagnostic.errorMessage).toMatch(/\S/);
    expect(diagnostic.stackTrace.every((line) => typeof line === 'string')).toBe(true);
  });

  it('says "(no message)" for an error or a string without text, rather than an empty errorMessage', () => {
    expect(toDiagnostic(new TypeError())).toMatchObject({ errorType: 'TypeError', errorMessage: '(no message)' });
    expect(toDiagnostic('')).toMatchObject({ errorType: 'string', errorMessage: '(no message)' });
  });

  it('reports an error whose name is empty or not a string as "Error", keeping its message', () => {
    for (const name of ['', 42, Symbol('n')]) {
      const err = Object.defineProperty(new Error('kept'), 'name', { value: name });
      expect(toDiagnostic(err)).toMatchObject({ errorType: 'Error', errorMessage: 'kept' });
    }
  });

  it('keeps an error’s type and message when reading its cause throws', () => {
    const err = Object.defineProperty(new RangeError('outer'), 'cause', { get: () => { throw new Error('no'); } });
    const diagnostic = toDiagnostic(err);
    expect(diagnostic).toMatchObject({ errorType: 'RangeError', errorMessage: 'outer' });
    expect(diagnostic.stackTrace.at(-1)).toBe('Caused by: (a cause that could not be read)');
  });
});

describe('the invocation context', () => {
  it('does not abort context.signal at once for a deadline beyond the 24.8-day timer range', async () => {
    const config = readFunctionConfig({ AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001' });
    const deadline = Date.now() + 40 * 24 * 3600 * 1000;
    const context = new InvocationContext(
      { 'lambda-runtime-aws-request-id': 'far', 'lambda-runtime-deadline-ms': String(deadline) },
      Buffer.alloc(0),
      config,
    );
    const { signal } = context;
    // A timer past 2^31-1 ms used to fire after 1 ms; wait for a few timer turns.
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(signal.aborted).toBe(false);
    context.dispose();
  });
});

describe('the runtime loop', () => {
  it('serves an invocation whose headers exceed Node’s 16 KiB default (a large client context)', async () => {
    rt = await startInProcess(bufferedDriver(() => (_event: unknown, context: InvocationContext) => context.clientContext));
    const clientContext = { custom: { blob: 'x'.repeat(64 * 1024) } };
    const outcome = await rt.emulator.invoke({}, { clientContext });
    expect(outcome.json()).toEqual(clientContext);
  });

  it('does not run the handler for an invocation without a request id', async () => {
    let calls = 0;
    rt = await startInProcess(bufferedDriver(() => () => (calls += 1)));
    const orphan = await rt.emulator.invoke({}, { headers: { 'Lambda-Runtime-Aws-Request-Id': undefined }, timeoutMs: 200 });
    expect(orphan.status).toBe('timeout');
    expect(calls).toBe(0);
    expect((await rt.emulator.invoke({})).json()).toBe(1);
  });

  it('reports an init that never finishes as Runtime.InitTimeout once initTimeoutMs has passed', async () => {
    rt = await startInProcess(bufferedDriver(() => () => 'never'), { init: () => new Promise(() => {}), initTimeoutMs: 50 });
    expect(await rt.exited).toBe(1);
    const body = JSON.parse(rt.emulator.initErrors[0]!.body.toString('utf8'));
    expect(body).toMatchObject({ errorType: 'Runtime.InitTimeout' });
    expect(body.errorMessage).toContain('within 50 ms');
  });
});

describe('the kernel', () => {
  it('logs an @AfterResponse() hook’s failure even when the handler threw a frozen error', async () => {
    @Handler()
    class Frozen {
      handle(): never {
        throw Object.freeze(new TypeError('frozen'));
      }
      @AfterResponse() after(): void {
        throw new Error('hook failed');
      }
    }
    const app = await TestKernel.create({ handler: Frozen });
    try {
      const outcome = await app.invokeRaw({});
      expect(outcome.error).toMatchObject({ errorType: 'TypeError', errorMessage: 'frozen' });
      const logs = app.logs.join('');
      expect(logs).toContain('hook failed');
      expect(logs).not.toContain('not extensible');
    } finally {
      await app.close();
    }
  });
});
