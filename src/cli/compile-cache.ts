/**
 * @module
 * `build --compile-cache`: a V8 compile cache for the bundle, made at build time by the Node.js binary the zip
 * ships, so that a cold start loads compiled code instead of compiling the bundle again. Node.js keys the cache
 * by its version, so it only helps that exact binary; any other Node.js ignores it. On Node.js 24 the hello
 * function's cold start (spawn to first `/next`) took 0.91–0.93× the time without it
 * (`npm run bench -- --node 24`).
 */
import { execFile, spawn } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CommandError } from '../errors.js';
import { type Architecture, hostArchitecture } from './args.js';
import type { ZipEntry } from './zip.js';

/** The cache's directory next to `index.mjs`; the bootstrap points `NODE_COMPILE_CACHE` at it when present. */
export const COMPILE_CACHE_DIR = 'node-compile-cache';

// A portable cache (paths relative to the cache directory) is what survives the move to /var/task. Node.js 22 keys
// its cache by absolute path, so a cache made anywhere but /var/task would never be used there.
const PORTABLE_SINCE = [24, 12] as const;
const TIMEOUT_MS = 20_000;

async function nodeVersion(node: string): Promise<string> {
  const { stdout } = await promisify(execFile)(node, ['--version']).catch((err: Error) => {
    throw new CommandError(`Cannot run ${node} to make the compile cache: ${err.message}`, { cause: err });
  });
  return stdout.trim().replace(/^v/, '');
}

function checkVersion(node: string, version: string): void {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major > PORTABLE_SINCE[0] || (major === PORTABLE_SINCE[0] && minor >= PORTABLE_SINCE[1])) return;
  throw new CommandError(
    `--compile-cache needs Node.js ${PORTABLE_SINCE.join('.')} or later, whose cache still works once the zip is ` +
      `unpacked in /var/task; ${node} is Node.js ${version}. Use --include-node --node-version 24, or drop --compile-cache.`,
  );
}

/** Loads the bundle once, without a Runtime API: the runtime stops at its configuration check, Node.js writes the cache. */
function loadOnce(node: string, outDir: string, cacheDir: string): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_COMPILE_CACHE: cacheDir, NODE_COMPILE_CACHE_PORTABLE: '1' };
  // NODE_OPTIONS could change V8's flags, and a cache made under other flags is rejected.
  for (const key of ['AWS_LAMBDA_RUNTIME_API', 'NODE_OPTIONS', 'NODE_DISABLE_COMPILE_CACHE']) delete env[key];
  return new Promise((resolve, reject) => {
    const child = spawn(node, ['index.mjs'], { cwd: outDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new CommandError(`Cannot run ${node} to make the compile cache: ${err.message}`, { cause: err }));
    });
    child.once('close', (code) => (clearTimeout(timer), resolve({ code, output })));
  });
}

async function listFiles(dir: string, prefix: string): Promise<string[]> {
  const found = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    found.map((e) => (e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}/${e.name}`) : [`${prefix}/${e.name}`])),
  );
  return nested.flat().sort();
}

/**
 * Writes `<outDir>/node-compile-cache` by loading `<outDir>/index.mjs` with `node`, which must run on this machine.
 * The module's top-level code runs once, here, with this shell's environment minus `AWS_LAMBDA_RUNTIME_API`.
 * @returns the zip entries of the cache's files.
 */
export async function writeCompileCache(node: string, outDir: string, arch: Architecture): Promise<ZipEntry[]> {
  if (hostArchitecture() !== arch) {
    throw new CommandError(
      `--compile-cache runs the ${arch} Node.js binary to make the cache, and this machine is ${process.arch}. ` +
        `Build on an ${arch} machine, or drop --compile-cache.`,
    );
  }
  checkVersion(node, await nodeVersion(node));
  const cacheDir = join(outDir, COMPILE_CACHE_DIR);
  await rm(cacheDir, { recursive: true, force: true });
  const { code, output } = await loadOnce(node, outDir, cacheDir);
  const files = await listFiles(cacheDir, COMPILE_CACHE_DIR);
  if (files.length === 0) {
    const how = code === null ? `did not exit within ${TIMEOUT_MS / 1000} s` : `exited with code ${code}`;
    throw new CommandError(
      `Node.js wrote no compile cache: loading index.mjs ${how}. Its module top level must finish without a Runtime ` +
        `API (no top-level await on a network call). Output:\n${output.trim()}`,
    );
  }
  return Promise.all(files.map(async (name) => ({ name, data: await readFile(join(outDir, name)) })));
}
