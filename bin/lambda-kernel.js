#!/usr/bin/env node
// The CLI ships compiled in dist/ (built by `npm ci` through the prepare script).
import('../dist/cli/main.js').then(
  (cli) => cli.main(process.argv.slice(2)),
  (error) => {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    console.error(`lambda-kernel: ${error.message}\nIn a checkout, build dist/ with \`npm run prepare\` (npm ci runs it).`);
    process.exitCode = 1;
  },
);
