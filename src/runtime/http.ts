import type { Dispatcher } from 'undici';
import Client from 'undici/lib/dispatcher/client.js';
import { allHeaders, lambdaHeaders } from './api-headers.js';

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

/** How {@link send} settles: `describe` turns a transport error into the rejection; `expect` refuses other statuses. */
export interface SendRules {
  describe?: (err: Error) => Error;
  expect?: { status: number; refuse: (answer: ApiResponse) => Error };
  /** Decode only the `Lambda-Runtime-*` headers, at once (the `/next` fast path); others are dropped. */
  lambdaHeadersOnly?: boolean;
  /** Called as the request settles, before its promise does. */
  settled?: () => void;
}

/** Takes a request's outcome in place of its promise, which then resolves once the outcome is handled. */
export interface AnswerHandler {
  answered(answer: ApiResponse): void;
  unreachable(err: Error): void;
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

  constructor(status: number, raw: Buffer[] | null, body: Buffer, headers?: Record<string, string>) {
    this.status = status;
    this.#raw = raw;
    this.body = body;
    this.#headers = headers;
  }

  get headers(): Record<string, string> {
    if (this.#headers === undefined) {
      this.#headers = allHeaders(this.#raw);
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
  readonly #resolve: (answer: ApiResponse | undefined) => void;
  readonly #reject: (err: Error) => void;
  readonly #rules: SendRules | undefined;
  readonly #handler: AnswerHandler | undefined;

  constructor(
    resolve: (answer: ApiResponse | undefined) => void,
    reject: (err: Error) => void,
    rules: SendRules | undefined,
    handler: AnswerHandler | undefined,
  ) {
    this.#resolve = resolve;
    this.#reject = reject;
    this.#rules = rules;
    this.#handler = handler;
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
    const rules = this.#rules;
    rules?.settled?.();
    const answer = new Answer(this.#status, this.#raw, body, rules?.lambdaHeadersOnly ? lambdaHeaders(this.#raw) : undefined);
    if (rules?.expect !== undefined && answer.status !== rules.expect.status) this.#reject(rules.expect.refuse(answer));
    else if (this.#handler === undefined) this.#resolve(answer);
    else this.#hand(this.#handler.answered, answer);
  }

  onError(err: Error): void {
    this.#rules?.settled?.();
    const describe = this.#rules?.describe;
    const error = describe ? describe(err) : err;
    if (this.#handler === undefined) this.#reject(error);
    else this.#hand(this.#handler.unreachable, error);
  }

  // A throwing handler rejects the promise; it must never throw into undici.
  #hand<T>(take: (this: AnswerHandler, value: T) => void, value: T): void {
    try {
      take.call(this.#handler!, value);
      this.#resolve(undefined);
    } catch (err) {
      this.#reject(err as Error);
    }
  }
}

function dispatch(client: Client, options: SendOptions, handler: Collector): void {
  try {
    client.dispatch(options as Dispatcher.DispatchOptions, handler as unknown as Dispatcher.DispatchHandler);
  } catch (err) {
    handler.onError(err as Error);
  }
}

/**
 * Sends one request and buffers the answer, settling by `rules` (by default: any status resolves, a transport
 * error rejects as it is). Uses undici's raw dispatch handler: the runtime's hot path skips the convenience
 * layers (and their module load time) of `request()`, and one promise is all a request costs.
 */
export function send(client: Client, options: SendOptions, rules?: SendRules): Promise<ApiResponse> {
  return new Promise((resolve, reject) => dispatch(client, options, new Collector(resolve as (answer: ApiResponse | undefined) => void, reject, rules, undefined)));
}

/** Sends one request whose outcome goes to `handler`; resolves once handled, without a promise chained on. */
export function sendTo(client: Client, options: SendOptions, handler: AnswerHandler, rules?: SendRules): Promise<void> {
  return new Promise((resolve, reject) => dispatch(client, options, new Collector(() => resolve(), reject, rules, handler)));
}
