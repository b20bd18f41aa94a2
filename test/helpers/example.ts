import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from '../../src/cli/bundle.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Bundles `examples/<name>/main.ts` into `.cache/examples/<name>/index.mjs` and returns the file. */
export async function bundleExample(name: string): Promise<string> {
  const dir = join(root, '.cache', 'examples', name);
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'index.mjs');
  await bundle({ entry: join(root, 'examples', name, 'main.ts'), outfile, conditions: ['lambda-kernel:source'] });
  return outfile;
}
