import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundle } from '../../src/cli/bundle.js';
import { FunctionUrlGateway, RuntimeApiEmulator } from '../../src/emulator/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const NAMES = ['stream', 'url', 'url_stream'] as const;
type Name = (typeof NAMES)[number];
const bundles = {} as Record<Name, string>;
let dir: string;

beforeAll(async () => {
  mkdirSync(join(root, '.cache'), { recursive: true });
  dir = mkdtempSync(join(root, '.cache', 'streaming-examples-'));
  await Promise.all(
    NAMES.map(async (name) => {
      const outfile = join(dir, `${name}.mjs`);
      await bundle({ entry: join(root, 'examples', name, 'main.ts'), outfile, conditions: ['lambda-kernel:source'] });
      bundles[name] = outfile;
    }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let emulator: RuntimeApiEmulator | undefined;
let gateway: FunctionUrlGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  await emulator?.close();
  gateway = emulator = undefined;
});

/** Runs a built example as the function process; `STREAM_INTERVAL_MS` shortens its pauses. */
async function start(name: Name, intervalMs: number) {
  emulator = await RuntimeApiEmulator.start();
  const output: string[] = [];
  emulator.spawnFunction({
    command: process.execPath,
    args: [bundles[name]],
    env: { STREAM_INTERVAL_MS: String(intervalMs) },
    onOutput: (line) => output.push(line),
  });
  return { emulator, output };
}

async function startBehindUrl(name: Name, intervalMs = 0) {
  const { emulator } = await start(name, intervalMs);
  gateway = await FunctionUrlGateway.start(emulator);
  return { url: gateway.url, emulator };
}

describe('the streaming examples, built and run as a function process', () => {
  it('stream sends server-sent events, closes, then finishes its work', async () => {
    // Prepare
    const { emulator, output } = await start('stream', 30);

    // Act
    const outcome = await emulator.invoke({});
    const loggedWhenAnswered = output.some((line) => line.includes('the work after it is done'));

    // Assess
    expect(outcome).toMatchObject({ status: 'success', contentType: 'text/event-stream' });
    expect(outcome.text()).toBe(
      'data: Streaming started\n\n' + [1, 2, 3].map((n) => `data: This is message number ${n}\n\n`).join(''),
    );
    expect(outcome.chunks.length).toBeGreaterThanOrEqual(4);
    expect(loggedWhenAnswered).toBe(false);
    await vi.waitFor(() => expect(output.join('\n')).toContain('the work after it is done'));
  });

  it('url serves its pages, a cookie, a binary download, a handled crash and a 404 through a Function URL', async () => {
    // Prepare
    const { url } = await startBehindUrl('url');
    const get = async (path: string, headers: Record<string, string> = {}) => {
      const res = await request(new URL(path, url), { headers });
      return { status: res.statusCode, headers: res.headers, body: Buffer.from(await res.body.arrayBuffer()) };
    };

    // Act
    const home = await get('/');
    const hello = await get('/hello?name=Ada');
    const visit = await get('/visits', { cookie: 'visits=2' });
    const download = await get('/download');
    const crash = await get('/crash');
    const missing = await get('/nope<x>');

    // Assess
    expect(home).toMatchObject({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } });
    expect(home.body.toString()).toContain('<h1>Hello from Lambda</h1>');
    expect(hello.body.toString()).toBe('Hello, Ada!');
    expect(visit.headers['set-cookie']).toBe('visits=3; Path=/; HttpOnly');
    expect(visit.body.toString()).toBe('Visit number 3.');
    expect(download.headers['content-disposition']).toBe('attachment; filename="bytes.bin"');
    expect(download.body).toEqual(Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
    expect(crash.status).toBe(500);
    expect(crash.body.toString()).toContain('Something went wrong');
    expect(missing.status).toBe(404);
    expect(missing.body.toString()).toContain('/nope%3Cx%3E');
  });

  it('url_stream answers 206 and its first bytes reach the HTTP client while the function still streams', async () => {
    // Prepare
    const { url, emulator } = await startBehindUrl('url_stream', 100);
    const streamAnswered = () => emulator.requests.some((r) => r.path.endsWith('/response') && r.status !== 0);

    // Act
    const res = await request(new URL('/page', url));
    const parts: string[] = [];
    const answeredAtFirstBytes: boolean[] = [];
    for await (const chunk of res.body) {
      if (parts.length === 0) answeredAtFirstBytes.push(streamAnswered());
      parts.push(String(chunk));
    }

    // Assess
    expect(res.statusCode).toBe(206);
    expect(res.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    expect(answeredAtFirstBytes).toEqual([false]);
    const page = parts.join('');
    expect(page).toContain('<h1>Updates for /page</h1>');
    expect(page.indexOf('Update 1 of 3')).toBeLessThan(page.indexOf('Update 3 of 3'));
    expect(page.endsWith('<p>Done.</p>\n')).toBe(true);
    expect(streamAnswered()).toBe(true);
  });
});
