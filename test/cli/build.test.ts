import { statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeApiEmulator } from '../../src/emulator/index.js';
import { buildCli, cacheDir, cleanCacheDirs, runCli } from './cli-process.js';

let cli: string;
let work: string;
beforeAll(async () => {
  cli = await buildCli();
  work = cacheDir('build');
});
afterAll(cleanCacheDirs);

let emulator: RuntimeApiEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const SOURCE = '--condition=lambda-kernel:source';

/** Writes a function entry into the scratch directory. */
function entry(name: string, source: string): string {
  const file = join(work, `${name}.ts`);
  writeFileSync(file, source);
  return file;
}

/** Runs a built bundle once and returns its log lines up to the first one matching `last`. */
async function logsOf(bundle: string, last: RegExp): Promise<string> {
  emulator = await RuntimeApiEmulator.start();
  const lines: string[] = [];
  // Output travels through a pipe, apart from the response: wait for the line, not for the invocation.
  const seen = new Promise<void>((resolve) => {
    emulator!.spawnFunction({
      command: process.execPath,
      args: [bundle],
      env: { AWS_LAMBDA_LOG_LEVEL: 'TRACE' },
      onOutput: (line) => {
        lines.push(line);
        if (last.test(line)) resolve();
      },
    });
  });
  expect((await emulator.invoke({})).status).toBe('success');
  await seen;
  return lines.join('\n');
}

describe('lambda-kernel build', () => {
  it('writes index.mjs, an executable bootstrap and lambda.zip, then prints their sizes and the largest modules', async () => {
    const out = join(work, 'hello');
    const { code, stdout } = await runCli(cli, ['build', 'examples/hello/main.ts', '--out', out, SOURCE]);
    expect(code).toBe(0);
    expect(stdout).toContain('Built examples/hello/main.ts');
    expect(stdout).toMatch(/index\.mjs +\d+\.\d KiB/);
    expect(stdout).toMatch(/lambda\.zip +\d+\.\d KiB +\(bootstrap, index\.mjs\)/);
    expect(stdout).toMatch(/Largest modules:\n( +\d+\.\d KiB  \S+\n){8}/);
    expect(stdout).toContain('AWS_LAMBDA_EXEC_WRAPPER=/var/task/bootstrap');
    expect(statSync(join(out, 'bootstrap')).mode & 0o777).toBe(0o755);
    expect(statSync(join(out, 'lambda.zip')).size).toBeGreaterThan(0);
  });

  it('--sourcemap ships index.mjs.map and a bootstrap that enables it, so stack traces name the TypeScript', async () => {
    const out = join(work, 'fail-mapped');
    const { code, stdout } = await runCli(cli, ['build', 'examples/fail/main.ts', '--sourcemap', '--release', '--out', out, SOURCE]);
    expect(code).toBe(0);
    expect(stdout).toContain('(bootstrap, index.mjs, index.mjs.map)');
    emulator = await RuntimeApiEmulator.start();
    emulator.spawnFunction({ command: join(out, 'bootstrap'), env: { PATH: `${dirname(process.execPath)}${delimiter}${process.env['PATH']}` } });
    const outcome = await emulator.invoke({ orderId: 'o-2' });
    expect(outcome.error?.stackTrace?.join('\n')).toMatch(/examples\/fail\/main\.ts:\d+:\d+/);
  });

  it('drops DEBUG and TRACE logging from release builds, whatever AWS_LAMBDA_LOG_LEVEL says', async () => {
    const file = entry('chatty', `import { run } from 'lambda-kernel/runtime';
run(() => { console.debug('a debug line'); console.info('an info line'); return 'ok'; });\n`);
    const release = join(work, 'chatty-release');
    const built = await runCli(cli, ['build', file, '--release', '--out', release, SOURCE]);
    expect(built.stdout).toContain('(x86_64, release, log floor INFO)');
    const logs = await logsOf(join(release, 'index.mjs'), /an info line/);
    expect(logs).not.toContain('a debug line');
  });

  it('keeps DEBUG logging in a release build given --log-level DEBUG', async () => {
    const file = entry('chatty-debug', `import { run } from 'lambda-kernel/runtime';
run(() => { console.trace('a trace line'); console.debug('a debug line'); return 'ok'; });\n`);
    const out = join(work, 'chatty-debug');
    await runCli(cli, ['build', file, '--release', '--log-level', 'debug', '--out', out, SOURCE]);
    const logs = await logsOf(join(out, 'index.mjs'), /a debug line/);
    expect(logs).not.toContain('a trace line');
  });

  it("prints esbuild's warnings, and warns when the bundle contains lambda-kernel dev tooling", async () => {
    const file = entry('tooling', `import { RuntimeApiEmulator } from 'lambda-kernel/emulator';
import { run } from 'lambda-kernel/runtime';
const limits = { retries: 1, retries: 2 };
run(() => [typeof RuntimeApiEmulator, limits]);\n`);
    const { code, stdout } = await runCli(cli, ['build', file, '--out', join(work, 'tooling'), SOURCE]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Warning: .*tooling\.ts:3:\d+: Duplicate key "retries" in object literal/);
    expect(stdout).toMatch(/Warning: the bundle contains lambda-kernel dev tooling \(\d+ files, e\.g\. src\/emulator\//);
  });

  it("shows esbuild's error with file, line and column when the entry does not compile, and exits 1", async () => {
    const file = entry('broken', `import { run } from 'lambda-kernel/runtime';\nrun(() => 1 +);\n`);
    const { code, stderr } = await runCli(cli, ['build', file, '--out', join(work, 'broken'), SOURCE]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/lambda-kernel: Bundling .*broken\.ts failed:\n.*broken\.ts:2:13: Unexpected "\)"\n +run\(\(\) => 1 \+\);\n {17}\^/);
  });

  it('refuses a Node.js binary that Lambda could not run, before bundling', async () => {
    const other = process.arch === 'arm64' ? 'x86_64' : 'arm64';
    const wrongCpu = await runCli(cli, ['build', 'examples/hello/main.ts', '--arch', other, '--node-binary', process.execPath, '--out', join(work, 'x')]);
    expect(wrongCpu.code).toBe(1);
    expect(wrongCpu.stderr).toContain(`Lambda ${other} needs a Linux ${other} build of Node.js`);
    const notElf = await runCli(cli, ['build', 'examples/hello/main.ts', '--node-binary', 'package.json', '--out', join(work, 'x')]);
    expect(notElf.stderr).toContain('package.json is not a Linux (ELF) executable');
  });

  it('treats unknown flags, bad values and unknown commands as usage errors (exit 2)', async () => {
    for (const args of [['build', '--frobnicate'], ['build', '--arch', 'sparc'], ['frobnicate'], ['build', 'a.ts', 'b.ts']]) {
      const { code, stderr } = await runCli(cli, args);
      expect(code).toBe(2);
      expect(stderr).toMatch(/^lambda-kernel: .+\nRun lambda-kernel (build )?--help for usage\.\n$/);
    }
  });
});
