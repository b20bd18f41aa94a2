import { afterEach, describe, expect, it } from 'vitest';
import { RuntimeApiEmulator } from '../../src/emulator/index.js';
import { INLINE_RUNTIME } from './fake-runtime.js';

let emulator: RuntimeApiEmulator | undefined;
afterEach(() => emulator?.close());

async function withRuntime(env: Record<string, string> = {}) {
  emulator = await RuntimeApiEmulator.start();
  const fp = emulator.spawnFunction({ command: process.execPath, args: ['-e', INLINE_RUNTIME], env });
  return { emulator, fp };
}

describe('spawned function process', () => {
  it('runs a real child runtime with the function environment', async () => {
    // Prepare
    const { emulator, fp } = await withRuntime();

    // Act
    const outcome = await emulator.invoke({ hello: 'world' });

    // Assess
    expect(outcome.status).toBe('success');
    expect(outcome.json()).toEqual({ echo: { hello: 'world' }, pid: fp.pid });
  });

  it('times out a hung invocation, SIGKILLs the process and serves the next invoke from a new one', async () => {
    // Prepare
    const { emulator, fp } = await withRuntime();
    const firstPid = fp.pid;

    // Act
    const timedOut = await emulator.invoke({ hang: true }, { timeoutMs: 200 });
    const after = await emulator.invoke({ again: true });

    // Assess
    expect(timedOut).toMatchObject({ status: 'timeout', errorType: 'Sandbox.Timeout' });
    expect(timedOut.error?.errorMessage).toContain('Task timed out after 0.20 seconds');
    expect(after.status).toBe('success');
    expect(after.json<{ pid: number }>().pid).not.toBe(firstPid);
    expect(fp.restarts).toBe(1);
  });

  it('reports a crash with the exit code and restarts the process on the next invoke', async () => {
    // Prepare
    const { emulator, fp } = await withRuntime();

    // Act
    const crashed = await emulator.invoke({ crash: 3 });
    const after = await emulator.invoke({});

    // Assess
    expect(crashed).toMatchObject({ status: 'crash', errorType: 'Runtime.ExitError' });
    expect(crashed.error?.errorMessage).toContain('exit status 3');
    expect(after.status).toBe('success');
    expect(fp.restarts).toBe(1);
  });

  it('fails the waiting invocation when the process dies during Init, without a restart loop', async () => {
    // Prepare
    emulator = await RuntimeApiEmulator.start();
    const fp = emulator.spawnFunction({ command: process.execPath, args: ['-e', 'process.exit(2)'] });

    // Act
    const outcome = await emulator.invoke({});

    // Assess
    expect(outcome).toMatchObject({ status: 'crash', errorType: 'Runtime.ExitError' });
    expect(outcome.error?.errorMessage).toContain('exit status 2');
    expect(fp.restarts).toBeLessThanOrEqual(1);
  });

  it('fails the invocation with the init error a child posts before exiting', async () => {
    // Prepare
    emulator = await RuntimeApiEmulator.start();
    const script = `
      const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
      const body = JSON.stringify({ errorType: 'Runtime.ImportModuleError', errorMessage: 'Cannot find module' });
      require('node:http').request({ host, port, method: 'POST', path: '/2018-06-01/runtime/init/error',
        headers: { 'Lambda-Runtime-Function-Error-Type': 'Runtime.ImportModuleError' } },
        (res) => { res.resume(); res.on('end', () => process.exit(129)); }).end(body);`;
    emulator.spawnFunction({ command: process.execPath, args: ['-e', script] });

    // Act
    const outcome = await emulator.invoke({});

    // Assess
    expect(outcome).toMatchObject({ status: 'error', errorType: 'Runtime.ImportModuleError' });
    expect(outcome.error?.errorMessage).toBe('Cannot find module');
    expect(emulator.initErrors).toHaveLength(1);
  });

  it('completes invocations of a child that subscribes an internal extension to INVOKE', async () => {
    // Prepare
    const { emulator } = await withRuntime({ EXT_EVENTS: '{"events":["INVOKE"]}' });

    // Act
    const outcomes = [await emulator.invoke({ n: 1 }), await emulator.invoke({ n: 2 })];

    // Assess
    expect(outcomes.map((o) => o.status)).toEqual(['success', 'success']);
    expect(emulator.extensionCount).toBe(1);
  });
});

describe('shutdown', () => {
  it('sends SIGTERM when an extension is registered, and the runtime exits cleanly', async () => {
    // Prepare
    const { emulator, fp } = await withRuntime({ EXT_EVENTS: '{"events":[]}' });
    await emulator.waitFor((r) => r.path === '/2020-01-01/extension/register' && r.status === 200);
    await emulator.waitForParkedNext(1);

    // Act
    const report = await emulator.shutdown();

    // Assess
    expect(report).toMatchObject({ signalSent: true, exitCode: 0, signal: null, reason: 'spindown' });
    expect(report.exitedWithinMs).toBeTypeOf('number');
    expect(fp.output).toContain('got SIGTERM');
  });

  it('kills the runtime without a signal when no extension is registered', async () => {
    // Prepare
    const { emulator, fp } = await withRuntime();
    await emulator.waitForParkedNext(1);

    // Act
    const report = await emulator.shutdown('timeout');

    // Assess
    expect(report).toMatchObject({ signalSent: false, exitCode: null, signal: 'SIGKILL', reason: 'timeout' });
    expect(fp.output).not.toContain('got SIGTERM');
  });

  it('reports nothing to do without a running process', async () => {
    // Prepare
    emulator = await RuntimeApiEmulator.start();

    // Act
    const report = await emulator.shutdown();

    // Assess
    expect(report).toEqual({ signalSent: false, exitCode: null, signal: null, exitedWithinMs: null, reason: 'spindown' });
  });
});
