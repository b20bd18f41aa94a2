import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeApiEmulator } from '../../src/emulator/index.js';
import { buildFunction, cleanFixtures } from '../helpers/build-fixture.js';

let emulator: RuntimeApiEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});
afterAll(cleanFixtures);

async function start(file: string, env: Record<string, string> = {}) {
  emulator = await RuntimeApiEmulator.start();
  const output: string[] = [];
  const fn = emulator.spawnFunction({
    command: process.execPath,
    args: [file],
    env: emulator.functionEnv(env),
    onOutput: (line) => output.push(line),
  });
  return { emulator, fn, output };
}

describe('a built function in a child process', () => {
  let echo: string;
  let stray: string;
  let fromHandler: string;
  beforeAll(async () => {
    echo = await buildFunction(`import { run } from 'lambda-kernel/runtime';\nrun((event) => event);\n`, 'echo');
    stray = await buildFunction(
      `import { run } from 'lambda-kernel/runtime';
run(async (event: { mode: string }) => {
  if (event.mode === 'rejection') { Promise.reject(new Error('nobody awaits me')); }
  if (event.mode === 'timer') { setTimeout(() => { throw new RangeError('from a timer'); }, 1); }
  await new Promise((resolve) => setTimeout(resolve, 200));
  return 'unreachable';
});\n`,
      'stray',
    );
    fromHandler = await buildFunction(`import { runHandlerFromEnv } from 'lambda-kernel/runtime';\nrunHandlerFromEnv();\n`, 'loader');
  });

  it('serves invocations, ignoring HTTP_PROXY for the Runtime API', async () => {
    const { emulator } = await start(echo, { HTTP_PROXY: 'http://127.0.0.1:9', http_proxy: 'http://127.0.0.1:9' });
    expect((await emulator.invoke({ a: 1 })).json()).toEqual({ a: 1 });
    expect((await emulator.invoke([1, 2])).json()).toEqual([1, 2]);
  });

  it('exits non-zero after a 500 on /response, making no further request (case 20)', async () => {
    const { emulator, fn } = await start(echo);
    emulator.inject({ route: 'response', status: 500, body: { errorType: 'InternalServerError', errorMessage: 'x' } });
    void emulator.invoke({}).catch(() => {});
    const { code } = await fn.exited;
    expect(code).not.toBe(0);
    expect(emulator.requests.filter((r) => r.path.endsWith('/next'))).toHaveLength(1);
  });

  it('exits non-zero on a 500 from /next (case 21)', async () => {
    const { emulator, fn } = await start(echo);
    emulator.inject({ route: 'next', status: 500, body: { errorType: 'InternalServerError', errorMessage: 'x' }, times: 5 });
    void emulator.invoke({}).catch(() => {});
    expect((await fn.exited).code).not.toBe(0);
  });

  it('exits non-zero when the /next connection is reset (case 22)', async () => {
    const { emulator, fn } = await start(echo);
    emulator.inject({ route: 'next', action: 'reset', times: 5 });
    void emulator.invoke({}).catch(() => {});
    expect((await fn.exited).code).not.toBe(0);
  });

  it('reports an unhandled rejection against the invocation and exits 128 (case 25)', async () => {
    const { emulator, fn } = await start(stray);
    const outcome = await emulator.invoke({ mode: 'rejection' });
    expect(outcome.error?.errorType).toBe('Runtime.UnhandledPromiseRejection');
    expect(outcome.error?.errorMessage).toContain('nobody awaits me');
    expect((await fn.exited).code).toBe(128);
  });

  it('reports an uncaught exception from a timer against the invocation and exits 129 (case 26)', async () => {
    const { emulator, fn } = await start(stray);
    const outcome = await emulator.invoke({ mode: 'timer' });
    expect(outcome.error).toMatchObject({ errorType: 'RangeError', errorMessage: 'from a timer' });
    expect((await fn.exited).code).toBe(129);
  });

  describe('loading _HANDLER like AWS’s Node.js runtime', () => {
    const taskRoot = mkdtempSync(join(tmpdir(), 'lk-task-'));
    writeFileSync(join(taskRoot, 'index.mjs'), 'export const handler = async (e) => ({ loaded: e });\nexport const notFn = 1;\n');
    writeFileSync(join(taskRoot, 'broken.mjs'), 'export const handler = async (e) => {{;\n');
    writeFileSync(join(taskRoot, 'tla.mjs'), 'await Promise.reject(new URIError("top level"));\nexport const handler = () => 1;\n');

    it('serves the exported handler', async () => {
      const { emulator } = await start(fromHandler, { _HANDLER: 'index.handler', LAMBDA_TASK_ROOT: taskRoot });
      expect((await emulator.invoke({ x: 1 })).json()).toEqual({ loaded: { x: 1 } });
    });

    it.each([
      ['missing.handler', 'Runtime.ImportModuleError', 27],
      ['index', 'Runtime.MalformedHandlerName', 28],
      ['../x.handler', 'Runtime.MalformedHandlerName', 28],
      ['index.nothing', 'Runtime.HandlerNotFound', 29],
      ['index.notFn', 'Runtime.HandlerNotFound', 29],
      ['broken.handler', 'Runtime.UserCodeSyntaxError', 30],
      ['tla.handler', 'URIError', 31],
    ])('reports _HANDLER=%s as an init error %s without calling /next (case %i)', async (handler, errorType) => {
      const { emulator, fn } = await start(fromHandler, { _HANDLER: handler, LAMBDA_TASK_ROOT: taskRoot });
      const { code } = await fn.exited;
      expect(code).not.toBe(0);
      expect(emulator.initErrors).toHaveLength(1);
      expect(emulator.initErrors[0]!.headers['lambda-runtime-function-error-type']).toBe(errorType);
      expect(JSON.parse(emulator.initErrors[0]!.body.toString()).errorType).toBe(errorType);
      expect(emulator.requests.some((r) => r.path.endsWith('/next'))).toBe(false);
    });
  });

  it('exits non-zero without any HTTP request when AWS_LAMBDA_RUNTIME_API is unset (case 32)', () => {
    const env = { ...process.env };
    delete env.AWS_LAMBDA_RUNTIME_API;
    const result = spawnSync(process.execPath, [echo], { env, encoding: 'utf8', timeout: 10_000 });
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('AWS_LAMBDA_RUNTIME_API is not set');
  });
});
