import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RuntimeApiEmulator } from '../../src/emulator/index.js';
import { runVoid } from '../../src/runtime/run.js';
import { VERSION } from '../../src/version.js';

describe('runVoid', () => {
  it('posts an empty response once the handler has completed its side effects, and reports its errors', async () => {
    // Prepare
    const emulator = await RuntimeApiEmulator.start();
    const controller = new AbortController();
    const done: string[] = [];
    const exited = runVoid(
      async (event: { id: string }) => {
        await new Promise((r) => setTimeout(r, 20));
        if (event.id === 'bad') throw new Error('job failed');
        done.push(event.id);
      },
      { env: emulator.functionEnv(), exit: false, patchConsole: false, processGuards: false, signal: controller.signal, logger: undefined },
    );

    // Act
    const ok = await emulator.invoke({ id: 'job-1' });
    const bad = await emulator.invoke({ id: 'bad' });
    controller.abort();
    await emulator.close();

    // Assess
    expect(done).toEqual(['job-1']);
    expect(ok.status).toBe('success');
    expect(ok.body.length).toBe(0);
    expect(bad.error).toMatchObject({ errorType: 'Error', errorMessage: 'job failed' });
    expect(typeof (await exited)).toBe('number');
  });
});

describe('the package version', () => {
  it('matches package.json, as sent in the User-Agent', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});
