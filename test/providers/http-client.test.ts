import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Handler, inject } from '../../src/kernel/index.js';
import { HttpClient } from '../../src/providers/index.js';
import { TestKernel } from '../../src/testing/index.js';

let server: Server;
let base: string;
let app: TestKernel | undefined;
const seen: string[] = [];

beforeEach(async () => {
  seen.length = 0;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${body}`);
      if (req.url === '/slow') return; // never answers: the invocation's deadline must abort it
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ echoed: body, path: req.url }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  server.closeAllConnections();
  server.close();
});

@Handler()
class Proxy {
  constructor(@inject(HttpClient) private http: HttpClient) {}
  async handle(event: { url: string; body?: string }) {
    const res = await this.http.request(event.url, { body: event.body });
    return { status: res.status, json: res.json() };
  }
}

describe('HttpClient', () => {
  it('sends requests on a shared keep-alive agent across invocations', async () => {
    app = await TestKernel.create({ handler: Proxy });
    expect(await app.invoke({ url: `${base}/a?x=1`, body: 'hi' })).toEqual({ status: 200, json: { echoed: 'hi', path: '/a?x=1' } });
    expect(await app.invoke({ url: `${base}/b` })).toEqual({ status: 200, json: { echoed: '', path: '/b' } });
    expect(seen).toEqual(['POST /a?x=1 hi', 'GET /b ']);
  });

  it('aborts a request when the invocation’s deadline nears', async () => {
    app = await TestKernel.create({ handler: Proxy });
    const outcome = await app.invokeRaw({ url: `${base}/slow` }, { deadlineMs: Date.now() + 400 });
    expect(outcome.status).toBe('error');
    expect(outcome.error?.errorType).toBe('Sandbox.Timeout');
  });

  it('is closed at shutdown', async () => {
    app = await TestKernel.create({ handler: Proxy });
    await app.invoke({ url: `${base}/c` });
    await app.shutdown();
    expect(app.kernel.needsShutdown).toBe(true);
  });
});
