/**
 * @module
 * The `bootstrap` shell script that starts a built function, on `provided.al2023` and as the Node.js managed
 * runtime's exec wrapper.
 */

import { COMPILE_CACHE_DIR } from './compile-cache.js';

/** Options of {@link bootstrapScript}. */
export interface BootstrapOptions {
  /** The bundle's file name, next to the script. Default `index.mjs`. */
  entry?: string;
  /** Adds `--enable-source-maps` (the build wrote a source map). */
  sourceMaps?: boolean;
}

/**
 * The script's text. POSIX sh with no external commands: `provided.al2023` has a shell and little else.
 *
 * - `provided.al2023`: Lambda runs `bootstrap` as the runtime. Node.js is `./node` when the zip carries one,
 *   else the first `node` on PATH (a layer's `/opt/bin/node`).
 * - Node.js managed runtime with `AWS_LAMBDA_EXEC_WRAPPER=/var/task/bootstrap`: Lambda runs the script with its
 *   own runtime's command line (`/var/lang/bin/node … /var/runtime/index.mjs`) as arguments. They are ignored,
 *   so our loop serves the Runtime API instead of AWS's; `node` is found on PATH (`/var/lang/bin`).
 */
export function bootstrapScript(options: BootstrapOptions = {}): string {
  const entry = options.entry ?? 'index.mjs';
  const flags = options.sourceMaps ? ' --enable-source-maps' : '';
  return `#!/bin/sh
# Starts the function bundled by lambda-kernel. Arguments are ignored on purpose: as the Node.js managed
# runtime's AWS_LAMBDA_EXEC_WRAPPER, this script receives AWS's runtime command line and replaces it.
case "$0" in */*) here="\${0%/*}" ;; *) here=. ;; esac
node=node
if [ -x "$here/node" ]; then node="$here/node"; fi
set --
# The heap limits AWS's Node.js runtime derives from the memory setting, unless NODE_OPTIONS sets them.
case "\${NODE_OPTIONS:-}" in
  *max-old-space-size*) ;;
  *)
    if [ -n "\${AWS_LAMBDA_FUNCTION_MEMORY_SIZE:-}" ]; then
      new_space=$((AWS_LAMBDA_FUNCTION_MEMORY_SIZE / 10))
      set -- "--max-semi-space-size=$((new_space / 2))" "--max-old-space-size=$((AWS_LAMBDA_FUNCTION_MEMORY_SIZE - new_space))"
    fi
    ;;
esac
# The V8 compile cache \`build --compile-cache\` made for the shipped node; any other Node.js release ignores it.
if [ -d "$here/${COMPILE_CACHE_DIR}" ] && [ -z "\${NODE_COMPILE_CACHE:-}" ]; then
  export NODE_COMPILE_CACHE="$here/${COMPILE_CACHE_DIR}" NODE_COMPILE_CACHE_PORTABLE=1
fi
exec "$node" "$@"${flags} "$here/${entry}"
`;
}
