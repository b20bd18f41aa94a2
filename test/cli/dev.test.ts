import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeApiEmulator } from '../../src/emulator/index.js';
import { buildCli, cacheDir, cleanCacheDirs, CliProcess, root, runCli } from './cli-process.js';

let cli: string;
beforeAll(async () => {
  cli = await buildCli();
});
afterAll(cleanCacheDirs);

let dev: CliProcess | undefined;
afterEach(async () => {
  dev?.child.kill('SIGKILL');
  await dev?.exited;
  dev = undefined;
});

/** Starts `lambda-kernel dev` on free ports and returns the invoke endpoint and Function URL it prints. */
async function startDev(args: string[]): Promise<{ dev: CliProcess; url: string; functionUrl: string }> {
  dev = new CliProcess(cli, ['dev', ...args, '--port', '0', '--url-port', '0', '--condition=lambda-kernel:source']);
  const [, url, functionUrl] = await dev.waitFor(/invoke +POST (http:\/\/\S+)\n.*Function URL +(http:\/\/\S+)\n/);
  return { dev, url: url!, functionUrl: functionUrl! };
}

async function invoke(url: string, event: unknown = {}) {
  const res = await fetch(url, { method: 'POST', body: JSON.stringify(event) });
  return { requestId: res.headers.get('x-amzn-requestid'), body: (await res.json()) as unknown };
}

describe('lambda-kernel dev', () => {
  it('serves the function, and after an edit rebuilds and serves the new code, logs and all', async () => {
    // Prepare: a copy of the hello example inside the repo, so its lambda-kernel imports resolve.
    const entry = join(cacheDir('dev'), 'main.ts');
    copyFileSync(join(root, 'examples/hello/main.ts'), entry);
    const { dev, url, functionUrl } = await startDev([entry]);
    expect(dev.stdout).toMatch(/\[dev\] serving .*main\.ts \(\d+ source files watched; Ctrl-C to stop\)/);
    expect((await invoke(url)).body).toBe('Hello, world!');
    expect(await (await fetch(`${functionUrl}greet?name=x`)).text()).toBe('Hello, world!');

    // Act: edit the handler.
    const mark = dev.mark();
    writeFileSync(
      entry,
      `import { run } from 'lambda-kernel/runtime';\nrun((event) => { console.info('edited handler got', event); return 'Hello again!'; });\n`,
    );
    await dev.waitFor(/\[dev\] .*main\.ts changed, rebuilding…\n\[dev\] rebuilt in \d+ ms/, 'stdout', mark);

    // Assess: the new code answers, and its log line (with the request id) shows in dev's output.
    const again = await invoke(url, { n: 1 });
    expect(again.body).toBe('Hello again!');
    await dev.waitFor(new RegExp(`\\t${again.requestId}\\tINFO\\tedited handler got { n: 1 }`));
  });

  it('keeps serving the previous build when an edit does not compile, and stops cleanly on SIGTERM', async () => {
    const entry = join(cacheDir('dev'), 'main.ts');
    copyFileSync(join(root, 'examples/hello/main.ts'), entry);
    const { dev, url } = await startDev([entry]);

    const mark = dev.mark('stderr');
    writeFileSync(entry, `import { run } from 'lambda-kernel/runtime';\nrun(() => 'Hello' +);\n`);
    await dev.waitFor(/main\.ts:2:\d+: Unexpected[\s\S]*\[dev\] still serving the previous build/, 'stderr', mark);
    expect((await invoke(url)).body).toBe('Hello, world!');

    dev.child.kill('SIGTERM');
    expect(await dev.exited).toEqual({ code: 0, signal: null });
  });

  it('passes --env and --concurrency to the function (above 1: Lambda Managed Instances)', async () => {
    const { url } = await startDev(['examples/debug/main.ts', '--env', 'GREETING=hi', '--concurrency', '2']);
    const { body } = (await invoke(url)) as { body: { env: Record<string, string>; function: Record<string, unknown> } };
    expect(body.env).toMatchObject({ GREETING: 'hi', AWS_LAMBDA_MAX_CONCURRENCY: '2' });
    expect(body.function).toMatchObject({ initializationType: 'lambda-managed-instances' });
  });

  it('names the flag to change when a port is taken, and exits 1', async () => {
    const taken = await RuntimeApiEmulator.start();
    try {
      const args = ['dev', 'examples/hello/main.ts', '--port', String(taken.port), '--condition=lambda-kernel:source'];
      const { code, stderr } = await runCli(cli, args);
      expect(code).toBe(1);
      expect(stderr).toBe(`lambda-kernel: Port ${taken.port} is in use; pick another with --port (0 picks a free one).\n`);
    } finally {
      await taken.close();
    }
  });
});
