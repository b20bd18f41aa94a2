#!/usr/bin/env node
// Builds every examples/<name>/main.ts into dist/examples/<name>/ (index.mjs, bootstrap, lambda.zip) with the
// CLI's build command; extra arguments are passed on (npm run build:examples -- --release --arch arm64).
// Examples import 'lambda-kernel' from this checkout's sources (the lambda-kernel:source export condition).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildCommand } from '../dist/cli/build-command.js';

const names = readdirSync('examples', { withFileTypes: true })
  .filter((dirent) => dirent.isDirectory() && existsSync(join('examples', dirent.name, 'main.ts')))
  .map((dirent) => dirent.name)
  .sort();
const failed = [];
// One at a time: the reports stay readable, and --include-node fetches its binary once.
for (const name of names) {
  const argv = [join('examples', name, 'main.ts'), '--out', join('dist', 'examples', name), '--condition', 'lambda-kernel:source'];
  try {
    await buildCommand([...argv, ...process.argv.slice(2)]);
  } catch (error) {
    failed.push(name);
    console.error(`${name}: ${error instanceof Error ? error.message : error}`);
  }
}
console.log(`Built ${names.length - failed.length} of ${names.length} examples into dist/examples/.`);
if (failed.length > 0) {
  console.error(`Failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
