import { build, type Message, type Metafile } from 'esbuild';
import { lazyUndiciBuiltins } from './lazy-builtins.js';

/** Log levels a release build can strip below. */
export type BuildLogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

/** Options of {@link bundle}. */
export interface BundleOptions {
  entry: string;
  outfile: string;
  minify?: boolean;
  sourcemap?: boolean;
  /** Log calls below this level are dropped at build time (release builds: INFO). */
  logLevel?: BuildLogLevel;
  /** Extra package.json export conditions (the repo's own builds resolve lambda-kernel from source). */
  conditions?: string[];
}

/** What {@link bundle} wrote. */
export interface BundleResult {
  outfile: string;
  metafile: Metafile;
  /** esbuild's warnings (the build itself logs nothing). */
  warnings: Message[];
}

// undici is CommonJS and requires node built-ins; an ESM bundle needs a real `require` for them.
const BANNER =
  "import { createRequire as __lambdaKernelCreateRequire } from 'node:module';\n" +
  'const require = __lambdaKernelCreateRequire(import.meta.url);';

/**
 * Bundles a function entry into one ESM file for Node.js 22 (Lambda's runtime), tree-shaken, with
 * decorators compiled as TypeScript's experimental decorators (tsyringe needs them).
 */
export async function bundle(options: BundleOptions): Promise<BundleResult> {
  const result = await build({
    entryPoints: [options.entry],
    outfile: options.outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: options.minify ?? false,
    sourcemap: options.sourcemap ? 'linked' : false,
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
    banner: { js: BANNER },
    plugins: [lazyUndiciBuiltins()],
    conditions: options.conditions,
    define: options.logLevel
      ? { 'process.env.LAMBDA_KERNEL_BUILD_LOG_LEVEL': JSON.stringify(options.logLevel) }
      : undefined,
  });
  return { outfile: options.outfile, metafile: result.metafile, warnings: result.warnings };
}
