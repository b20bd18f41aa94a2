/**
 * @module
 * What a build prints: file sizes, the largest modules (from esbuild's metafile), and a warning when dev tooling
 * (lambda-kernel's CLI, emulator or testing helpers) ended up in a function bundle.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Metafile } from 'esbuild';
import type { BuiltFunction } from './build.js';
import { COMPILE_CACHE_DIR } from './compile-cache.js';

/** `512 B`, `12.3 KiB`, `4.0 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The bundle's inputs by bytes in the output, largest first. */
export function largestModules(metafile: Metafile, count = 8): { path: string; bytes: number }[] {
  const output = Object.entries(metafile.outputs).find(([file]) => file.endsWith('.mjs'))?.[1];
  return Object.entries(output?.inputs ?? {})
    .map(([path, { bytesInOutput }]) => ({ path: path.replace(/^(.*\/)?node_modules\//, ''), bytes: bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count);
}

let root: string | null | undefined;

/** lambda-kernel's own package directory (source checkout or installed copy). */
function packageRoot(): string | null {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (root = null; dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'lambda-kernel') {
      return (root = dir);
    }
  }
  return root;
}

/** Bundle inputs from lambda-kernel's dev tooling (`src|dist/{cli,emulator,testing}`); none belong in a function. */
export function devToolingInputs(metafile: Metafile, cwd = process.cwd()): string[] {
  const pkg = packageRoot();
  if (pkg === null) return [];
  return Object.keys(metafile.inputs).filter((input) => {
    const inside = relative(pkg, resolve(cwd, input)).split(sep);
    return (inside[0] === 'src' || inside[0] === 'dist') && ['cli', 'emulator', 'testing'].includes(inside[1] ?? '');
  });
}

/** The lines `lambda-kernel build` prints. */
export function buildReport(built: BuiltFunction, summary: string): string[] {
  const where = relative(process.cwd(), built.outDir) || '.';
  const lines = [`Built ${built.entry} → ${where}/ (${summary})`];
  const row = (name: string, bytes: number, note = '') => lines.push(`  ${name.padEnd(11)}${formatBytes(bytes).padStart(10)}${note}`);
  row('index.mjs', built.sizes.bundle);
  if (built.sizes.node !== undefined) row('node', built.sizes.node, `  (Linux ${built.arch})`);
  if (built.sizes.compileCache !== undefined) row('V8 cache', built.sizes.compileCache, `  (${COMPILE_CACHE_DIR}/, for that node)`);
  // The cache's files are listed as their directory.
  const files = new Set(built.files.map((name) => (name.startsWith(`${COMPILE_CACHE_DIR}/`) ? `${COMPILE_CACHE_DIR}/` : name)));
  if (built.sizes.zip !== undefined) row('lambda.zip', built.sizes.zip, `  (${[...files].join(', ')})`);
  lines.push('Largest modules:');
  for (const { path, bytes } of largestModules(built.metafile)) lines.push(`  ${formatBytes(bytes).padStart(10)}  ${path}`);
  for (const warning of built.warnings) lines.push(`Warning: ${warning}`);
  const tooling = devToolingInputs(built.metafile);
  if (tooling.length > 0) {
    lines.push(
      `Warning: the bundle contains lambda-kernel dev tooling (${tooling.length} files, e.g. ${tooling[0]}).`,
      "  Import 'lambda-kernel/emulator' and 'lambda-kernel/testing' from tests only.",
    );
  }
  return lines;
}
