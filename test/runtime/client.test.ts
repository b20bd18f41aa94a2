import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RuntimeApiError } from '../../src/errors.js';
import { RuntimeApiClient } from '../../src/runtime/client.js';
import { VERSION } from '../../src/version.js';

type Route = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server | undefined;
let client: RuntimeApiClient | undefined;
afterEach(async () => {
  await client?.close().catch(() => {});
  client = undefined;
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A Runtime API stand-in on 127.0.0.1 answering every request with `route`; resolves with a client for it. */
async function serve(route: Route): Promise<RuntimeApiClient> {
  server = createServer(route);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  client = new RuntimeApiClient(`127.0.0.1:${(server.address() as AddressInfo).port}`);
  return client;
}

describe('RuntimeApiClient', () => {
  it('hands over the Lambda-Runtime-* headers of /next, lower-cased whatever their case, and the raw body', async () => {
    const api = await serve((_req, res) => {
      res.setHeader('Lambda-Runtime-Aws-Request-Id', 'req-1');
      res.setHeader('LAMBDA-RUNTIME-DEADLINE-MS', '1700000000000');
      res.setHeader('lambda-runtime-client-context', '{"custom":{"ü":1}}');
      res.setHeader('Lambda-Runtime-Invoked-Function-ARN', 'arn:aws:lambda:us-east-1:123456789012:function:f');
      res.setHeader('lambda-runtime-TRACE-id', 'Root=1-0-0;Sampled=0');
      res.setHeader('Lambda-Runtime-Some-Future-Header', 'kept');
      res.setHeader('Lambda-Runtimes', 'not ours');
      res.setHeader('X-Amzn-Other', 'ignored');
      res.end('{"a":1}');
    });
    const next = await api.next();
    expect(next.headers).toEqual({
      'lambda-runtime-aws-request-id': 'req-1',
      'lambda-runtime-deadline-ms': '1700000000000',
      'lambda-runtime-client-context': '{"custom":{"ü":1}}',
      'lambda-runtime-invoked-function-arn': 'arn:aws:lambda:us-east-1:123456789012:function:f',
      'lambda-runtime-trace-id': 'Root=1-0-0;Sampled=0',
      'lambda-runtime-some-future-header': 'kept',
    });
    expect(next.body.toString()).toBe('{"a":1}');
  });

  it('rejects a /next answered with another status than 200 with a RuntimeApiError quoting the status and body', async () => {
    const api = await serve((_req, res) => res.writeHead(403).end('{"errorType":"Forbidden"}'));
    const error = await api.next().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(RuntimeApiError);
    expect(error).toMatchObject({ status: 403, message: expect.stringContaining('answered 403 to /2018-06-01/runtime/invocation/next: {"errorType":"Forbidden"}') });
  });

  it('rejects a request it cannot deliver with a RuntimeApiError naming the address, the call and the cause', async () => {
    const api = await serve((req) => req.socket.destroy());
    const error = await api.respond('req-1', '"x"', 'application/json').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(RuntimeApiError);
    expect((error as Error).message).toMatch(/^The Runtime API at 127\.0\.0\.1:\d+ could not be reached \(POST \/2018-06-01\/runtime\/invocation\/req-1\/response\): /);
    expect((error as RuntimeApiError).status).toBeUndefined();
  });

  it('posts a response with its content type, the request id escaped into the path', async () => {
    const seen: { url?: string; headers: IncomingMessage['headers']; body: string }[] = [];
    const api = await serve((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk));
      req.on('end', () => {
        seen.push({ url: req.url, headers: req.headers, body });
        res.writeHead(202).end('{"status":"OK"}');
      });
    });
    expect((await api.respond('a/b', '"ok"', 'application/json')).status).toBe(202);
    expect((await api.respond('c', Buffer.from([1, 2]), 'application/octet-stream')).status).toBe(202);
    // Unreserved characters stay as they are, as encodeURIComponent leaves them; anything else is encoded.
    expect((await api.respond('8f5c1a2e-0d1b-4e3a-9c7f-2b6d4e8a1c3f_v1.~', '1', 'application/json')).status).toBe(202);
    expect((await api.respond('ü?#%', '1', 'application/json')).status).toBe(202);
    expect(seen.map((s) => [s.url, s.headers['content-type'], s.body])).toEqual([
      ['/2018-06-01/runtime/invocation/a%2Fb/response', 'application/json', '"ok"'],
      ['/2018-06-01/runtime/invocation/c/response', 'application/octet-stream', '\u0001\u0002'],
      ['/2018-06-01/runtime/invocation/8f5c1a2e-0d1b-4e3a-9c7f-2b6d4e8a1c3f_v1.~/response', 'application/json', '1'],
      ['/2018-06-01/runtime/invocation/%C3%BC%3F%23%25/response', 'application/json', '1'],
    ]);
  });

  it('names itself in a User-Agent on its first /next and on every error report, not on each invocation', async () => {
    const agents: string[] = [];
    const api = await serve((req, res) => {
      agents.push(`${req.method} ${req.url!.replace('/2018-06-01/runtime', '')} ${req.headers['user-agent'] ?? '-'}`);
      req.resume();
      req.on('end', () => (req.method === 'GET' ? res.setHeader('Lambda-Runtime-Aws-Request-Id', 'r').end('{}') : res.writeHead(202).end()));
    });
    await api.next();
    await api.respond('r', '{}', 'application/json');
    await api.next();
    await api.fail('r', { errorType: 'Error', errorMessage: 'x', stackTrace: [] });
    await api.initError({ errorType: 'Error', errorMessage: 'x', stackTrace: [] });
    const ua = `lambda-kernel/${VERSION}`;
    expect(agents).toEqual([
      `GET /invocation/next ${ua}`,
      'POST /invocation/r/response -',
      'GET /invocation/next -',
      `POST /invocation/r/error ${ua}`,
      `POST /init/error ${ua}`,
    ]);
  });

  it("hands a post's outcome to a handler instead of the promise, which resolves once it is handled", async () => {
    let refuse = false;
    const api = await serve((req, res) => (refuse ? req.socket.destroy() : res.writeHead(202).end('{"status":"OK"}')));
    const seen: string[] = [];
    const handler = {
      answered: (res: { status: number; body: Buffer }) => seen.push(`answered ${res.status} ${res.body}`),
      unreachable: (err: Error) => seen.push(`unreachable ${err.name}`),
    };
    expect(await api.respond('req-1', '{}', 'application/json', handler)).toBeUndefined();
    refuse = true;
    expect(await api.fail('req-1', { errorType: 'Error', errorMessage: 'x', stackTrace: [] }, handler)).toBeUndefined();
    expect(seen).toEqual(['answered 202 {"status":"OK"}', 'unreachable RuntimeApiError']);
    // A handler that throws rejects the promise instead of throwing into the HTTP client.
    refuse = false;
    const broken = { answered: () => { throw new Error('handler broke'); }, unreachable: () => {} };
    await expect(api.respond('req-2', '{}', 'application/json', broken)).rejects.toThrow('handler broke');
  });

  it('aborts a /next that is waiting, so a stopping runtime need not wait for an event', async () => {
    const api = await serve(() => {});
    const waiting = api.next().catch((err: unknown) => err);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await api.destroyIdle();
    expect(await waiting).toBeInstanceOf(RuntimeApiError);
  });

  it('leaves the connection alone once /next has been answered: the invocation still has to be answered on it', async () => {
    const api = await serve((req, res) => {
      if (req.method === 'GET') res.setHeader('Lambda-Runtime-Aws-Request-Id', 'req-1').end('{}');
      else res.writeHead(202).end();
    });
    await api.next();
    await api.destroyIdle();
    expect((await api.respond('req-1', '{}', 'application/json')).status).toBe(202);
  });
});
