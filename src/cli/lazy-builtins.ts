import { dirname, join, relative } from 'node:path';
import type { Plugin } from 'esbuild';

const NAMESPACE = 'lambda-kernel-lazy';
const UNDICI = /[\\/]node_modules[\\/]undici[\\/]/;

// undici only ever calls `assert(value)` (checked for the pinned version by test/cli/lazy-builtins.test.ts):
// the real module, whose load also opens stderr for its colours, is required the first time an assertion
// fails, so the error thrown is node:assert's own.
const LAZY_ASSERT = `'use strict';
let real;
module.exports = function assert(value, message) {
  if (!value) (real ??= require('node:assert'))(value, message);
};`;

// client.js only calls connectH2(client, socket), once a TLS connection has negotiated h2 through ALPN.
const LAZY_CONNECT_H2 = `'use strict';
module.exports = function connectH2(client, socket) {
  return require('./client-h2.js')(client, socket);
};`;

/**
 * Defers what undici's Client loads at startup but a Runtime API client never uses: node:assert until an
 * assertion fails, and the HTTP/2 client (with node:http2, node:tls and node:crypto) until a connection
 * negotiates HTTP/2. The code is still bundled and behaves the same; only its loading moves. Measured on
 * Node.js 20 (spawn → first `/next`): about 8 ms less, from 1.59× to 1.37× the bare node:http loop's.
 */
export function lazyUndiciBuiltins(): Plugin {
  return {
    name: 'lambda-kernel-lazy-undici',
    setup(build) {
      build.onResolve({ filter: /^(node:)?assert$/ }, (args) =>
        UNDICI.test(args.importer) ? { path: 'assert', namespace: NAMESPACE } : undefined,
      );
      // Only client.js's own import is wrapped; the wrapper's import of the real file resolves as usual.
      build.onResolve({ filter: /^\.\/client-h2\.js$/ }, (args) => {
        if (args.namespace !== 'file' || !UNDICI.test(args.importer)) return undefined;
        const dir = dirname(args.importer);
        // One wrapper per copy of undici, named by its path as esbuild names files.
        return { path: relative(process.cwd(), join(dir, 'connect-h2')), namespace: NAMESPACE, pluginData: dir };
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) =>
        args.path === 'assert'
          ? { contents: LAZY_ASSERT, loader: 'js' }
          : { contents: LAZY_CONNECT_H2, loader: 'js', resolveDir: args.pluginData as string },
      );
    },
  };
}
