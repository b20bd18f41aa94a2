/**
 * @module
 * A minimal Runtime API for the bench: hands out events from `/next` as fast as it can, counts answers and
 * records nothing else, so that the server's own cost stays small and identical for every contender.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** Events released by {@link LeanApi.release} and answered: the window's bounds and what came back. */
export interface Window {
  /** `performance.now()` when the first event of the window was handed out. */
  start: number;
  /** `performance.now()` when the last answer of the window arrived. */
  end: number;
  /** Response body bytes received in the window. */
  bytes: number;
}

const INVOCATION = '/2018-06-01/runtime/invocation/';
const EVENT = '{"name":"world"}';
const ACCEPTED = '{"status":"OK"}';

/**
 * The server. `/next` waits until {@link release} grants events; up to that many waiting `/next` calls are
 * answered at once (multi-concurrency). Answers (`/response` or `/error`) complete the window.
 */
export class LeanApi {
  /** Resolves with `performance.now()` of the first `/next`: the end of a cold start. */
  readonly firstNext: Promise<number>;
  /** Invocation errors posted so far (`/error`, `/init/error`): a contender that posts one is broken. */
  readonly errors: string[] = [];
  #server: Server;
  #onFirst!: (at: number) => void;
  #seen = false;
  #budget = 0;
  #ids = 0;
  #parked: ServerResponse[] = [];
  #pending = 0;
  #window: (Window & { done: () => void }) | undefined;
  readonly #eventLength: string;

  constructor(private readonly eventBody = EVENT) {
    this.#eventLength = String(Buffer.byteLength(eventBody));
    this.firstNext = new Promise((resolve) => (this.#onFirst = resolve));
    this.#server = createServer((req, res) => this.#route(req, res));
    this.#server.keepAliveTimeout = 600_000;
  }

  /** Listens on a free loopback port; resolves with `host:port` for `AWS_LAMBDA_RUNTIME_API`. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Hands out `count` events and resolves once all of them have been answered. */
  release(count: number): Promise<Window> {
    return new Promise((resolve) => {
      const window = { start: performance.now(), end: 0, bytes: 0, done: () => resolve(window) };
      this.#window = window;
      this.#pending = count;
      this.#budget = count;
      while (this.#budget > 0 && this.#parked.length > 0) this.#send(this.#parked.shift()!);
    });
  }

  /** Closes the server and every connection (parked `/next` calls included). */
  stop(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #route(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url!;
    if (req.method === 'GET' && url === `${INVOCATION}next`) {
      if (!this.#seen) {
        this.#seen = true;
        this.#onFirst(performance.now());
      }
      if (this.#budget > 0) this.#send(res);
      else this.#parked.push(res);
      return;
    }
    let bytes = 0;
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => {
      if (url.startsWith(INVOCATION)) {
        if (url.endsWith('/error')) this.errors.push(`${url}: ${bytes} bytes`);
        // Explicit lengths: writeHead() without one would answer chunked, which RAPID does not do for small bodies.
        res.writeHead(202, { 'content-type': 'application/json', 'content-length': ACCEPTED.length }).end(ACCEPTED);
        this.#answered(bytes);
      } else if (url.endsWith('/extension/register')) {
        res.writeHead(200, { 'lambda-extension-identifier': 'bench', 'content-type': 'application/json' }).end('{}');
      } else if (url.endsWith('/extension/event/next')) {
        // Parked until the process ends: internal extensions receive no events.
      } else {
        if (url.endsWith('/init/error')) this.errors.push('init error');
        res.writeHead(url.endsWith('/init/error') ? 202 : 404).end();
      }
    });
  }

  #send(res: ServerResponse): void {
    this.#budget--;
    const id = String(++this.#ids);
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': this.#eventLength,
      'lambda-runtime-aws-request-id': id,
      'lambda-runtime-deadline-ms': String(Date.now() + 900_000),
      'lambda-runtime-invoked-function-arn': 'arn:aws:lambda:us-east-1:123456789012:function:bench',
      'lambda-runtime-trace-id': `Root=1-00000000-${id.padStart(24, '0')};Sampled=0`,
    });
    res.end(this.eventBody);
  }

  #answered(bytes: number): void {
    const window = this.#window;
    if (!window) return;
    window.bytes += bytes;
    if (--this.#pending === 0) {
      window.end = performance.now();
      this.#window = undefined;
      window.done();
    }
  }
}
