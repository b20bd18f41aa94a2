/**
 * @module
 * One function build: the esbuild bundle (`index.mjs`), the `bootstrap` script, an optional Node.js binary and
 * its compile cache, and `lambda.zip` holding exactly those files. The output directory mirrors the zip.
 */
import type { Message, Metafile } from 'esbuild';
import { chmod, copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CommandError } from '../errors.js';
import type { Architecture } from './args.js';
import { bootstrapScript } from './bootstrap.js';
import { type BuildLogLevel, bundle } from './bundle.js';
import { COMPILE_CACHE_DIR, writeCompileCache } from './compile-cache.js';
import { readNodeBinary } from './node-binary.js';
import { writeZip, type ZipEntry } from './zip.js';

/** Options of {@link buildFunction}. */
export interface BuildFunctionOptions {
  entry: string;
  outDir: string;
  /** Only matters for the Node.js binary, which must match it. Default `x86_64`. */
  arch?: Architecture;
  minify?: boolean;
  sourcemap?: boolean;
  /** Build-time log floor: calls below it are dropped from the bundle. */
  logLevel?: BuildLogLevel;
  conditions?: string[];
  /** A Linux Node.js binary for `arch` to ship as `./node` (provided.al2023 without a layer). */
  nodeBinary?: string;
  /** Ship a V8 compile cache made by `nodeBinary` (Node.js 24.12+, this machine's architecture). */
  compileCache?: boolean;
  /** Write `lambda.zip`. Default true. */
  zip?: boolean;
}

/** What {@link buildFunction} wrote. */
export interface BuiltFunction {
  entry: string;
  outDir: string;
  arch: Architecture;
  bundlePath: string;
  bootstrapPath: string;
  zipPath?: string;
  /** Bytes of the bundle, the Node.js binary and the compile cache (if any) and the zip (if written). */
  sizes: { bundle: number; node?: number; compileCache?: number; zip?: number };
  /** Names inside the zip, in order. */
  files: string[];
  metafile: Metafile;
  /** esbuild's warnings, formatted as its errors are. */
  warnings: string[];
}

/**
 * Bundles `entry` and packages it for Lambda.
 * @example
 * const built = await buildFunction({ entry: 'src/main.ts', outDir: 'dist', arch: 'arm64', minify: true, logLevel: 'INFO' });
 */
export async function buildFunction(options: BuildFunctionOptions): Promise<BuiltFunction> {
  const outDir = resolve(options.outDir);
  const arch = options.arch ?? 'x86_64';
  if (options.compileCache && options.nodeBinary === undefined) {
    throw new CommandError('--compile-cache needs the Node.js binary that will run the function: add --include-node or --node-binary.');
  }
  // Validate the binary before spending time on the bundle.
  const node = options.nodeBinary === undefined ? undefined : await readNodeBinary(options.nodeBinary, arch);
  await mkdir(outDir, { recursive: true });
  const bundlePath = join(outDir, 'index.mjs');
  let metafile: Metafile;
  let warnings: Message[];
  try {
    const { entry, minify, sourcemap, logLevel, conditions } = options;
    ({ metafile, warnings } = await bundle({ entry, outfile: bundlePath, minify, sourcemap, logLevel, conditions }));
  } catch (err) {
    throw new CommandError(`Bundling ${options.entry} failed:\n${formatMessages((err as { errors?: Message[] }).errors, err)}`, {
      cause: err,
    });
  }
  const bootstrapPath = join(outDir, 'bootstrap');
  await writeFile(bootstrapPath, bootstrapScript({ sourceMaps: options.sourcemap }));
  await chmod(bootstrapPath, 0o755);
  // Leftovers of an earlier build would make the directory disagree with the zip.
  if (!options.sourcemap) await rm(`${bundlePath}.map`, { force: true });
  if (node === undefined) await rm(join(outDir, 'node'), { force: true });
  else {
    await copyFile(options.nodeBinary!, join(outDir, 'node'));
    await chmod(join(outDir, 'node'), 0o755);
  }

  const cache = options.compileCache ? await writeCompileCache(options.nodeBinary!, outDir, arch) : [];
  if (cache.length === 0) await rm(join(outDir, COMPILE_CACHE_DIR), { recursive: true, force: true });

  const code = await readFile(bundlePath);
  const entries: ZipEntry[] = [
    { name: 'bootstrap', data: await readFile(bootstrapPath), executable: true },
    { name: 'index.mjs', data: code },
  ];
  if (options.sourcemap) entries.push({ name: 'index.mjs.map', data: await readFile(`${bundlePath}.map`) });
  if (node !== undefined) entries.push({ name: 'node', data: node, executable: true });
  entries.push(...cache);
  const built: BuiltFunction = {
    entry: options.entry,
    outDir,
    arch,
    bundlePath,
    bootstrapPath,
    sizes: {
      bundle: code.byteLength,
      ...(node ? { node: node.byteLength } : {}),
      ...(cache.length > 0 ? { compileCache: cache.reduce((sum, e) => sum + e.data.byteLength, 0) } : {}),
    },
    files: entries.map((e) => e.name),
    metafile,
    warnings: warnings.map((warning) => formatMessages([warning])),
  };
  if (options.zip === false) return built;
  const zipPath = join(outDir, 'lambda.zip');
  built.sizes.zip = await writeZip(zipPath, entries);
  return { ...built, zipPath };
}

/** esbuild's messages as its CLI prints them (file:line:column, the line, a caret), or `fallback` as text. */
export function formatMessages(messages: Message[] | undefined, fallback?: unknown): string {
  if (!Array.isArray(messages) || messages.length === 0) return String((fallback as Error | undefined)?.message ?? fallback);
  return messages
    .map(({ text, location: at }) =>
      at ? `${at.file}:${at.line}:${at.column}: ${text}\n    ${at.lineText}\n    ${' '.repeat(at.column)}^` : text,
    )
    .join('\n');
}
