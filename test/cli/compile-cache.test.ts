import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { bootstrapScript } from '../../src/cli/bootstrap.js';
import { RuntimeApiEmulator } from '../../src/emulator/index.js';
import { buildCli, cacheDir, cleanCacheDirs, root, runCli } from './cli-process.js';
import { readZip } from './zip-reader.js';

let cli: string;
beforeAll(async () => {
  cli = await buildCli();
});
afterAll(cleanCacheDirs);

const hello = ['build', 'examples/hello/main.ts', '--condition=lambda-kernel:source'];

/**
 * A Linux Node.js 24.12+ for this machine, if one is at hand offline: `$LAMBDA_KERNEL_TEST_NODE`, or one fetched
 * before by `npm run bench -- --node 24` or `build --include-node` (none on a fresh machine, where Node.js 20 runs).
 */
function portableNode(): string | undefined {
  const own = process.env.LAMBDA_KERNEL_TEST_NODE;
  if (own) return own;
  const cpu = process.arch === 'arm64' ? 'arm64' : 'x64';
  const dirs = [join(root, '.cache', 'bench', 'node'), join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'lambda-kernel')];
  for (const dir of dirs.filter((d) => existsSync(d))) {
    for (const name of readdirSync(dir)) {
      const version = new RegExp(`^node-linux-${cpu}-v(\\d+)\\.(\\d+)\\.`).exec(name);
      const [major, minor] = version ? [Number(version[1]), Number(version[2])] : [0, 0];
      const path = join(dir, name, 'node');
      if ((major > 24 || (major === 24 && minor >= 12)) && existsSync(path)) return path;
    }
  }
  return undefined;
}

describe('build --compile-cache', () => {
  it('refuses without a Node.js binary to ship, and with one too old to make a portable cache', async () => {
    // Act
    const none = await runCli(cli, [...hello, '--compile-cache', '--out', cacheDir('cc-none')]);
    const old = await runCli(cli, [...hello, '--compile-cache', '--node-binary', process.execPath, '--out', cacheDir('cc-old')]);

    // Assess
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('--compile-cache needs the Node.js binary that will run the function: add --include-node or --node-binary');
    expect(old.code).not.toBe(0);
    expect(old.stderr).toContain(`--compile-cache needs Node.js 24.12 or later`);
    expect(old.stderr).toContain(`is Node.js ${process.versions.node}. Use --include-node --node-version 24`);
  });

  it('has the bootstrap point NODE_COMPILE_CACHE at the shipped cache, unless the environment sets its own', () => {
    // Prepare: the real bootstrap beside a stand-in bundle that prints what Node.js was given.
    const task = cacheDir('cc-bootstrap');
    writeFileSync(join(task, 'bootstrap'), bootstrapScript());
    chmodSync(join(task, 'bootstrap'), 0o755);
    writeFileSync(join(task, 'index.mjs'), 'console.log(JSON.stringify([process.env.NODE_COMPILE_CACHE, process.env.NODE_COMPILE_CACHE_PORTABLE]));\n');
    const env = { PATH: dirname(process.execPath) };
    const start = (extra: Record<string, string> = {}) => JSON.parse(execFileSync(join(task, 'bootstrap'), { env: { ...env, ...extra }, encoding: 'utf8' }));

    // Act
    const without = start();
    mkdirSync(join(task, 'node-compile-cache'));
    const shipped = start();
    const own = start({ NODE_COMPILE_CACHE: '/tmp/elsewhere' });

    // Assess
    expect(without).toEqual([null, null]);
    expect(shipped).toEqual([join(task, 'node-compile-cache'), '1']);
    expect(own).toEqual(['/tmp/elsewhere', null]);
  });

  const node = portableNode();
  it.skipIf(node === undefined)('ships a cache that the bundled Node.js accepts after the zip is unpacked elsewhere', async () => {
    // Prepare
    const out = cacheDir('cc-build');
    const { code, stdout } = await runCli(cli, [...hello, '--release', '--compile-cache', '--node-binary', node!, '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/V8 cache +\d+\.\d KiB {2}\(node-compile-cache\/, for that node\)/);

    // Act: unpack into another directory, as Lambda does into /var/task, and run the bootstrap there.
    const task = cacheDir('cc-task');
    const files = readZip(readFileSync(join(out, 'lambda.zip')));
    for (const file of files) {
      mkdirSync(dirname(join(task, file.name)), { recursive: true });
      writeFileSync(join(task, file.name), file.data);
      chmodSync(join(task, file.name), file.mode & 0o777);
    }
    const emulator = await RuntimeApiEmulator.start();
    onTestFinished(() => emulator.close());
    const output: string[] = [];
    emulator.spawnFunction({ command: join(task, 'bootstrap'), env: { PATH: '/nonexistent', NODE_DEBUG_NATIVE: 'COMPILE_CACHE' }, onOutput: (line) => output.push(line) });

    // Assess
    expect(files.map((f) => f.name).filter((name) => name.startsWith('node-compile-cache/v'))).toHaveLength(1);
    expect((await emulator.invoke({})).json()).toBe('Hello, world!');
    expect(output.join('\n')).toMatch(/V8 code cache for ESM file:\/\/.*cc-task-[^/]+\/index\.mjs was accepted/);
  });
});
