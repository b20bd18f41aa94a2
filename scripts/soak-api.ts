/**
 * A lean Runtime API for the soak: node:http, nothing recorded. `/next` gets an event while the current batch
 * has some left, else waits; answers are counted, and a batch resolves once every event in it was answered.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const INVOCATION = '/2018-06-01/runtime/invocation/';
const ACCEPTED = '{"status":"OK"}';

export class SoakApi {
  /** Answers posted to `/error` (none is expected) and the first few of their bodies. */
  errors = 0;
  readonly errorSamples: string[] = [];
  /** Body of the last `/response`. */
  lastResponse = '';
  readonly #server: Server;
  readonly #parked: ServerResponse[] = [];
  #ids = 0;
  #left = 0;
  #pending = 0;
  #event = Buffer.alloc(0);
  #done: (() => void) | undefined;

  constructor() {
    this.#server = createServer((req, res) => this.#route(req, res));
    this.#server.keepAliveTimeout = 0;
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Hands out `count` copies of `event` (as fast as the function asks) and resolves when all are answered. */
  batch(count: number, event: unknown): Promise<void> {
    this.#event = Buffer.from(JSON.stringify(event));
    this.#left = count;
    this.#pending = count;
    const done = new Promise<void>((resolve) => (this.#done = resolve));
    while (this.#left > 0 && this.#parked.length > 0) this.#send(this.#parked.shift()!);
    return done;
  }

  stop(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #route(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '';
    if (req.method === 'GET' && url === `${INVOCATION}next`) {
      if (this.#left > 0) this.#send(res);
      else this.#parked.push(res);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (url.startsWith(INVOCATION)) {
        if (url.endsWith('/error')) {
          this.errors += 1;
          if (this.errorSamples.length < 5) this.errorSamples.push(Buffer.concat(chunks).toString('utf8').slice(0, 500));
        } else {
          this.lastResponse = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
        }
        res.writeHead(202, { 'content-type': 'application/json', 'content-length': ACCEPTED.length }).end(ACCEPTED);
        if (--this.#pending === 0) this.#done?.();
      } else if (url.endsWith('/extension/register')) {
        res.writeHead(200, { 'lambda-extension-identifier': 'soak', 'content-type': 'application/json' }).end('{}');
      } else if (url.endsWith('/extension/event/next')) {
        // Parked for good: internal extensions receive no events.
      } else {
        if (url.endsWith('/init/error')) this.errors += 1;
        res.writeHead(url.endsWith('/init/error') ? 202 : 404).end();
      }
    });
  }

  #send(res: ServerResponse): void {
    this.#left -= 1;
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': this.#event.length,
      'lambda-runtime-aws-request-id': `soak-${++this.#ids}`,
      'lambda-runtime-deadline-ms': String(Date.now() + 60_000),
      'lambda-runtime-invoked-function-arn': 'arn:aws:lambda:us-east-1:123456789012:function:soak',
      // A new trace id per invocation, as Lambda sends (even unsampled): a per-value leak in the trace variable
      // would otherwise go unseen.
      'lambda-runtime-trace-id': `Root=1-${(this.#ids >>> 0).toString(16).padStart(8, '0')}-${String(this.#ids).padStart(24, '0')};Sampled=0`,
    });
    res.end(this.#event);
  }
}
