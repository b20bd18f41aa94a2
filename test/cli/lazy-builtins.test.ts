import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bundle } from '../../src/cli/bundle.js';
import { RuntimeApiEmulator } from '../../src/emulator/index.js';
import { buildFunction, cleanFixtures } from '../helpers/build-fixture.js';
import { TEST_CERT, TEST_KEY } from '../helpers/tls-fixture.js';
import { root } from './cli-process.js';

// The built-in modules a Runtime API client never needs at startup; `process.moduleLoadList` names every
// built-in Node.js has loaded so far.
const LOADED = `const loaded = () => ['assert', 'http2', 'tls', 'crypto'].filter((m) => process.moduleLoadList.includes('NativeModule ' + m));`;

let emulator: RuntimeApiEmulator | undefined;
let server: Http2SecureServer | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});
afterAll(cleanFixtures);

async function invokeOnce(file: string, event: unknown): Promise<unknown> {
  emulator = await RuntimeApiEmulator.start();
  emulator.spawnFunction({ command: process.execPath, args: [file], env: emulator.functionEnv() });
  return (await emulator.invoke(event)).json();
}

describe('bundles built by lambda-kernel', () => {
  let hello: string;
  let h2: string;
  beforeAll(async () => {
    hello = await buildFunction(`import { run } from 'lambda-kernel/runtime';\n${LOADED}\nrun(() => loaded());\n`, 'hello');
    h2 = await buildFunction(
      `import { run } from 'lambda-kernel/runtime';
import Client from 'undici/lib/dispatcher/client.js';
import request from 'undici/lib/api/api-request.js';
${LOADED}
run(async (event: { url: string }) => {
  const before = loaded();
  const client = new Client(event.url, { allowH2: true, connect: { rejectUnauthorized: false } });
  const res = await request.call(client, { path: '/', method: 'GET' });
  const body = await res.body.text();
  await client.close();
  return { before, body, after: loaded() };
});\n`,
      'h2',
    );
  });

  it('serve the first invocation without loading node:assert, node:http2, node:tls or node:crypto', async () => {
    expect(await invokeOnce(hello, {})).toEqual([]);
  });

  it('still speak HTTP/2 through undici when a function asks for it, loading node:http2 then', async () => {
    server = createSecureServer({ key: TEST_KEY, cert: TEST_CERT }, (req, res) => res.end(`served over ${req.httpVersion}`));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const result = (await invokeOnce(h2, { url })) as { before: string[]; body: string; after: string[] };
    expect(result.before).toEqual([]);
    expect(result.body).toBe('served over 2.0');
    expect(result.after).toEqual(expect.arrayContaining(['http2', 'tls']));
  });
});

describe("undici's assertions in a bundle", () => {
  const dir = mkdtempSync(join(root, '.cache', 'lazy-assert-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("load node:assert only when one fails, and fail with node:assert's own AssertionError", async () => {
    // A stand-in module at undici's path: the build treats every file of the package alike.
    const lib = join(dir, 'node_modules', 'undici', 'lib');
    mkdirSync(lib, { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'undici', 'package.json'), '{ "name": "undici" }\n');
    writeFileSync(join(lib, 'check.js'), "const assert = require('node:assert');\nmodule.exports = (value) => assert(value, 'broken invariant');\n");
    writeFileSync(
      join(dir, 'main.ts'),
      `import check from './node_modules/undici/lib/check.js';
const loaded = () => process.moduleLoadList.includes('NativeModule assert');
check(1);
const before = loaded();
let error: any;
try { check(0); } catch (err) { error = err; }
console.log(JSON.stringify({ before, after: loaded(), name: error?.name, code: error?.code, message: error?.message }));\n`,
    );
    const outfile = join(dir, 'main.mjs');
    await bundle({ entry: join(dir, 'main.ts'), outfile });
    const output = JSON.parse(execFileSync(process.execPath, [outfile], { encoding: 'utf8' })) as Record<string, unknown>;
    expect(output).toEqual({ before: false, after: true, name: 'AssertionError', code: 'ERR_ASSERTION', message: 'broken invariant' });
  });
});
