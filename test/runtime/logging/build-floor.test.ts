import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterEach, describe, expect, it, vi } from 'vitest';

const entry = fileURLToPath(new URL('../../../src/runtime/logging/index.ts', import.meta.url));

describe('build-time log floor', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('is replaced by a bundler define, so release bundles drop debug and trace whatever the environment says', async () => {
    // Prepare
    vi.stubEnv('LAMBDA_KERNEL_BUILD_LOG_LEVEL', '');
    vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', 'TRACE');
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      define: { 'process.env.LAMBDA_KERNEL_BUILD_LOG_LEVEL': '"INFO"' },
    });
    const code = result.outputFiles[0]?.text ?? '';
    const dir = await mkdtemp(join(tmpdir(), 'lk-floor-'));
    const file = join(dir, 'logging.mjs');
    await writeFile(file, code);

    // Act
    try {
      const mod = (await import(pathToFileURL(file).href)) as typeof import('../../../src/runtime/logging/index.js');
      const lines: string[] = [];
      const logger = new mod.Logger({ write: (line) => lines.push(line) });
      logger.debug('d');
      logger.trace('t');
      logger.info('i');

      // Assess
      expect(code).not.toContain('LAMBDA_KERNEL_BUILD_LOG_LEVEL');
      expect(logger.level).toBe('INFO');
      expect(lines).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
