// `npm run soak [-- --quick]`: compiles the TypeScript soak with esbuild (already a dependency) and runs it.
// Packages stay external; the repo's own sources are bundled, as the bench does.
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${root}.cache/soak/soak.mjs`;
await build({
  entryPoints: [`${root}scripts/soak.ts`],
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
process.exitCode = await main(process.argv.slice(2), root);
