import type { Dispatcher } from 'undici';
import Client from 'undici/lib/dispatcher/client.js';
import { headerNameToString } from 'undici/lib/core/util.js';

/** A Runtime API answer: status, lower-cased headers and the whole body. */
export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Request options for {@link send}. */
export interface SendOptions {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | null;
}

/**
 * Opens one keep-alive connection to `host:port`. No header or body timeout: `/next` may wait for hours,
 * and a process frozen between invocations must not find its long poll timed out on thaw (§1.1).
 * Client never consults HTTP_PROXY, which the Runtime API must not go through.
 */
export function connect(hostPort: string): Client {
  return new Client(`http://${hostPort}`, {
    headersTimeout: 0,
    bodyTimeout: 0,
    keepAliveTimeout: 60_000,
    pipelining: 1,
    // Node's 16 KiB default turns a large client context into a transport error, which kills the process and
    // loses the invocation; the Runtime API is trusted, so accept what it sends.
    maxHeaderSize: 1024 * 1024,
  });
}

/** An answer whose headers are decoded on first read: most answers (202 to a post) are never asked for them. */
class Answer implements ApiResponse {
  readonly status: number;
  readonly body: Buffer;
  #raw: Buffer[] | null;
  #headers: Record<string, string> | undefined;

  constructor(status: number, raw: Buffer[] | null, body: Buffer) {
    this.status = status;
    this.#raw = raw;
    this.body = body;
  }

  get headers(): Record<string, string> {
    if (this.#headers === undefined) {
      const headers: Record<string, string> = {};
      const raw = this.#raw ?? [];
      // Values are read as UTF-8, as a client context may carry non-ASCII JSON.
      for (let i = 0; i < raw.length; i += 2) headers[headerNameToString(raw[i]!)] = raw[i + 1]!.toString();
      this.#headers = headers;
      this.#raw = null;
    }
    return this.#headers;
  }
}

/** undici's raw dispatch handler, buffering one answer. A class, so no closures are built per request. */
class Collector {
  #status = 0;
  #raw: Buffer[] | null = null;
  #chunks: Buffer[] = [];
  readonly #resolve: (answer: ApiResponse) => void;
  readonly #reject: (err: Error) => void;

  constructor(resolve: (answer: ApiResponse) => void, reject: (err: Error) => void) {
    this.#resolve = resolve;
    this.#reject = reject;
  }

  onConnect(): void {}

  onHeaders(status: number, raw: Buffer[] | null): boolean {
    this.#status = status;
    this.#raw = raw;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.#chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    const chunks = this.#chunks;
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    this.#resolve(new Answer(this.#status, this.#raw, body));
  }

  onError(err: Error): void {
    this.#reject(err);
  }
}

/**
 * Sends one request and buffers the answer; a failure rejects with `describe(err)` (the error itself by default).
 * Uses undici's raw dispatch handler: the runtime's hot path skips the convenience layers (and their module load
 * time) of `request()`.
 */
export function send(client: Client, options: SendOptions, describe?: (err: Error) => Error): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const fail = describe ? (err: Error) => reject(describe(err)) : reject;
    const handler = new Collector(resolve, fail);
    try {
      client.dispatch(options as Dispatcher.DispatchOptions, handler as unknown as Dispatcher.DispatchHandler);
    } catch (err) {
      fail(err as Error);
    }
  });
}
