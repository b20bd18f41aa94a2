import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from '../../src/cli/bundle.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];

/**
 * Bundles a function written in TypeScript (source text importing 'lambda-kernel/…') into a runnable .mjs,
 * the way the build command does, and returns its path. The file lives in the repo's .cache so that
 * package imports resolve.
 */
export async function buildFunction(source: string, name = 'fn'): Promise<string> {
  mkdirSync(join(root, '.cache'), { recursive: true }); // absent in a fresh clone
  const dir = mkdtempSync(join(root, '.cache', 'fixture-'));
  dirs.push(dir);
  const entry = join(dir, `${name}.ts`);
  writeFileSync(entry, source);
  const outfile = join(dir, `${name}.mjs`);
  await bundle({ entry, outfile, conditions: ['lambda-kernel:source'] });
  return outfile;
}

/** Removes every fixture built by this test file. */
export function cleanFixtures(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export { tmpdir };
