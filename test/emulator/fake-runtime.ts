/**
 * Test helpers: an HTTP "runtime" driven by the test itself, and a tiny inline runtime for child processes.
 */
import { request as httpRequest } from 'node:http';
import { request } from 'undici';
import { RuntimeApiEmulator } from '../../src/emulator/index.js';

/** A raw HTTP answer. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  text(): string;
  json<T = unknown>(): T;
}

function toReply(status: number, headers: Record<string, string | string[] | undefined>, body: Buffer): Reply {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : v;
  return {
    status,
    headers: flat,
    body,
    text: () => body.toString('utf8'),
    json: <T>() => JSON.parse(body.toString('utf8')) as T,
  };
}

/** Options of {@link FakeRuntime.call}. */
export interface CallOptions {
  headers?: Record<string, string>;
  body?: string | Buffer;
  signal?: AbortSignal;
}

/** A fresh emulator and a fake runtime playing against it. */
export async function startFakeRuntime(): Promise<{ emulator: RuntimeApiEmulator; runtime: FakeRuntime }> {
  const emulator = await RuntimeApiEmulator.start();
  return { emulator, runtime: new FakeRuntime(emulator) };
}

/** Plays the runtime's side of the protocol over real HTTP (undici). */
export class FakeRuntime {
  constructor(private readonly emulator: RuntimeApiEmulator) {}

  /** Any request to the emulator. */
  async call(method: string, path: string, options: CallOptions = {}): Promise<Reply> {
    const res = await request(`http://${this.emulator.address}${path}`, {
      method: method as 'GET',
      headers: options.headers,
      body: options.body,
      signal: options.signal,
    });
    return toReply(res.statusCode, res.headers, Buffer.from(await res.body.arrayBuffer()));
  }

  /** `GET /next`; resolves when an event is handed out. */
  next(signal?: AbortSignal): Promise<Reply> {
    return this.call('GET', '/2018-06-01/runtime/invocation/next', { signal });
  }

  /** `POST …/{id}/response` with the id percent-encoded, as the clients do. */
  respond(id: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<Reply> {
    return this.call('POST', `/2018-06-01/runtime/invocation/${encodeURIComponent(id)}/response`, { body, headers });
  }

  /** `POST …/{id}/error`. */
  fail(id: string, body: string, headers: Record<string, string> = {}): Promise<Reply> {
    return this.call('POST', `/2018-06-01/runtime/invocation/${encodeURIComponent(id)}/error`, { body, headers });
  }
}

/** A streaming POST through node:http, the only client here that can send request trailers. */
export function openStream(emulator: RuntimeApiEmulator, id: string, headers: Record<string, string> = {}) {
  const [host, port] = [emulator.host, emulator.port];
  const req = httpRequest({
    host,
    port,
    method: 'POST',
    path: `/2018-06-01/runtime/invocation/${encodeURIComponent(id)}/response`,
    headers: {
      'Lambda-Runtime-Function-Response-Mode': 'streaming',
      'Transfer-Encoding': 'chunked',
      Trailer: 'Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body',
      'Content-Type': 'text/plain',
      ...headers,
    },
  });
  const reply = new Promise<Reply>((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(toReply(res.statusCode ?? 0, res.headers, Buffer.concat(chunks))));
    });
    req.on('error', reject);
  });
  return { req, reply };
}

/**
 * A minimal runtime for `node -e`: loops /next → /response (echoing the event and its pid). Events steer it:
 * `{hang: true}` never answers, `{crash: n}` exits with n. With EXT_EVENTS set it first registers an internal
 * extension with that body and keeps calling event/next. It logs and exits 0 on SIGTERM.
 */
export const INLINE_RUNTIME = `
const http = require('node:http');
const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const agent = new http.Agent({ keepAlive: true });
const call = (method, path, body, headers = {}) => new Promise((resolve, reject) => {
  const req = http.request({ host, port, method, path, agent, headers }, (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
  });
  req.on('error', reject);
  req.end(body);
});
process.on('SIGTERM', () => { console.log('got SIGTERM'); process.exit(0); });
setInterval(() => {}, 1 << 30);
(async () => {
  if (process.env.EXT_EVENTS) {
    const reg = await call('POST', '/2020-01-01/extension/register', process.env.EXT_EVENTS,
      { 'Lambda-Extension-Name': 'trap' });
    const ext = { 'Lambda-Extension-Identifier': reg.headers['lambda-extension-identifier'] };
    console.log('registered ' + reg.status);
    (async () => { for (;;) await call('GET', '/2020-01-01/extension/event/next', undefined, ext); })()
      .catch(() => {});
  }
  for (;;) {
    const next = await call('GET', '/2018-06-01/runtime/invocation/next');
    const id = next.headers['lambda-runtime-aws-request-id'];
    const event = JSON.parse(next.body);
    if (event.crash !== undefined) process.exit(event.crash);
    if (event.hang) await new Promise(() => {});
    const body = JSON.stringify({ echo: event, pid: process.pid });
    const path = '/2018-06-01/runtime/invocation/' + encodeURIComponent(id) + '/response';
    await call('POST', path, body, { 'Content-Type': 'application/json' });
  }
})().catch((e) => { console.error(e); process.exit(1); });
`;
