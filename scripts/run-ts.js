// Runs a TypeScript script of this repository (the bench, the soak): esbuild, already a dependency, bundles the
// repo's own sources with it; packages stay external, so the installed esbuild and fflate are used as they are.
// Usage: node scripts/run-ts.js <entry.ts> [args…]; the entry exports main(args, root) → exit code.
import { build } from 'esbuild';
import { basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.js <entry.ts> [args…]');
  process.exit(2);
}
const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${root}.cache/run-ts/${basename(entry, '.ts')}.mjs`;
await build({
  entryPoints: [`${root}${entry}`],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  conditions: ['lambda-kernel:source'],
  logLevel: 'warning',
});
const { main } = await import(pathToFileURL(outfile).href);
process.exitCode = await main(args, root);
