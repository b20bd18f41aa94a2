import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = fileURLToPath(new URL('./src', import.meta.url));

export default defineConfig({
  resolve: {
    // Examples import the package by name, as users do; tests run them from source.
    alias: [{ find: /^lambda-kernel(\/[a-z-]+)?$/, replacement: `${src}$1/index.ts` }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globals: false,
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
