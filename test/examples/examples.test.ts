import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildFunction, type BuiltFunction } from '../../src/cli/build.js';
import { devToolingInputs } from '../../src/cli/report.js';
import { RuntimeApiEmulator } from '../../src/emulator/index.js';
import { cacheDir, cleanCacheDirs, root } from '../cli/cli-process.js';
import { readZip } from '../cli/zip-reader.js';

const NAMES = ['hello', 'echo', 'debug', 'fail', 'oversize', 'terminate'] as const;
type Name = (typeof NAMES)[number];
const built = {} as Record<Name, BuiltFunction>;
// The bootstrap finds `node` on PATH, as on the managed runtime.
const PATH = `${dirname(process.execPath)}${delimiter}${process.env['PATH'] ?? ''}`;

beforeAll(async () => {
  const out = cacheDir('examples');
  await Promise.all(
    NAMES.map(async (name) => {
      const entry = join(root, 'examples', name, 'main.ts');
      built[name] = await buildFunction({ entry, outDir: join(out, name), conditions: ['lambda-kernel:source'] });
    }),
  );
});
afterAll(cleanCacheDirs);

let emulator: RuntimeApiEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** Starts the example's built bootstrap as the function process, as Lambda would. */
async function start(name: Name, options: { env?: Record<string, string>; args?: string[] } = {}) {
  emulator = await RuntimeApiEmulator.start();
  const fn = emulator.spawnFunction({ command: built[name].bootstrapPath, args: options.args, env: { PATH, ...options.env } });
  return { emulator, fn };
}

describe('the examples, built', () => {
  it('each zip holds an executable bootstrap (Unix mode 0755) and the bundle', () => {
    for (const name of NAMES) {
      const files = readZip(readFileSync(built[name].zipPath!));
      expect(files.map((f) => f.name)).toEqual(['bootstrap', 'index.mjs']);
      const [bootstrap, bundle] = files;
      expect(bootstrap).toMatchObject({ os: 3, mode: 0o100755 });
      expect(Buffer.from(bootstrap!.data).toString()).toMatch(/^#!\/bin\/sh\n[\s\S]*exec "\$node" .*"\$here\/index\.mjs"\n$/);
      expect(bundle).toMatchObject({ os: 3, mode: 0o100644 });
      expect(Buffer.from(bundle!.data).equals(readFileSync(built[name].bundlePath))).toBe(true);
    }
  });

  it('no bundle contains the CLI, the emulator or the testing helpers', () => {
    for (const name of NAMES) {
      const inputs = Object.keys(built[name].metafile.inputs);
      expect(inputs.filter((input) => /(^|\/)src\/(cli|emulator|testing)\//.test(input))).toEqual([]);
      expect(inputs).toContain('src/runtime/run.ts');
      expect(devToolingInputs(built[name].metafile)).toEqual([]);
    }
  });
});

describe('the examples, running from their bootstrap under the emulator', () => {
  it('hello answers "Hello, world!"', async () => {
    const { emulator } = await start('hello');
    const outcome = await emulator.invoke({});
    expect(outcome.status).toBe('success');
    expect(outcome.json()).toBe('Hello, world!');
  });

  it("hello also runs as the managed runtime's exec wrapper, ignoring AWS's runtime command line", async () => {
    const args = ['/var/lang/bin/node', '--expose-gc', '--max-http-header-size', '81920', '/var/runtime/index.mjs'];
    const { emulator } = await start('hello', { args });
    expect((await emulator.invoke({})).json()).toBe('Hello, world!');
  });

  it('echo returns the event byte for byte', async () => {
    const { emulator } = await start('echo');
    const bytes = Buffer.concat([randomBytes(4096), Buffer.from([0xff, 0xfe, 0x00, 0xc3])]);
    expect((await emulator.invoke(bytes)).body.equals(bytes)).toBe(true);
    const text = Buffer.from(' {"a": [1, 2.50, "é"]}\n');
    expect((await emulator.invoke(text)).body.equals(text)).toBe(true);
  });

  it('debug shows the request, the function config, the environment with secrets redacted, and the event', async () => {
    const env = { GREETING: 'hi', API_KEY: 'sk-live-123', DB_PASSWORD: 'hunter2', GITHUB_TOKEN: 'ghp_x', TOKENS_PER_MINUTE: '60' };
    const { emulator } = await start('debug', { env });
    const event = { orderId: 42, headers: { authorization: 'Bearer abc' } };
    const outcome = await emulator.invoke(event, { traceId: 'Root=1-abc', tenantId: 'tenant-7' });
    const body = outcome.json<Record<string, Record<string, unknown>>>();
    expect(body['request']).toMatchObject({ requestId: outcome.requestId, traceId: 'Root=1-abc', tenantId: 'tenant-7' });
    expect(body['function']).toMatchObject({ functionName: 'test-function', memorySizeMb: 128, region: 'us-east-1' });
    expect(body['function']!['credentials']).toEqual({
      accessKeyId: '[REDACTED]',
      secretAccessKey: '[REDACTED]',
      sessionToken: '[REDACTED]',
    });
    expect(body['env']).toMatchObject({
      GREETING: 'hi',
      API_KEY: '[REDACTED]',
      DB_PASSWORD: '[REDACTED]',
      GITHUB_TOKEN: '[REDACTED]',
      AWS_ACCESS_KEY_ID: '[REDACTED]',
      AWS_SECRET_ACCESS_KEY: '[REDACTED]',
      AWS_SESSION_TOKEN: '[REDACTED]',
      AWS_LAMBDA_FUNCTION_NAME: 'test-function',
    });
    // The logger's keys are whole names or whole segments of a variable name, never substrings.
    expect(body['env']!['TOKENS_PER_MINUTE']).toBe('60');
    expect(outcome.text()).not.toMatch(/wJalrXUtnFEMI|sk-live|hunter2|ghp_x|Bearer abc/);
    expect(body['event']).toEqual({ orderId: 42, headers: { authorization: '[REDACTED]' } });
  });

  it("fail reports the thrown error's type and message", async () => {
    const { emulator } = await start('fail');
    const outcome = await emulator.invoke({ orderId: 'o-9' });
    expect(outcome.status).toBe('error');
    expect(outcome.error).toMatchObject({ errorType: 'OrderNotFoundError', errorMessage: 'Order o-9 does not exist' });
  });

  it('oversize fails with Function.ResponseSizeTooLarge', async () => {
    const { emulator } = await start('oversize');
    const outcome = await emulator.invoke({});
    expect(outcome.status).toBe('error');
    expect(outcome.errorType).toBe('Function.ResponseSizeTooLarge');
  });

  it('terminate responds, then its process exits, and the next invocation gets a fresh one', async () => {
    const { emulator, fn } = await start('terminate');
    const first = await emulator.invoke({});
    expect(first.status).toBe('success');
    expect(await fn.exited).toEqual({ code: 0, signal: null });
    const second = await emulator.invoke({});
    expect(second.json<{ pid: number }>().pid).not.toBe(first.json<{ pid: number }>().pid);
    expect(fn.restarts).toBe(1);
  });
});
