/**
 * @module
 * The contenders: lambda-kernel's release builds, the two bare loops (the floor) and aws-lambda-ric, each a
 * function process started the same way (`node <file>`, the same Lambda environment, stdout to /dev/null).
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { hostArchitecture } from '../src/cli/args.js';
import { bundle } from '../src/cli/bundle.js';
import { COMPILE_CACHE_DIR, writeCompileCache } from '../src/cli/compile-cache.js';
import { fetchNodeBinary } from '../src/cli/node-binary.js';
import type { RicSetup } from './ric.js';
import { type LaunchSpec, lambdaEnv } from './spawn.js';

export type ContenderId = 'kernel' | 'kernel-di' | 'bare-http' | 'bare-undici' | 'bare-undici-als' | 'ric' | 'kernel-cc';

/** One contender for the per-invocation, cold-start and memory figures. */
export interface Contender {
  id: ContenderId;
  label: string;
  spec: (runtimeApi: string) => LaunchSpec;
  /** The release bundle, for the size figures (none for aws-lambda-ric). */
  bundle?: { bytes: number; zipBytes: number };
}

/** A release build of one bench function. */
export interface Built {
  file: string;
  bytes: number;
  zipBytes: number;
}

/**
 * Bundles `bench/functions/<name>.ts` as a release build (minified, log calls below INFO dropped) and zips it
 * as `lambda.zip` holds it (fflate, level 6, as the CLI zips). Entries live in the repo, so `lambda-kernel/*` resolves to its sources.
 */
export async function buildFunction(root: string, name: string, outDir: string, entry = join(root, 'bench', 'functions', `${name}.ts`)): Promise<Built> {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${name}.mjs`);
  await bundle({ entry, outfile: file, minify: true, logLevel: 'INFO', conditions: ['lambda-kernel:source'] });
  const code = readFileSync(file);
  const zip = zipSync({ 'index.mjs': [code, { level: 6, mtime: new Date(1980, 0, 1) }] });
  return { file, bytes: code.length, zipBytes: zip.length };
}

/** The Node.js the function processes run on: the bench's own, or one fetched with `--node`. */
export interface NodeRuntime {
  path: string;
  version: string;
}

// The bench runs its functions on this machine; a CPU Lambda does not offer falls back to x86_64 and fails there.
const HOST = hostArchitecture() ?? 'x86_64';

/** The Node.js running the bench. */
export const OWN_NODE: NodeRuntime = { path: process.execPath, version: process.version };

/**
 * The Node.js `--node <version>` names (a release or a major), fetched from the npm registry as
 * `build --include-node` does and cached under `cacheDir`; the bench's own without the flag. Undefined, after
 * saying what is missing on stderr, when the flag has no version.
 */
export async function nodeFromArgs(argv: readonly string[], cacheDir: string, log: (line: string) => void): Promise<NodeRuntime | undefined> {
  const at = argv.indexOf('--node');
  if (at < 0) return OWN_NODE;
  const version = argv[at + 1];
  if (!version || version.startsWith('--')) {
    console.error('--node needs a version: a release (24.22.3) or a major (24).');
    return undefined;
  }
  const fetched = await fetchNodeBinary({ arch: HOST, version, cacheDir, log });
  return { path: fetched.path, version: `v${fetched.version}` };
}

/** The suffix of a results file: none for the bench's own Node.js, `-node24` for a fetched 24.x. */
export function resultSuffix(node: NodeRuntime): string {
  return node === OWN_NODE ? '' : `-node${node.version.slice(1).split('.')[0]}`;
}

/** A `node <file>` launch with Lambda's environment plus `extra`. */
export function nodeSpec(file: string, extra: Record<string, string> = {}, node: NodeRuntime = OWN_NODE): (runtimeApi: string) => LaunchSpec {
  return (runtimeApi) => ({ command: node.path, args: [file], env: lambdaEnv(runtimeApi, extra) });
}

/** Builds every contender; aws-lambda-ric joins when it is installed. */
export async function buildContenders(root: string, outDir: string, ric: RicSetup, node: NodeRuntime = OWN_NODE): Promise<Contender[]> {
  const defs: { id: ContenderId; label: string }[] = [
    { id: 'kernel', label: 'lambda-kernel run()' },
    { id: 'kernel-di', label: 'lambda-kernel DI (Kernel)' },
    { id: 'bare-http', label: 'bare loop, node:http' },
    { id: 'bare-undici', label: 'bare loop, undici Client' },
    { id: 'bare-undici-als', label: 'bare undici loop + ALS, CT' },
  ];
  const entries: Record<string, string> = {
    kernel: 'hello',
    'kernel-di': 'hello-di',
    'bare-http': 'bare-http',
    'bare-undici': 'bare-undici',
    'bare-undici-als': 'bare-undici-als',
  };
  const contenders: Contender[] = [];
  for (const def of defs) {
    const built = await buildFunction(root, entries[def.id]!, outDir);
    contenders.push({ ...def, spec: nodeSpec(built.file, {}, node), bundle: { bytes: built.bytes, zipBytes: built.zipBytes } });
  }
  if (ric.ok) {
    contenders.push({
      id: 'ric',
      label: `aws-lambda-ric ${ric.version}`,
      spec: (runtimeApi) => ({
        command: node.path,
        args: [ric.bin, 'index.handler'],
        cwd: ric.taskRoot,
        env: lambdaEnv(runtimeApi, { LAMBDA_TASK_ROOT: ric.taskRoot, _HANDLER: 'index.handler' }),
      }),
    });
  }
  return contenders;
}

/**
 * The hello function as `build --compile-cache` ships it: its bundle beside the V8 compile cache that `node` made,
 * for the cold-start phase only (the cache changes nothing once the code is compiled). The reason when `node`
 * cannot make a portable cache.
 */
export async function compileCacheContender(helloFile: string, outDir: string, node: NodeRuntime): Promise<Contender | string> {
  const dir = join(outDir, 'hello-compile-cache');
  mkdirSync(dir, { recursive: true });
  copyFileSync(helloFile, join(dir, 'index.mjs'));
  try {
    await writeCompileCache(node.path, dir, HOST);
  } catch (err) {
    return (err as Error).message;
  }
  const env = { NODE_COMPILE_CACHE: join(dir, COMPILE_CACHE_DIR), NODE_COMPILE_CACHE_PORTABLE: '1' };
  return { id: 'kernel-cc', label: 'lambda-kernel run() + compile cache', spec: nodeSpec(join(dir, 'index.mjs'), env, node) };
}
