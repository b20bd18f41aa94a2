import { afterEach, describe, expect, it } from 'vitest';
import { RuntimeApiEmulator } from '../../src/emulator/index.js';
import { bundleExample } from '../helpers/example.js';

let emulator: RuntimeApiEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(name: string) {
  const file = await bundleExample(name);
  emulator = await RuntimeApiEmulator.start();
  const output: string[] = [];
  const fn = emulator.spawnFunction({ command: process.execPath, args: [file], onOutput: (line) => output.push(line) });
  return { emulator, fn, output };
}

describe('examples/di in a child process', () => {
  it('serves invocations, then runs OnShutdown on SIGTERM and exits 0 within Lambda’s 500 ms', async () => {
    // Prepare
    const { emulator, output } = await start('di');

    // Act
    const first = await emulator.invoke({ name: 'Ada' }, { requestId: 'di-1' });
    const second = await emulator.invoke({}, { requestId: 'di-2' });
    const report = await emulator.shutdown();

    // Assess
    expect(first.json()).toMatchObject({ message: 'Hello, Ada!', requestId: 'di-1' });
    expect(second.json()).toMatchObject({ message: 'Hello, world!', requestId: 'di-2' });
    // The kernel registered an internal extension, so Lambda (here the emulator) sends SIGTERM; the emulator
    // SIGKILLs after 500 ms, so exit code 0 means the hooks ran and the process exited inside the budget.
    expect(emulator.extensionCount).toBe(1);
    expect(report.signalSent).toBe(true);
    expect(report.exitCode).toBe(0);
    expect(report.signal).toBeNull();
    expect(output.join('\n')).toMatch(/shutdown: served 2 greetings/);
    expect(output.join('\n')).toMatch(/di-2\tINFO\tresponse sent \(ok\)/);
  });
});

describe('examples/init_error in a child process', () => {
  it('reports the failing OnInit as an init error, never asks for an invocation, and exits non-zero', async () => {
    const { emulator, fn } = await start('init_error');
    const { code } = await fn.exited;
    expect(code).not.toBe(0);
    expect(emulator.initErrors).toHaveLength(1);
    const init = emulator.initErrors[0]!;
    expect(init.headers['lambda-runtime-function-error-type']).toBe('Runtime.HookError');
    expect(JSON.parse(init.body.toString())).toMatchObject({
      errorType: 'Runtime.HookError',
      errorMessage: '@OnInit() of Database.connect failed: cannot reach the database at db.internal:5432',
    });
    expect(emulator.requests.some((r) => r.path.endsWith('/invocation/next'))).toBe(false);
  });
});
