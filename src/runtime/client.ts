import { RuntimeApiError } from '../errors.js';
import { VERSION } from '../version.js';
import type { Diagnostic } from './diagnostic.js';
import { type AnswerHandler, type ApiResponse, connect, send, type SendOptions, type SendRules, sendTo } from './http.js';

const BASE = '/2018-06-01/runtime';
const USER_AGENT = `lambda-kernel/${VERSION}`;
const NEXT = `${BASE}/invocation/next`;
// The User-Agent names this runtime to Lambda once, on the first /next, and on every error report; undici
// validates and writes each header of each request, and on the two requests of every invocation a
// User-Agent cost about 2% of a no-op invocation's CPU. The usual answer's headers are built once.
const FIRST_NEXT = Object.freeze({ method: 'GET', path: NEXT, body: null, headers: Object.freeze({ 'user-agent': USER_AGENT }) });
const NEXT_REQUEST = Object.freeze({ method: 'GET', path: NEXT, body: null });
const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'content-type': 'application/json' });

/** One event from `GET /runtime/invocation/next`: its `Lambda-Runtime-*` headers (lower-cased) and the raw payload. */
export interface NextEvent {
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * The Runtime API client: one keep-alive connection, one method per Runtime API call
 * (runtime-api.md §1). It reports statuses; the loop decides what they mean (§1.6).
 * @example
 * const client = new RuntimeApiClient(process.env.AWS_LAMBDA_RUNTIME_API!);
 * const { headers, body } = await client.next();
 */
export class RuntimeApiClient {
  readonly #client: ReturnType<typeof connect>;
  readonly #nextRules: SendRules;
  #nextRequest: SendOptions = FIRST_NEXT;
  #waiting = false;
  /** `host:port` of the Runtime API. */
  readonly address: string;

  constructor(address: string) {
    this.address = address;
    this.#client = connect(address);
    // One rules object for every /next: the hot path allocates no closures for it.
    this.#nextRules = {
      describe: (err) => this.#unreachable('GET', NEXT, err),
      expect: { status: 200, refuse: (res) => unexpected(NEXT, res) },
      lambdaHeadersOnly: true,
      settled: () => {
        this.#waiting = false;
      },
    };
  }

  /** Waits for the next invocation. @throws RuntimeApiError on a non-200 answer or a transport error. */
  next(): Promise<NextEvent> {
    this.#waiting = true;
    const request = this.#nextRequest;
    this.#nextRequest = NEXT_REQUEST;
    return send(this.#client, request, this.#nextRules);
  }

  /** Posts a buffered response; with `handler`, its outcome goes there and the promise resolves once handled. */
  respond(requestId: string, body: string | Uint8Array, contentType: string): Promise<ApiResponse>;
  respond(requestId: string, body: string | Uint8Array, contentType: string, handler: AnswerHandler): Promise<void>;
  respond(requestId: string, body: string | Uint8Array, contentType: string, handler?: AnswerHandler): Promise<ApiResponse | void> {
    const headers = contentType === 'application/json' ? JSON_HEADERS : { 'content-type': contentType };
    return this.#post(invocationPath(requestId, 'response'), body, headers, handler);
  }

  /** Posts an invocation error; `handler` as for {@link respond}. */
  fail(requestId: string, diagnostic: Diagnostic): Promise<ApiResponse>;
  fail(requestId: string, diagnostic: Diagnostic, handler: AnswerHandler): Promise<void>;
  fail(requestId: string, diagnostic: Diagnostic, handler?: AnswerHandler): Promise<ApiResponse | void> {
    const path = invocationPath(requestId, 'error');
    return this.#post(path, JSON.stringify(diagnostic), errorHeaders(diagnostic), handler);
  }

  /** Posts an initialisation error; the runtime must exit afterwards. */
  initError(diagnostic: Diagnostic): Promise<ApiResponse> {
    return this.#post(`${BASE}/init/error`, JSON.stringify(diagnostic), errorHeaders(diagnostic)) as Promise<ApiResponse>;
  }

  /** Aborts a `/next` that is waiting, so a stopping loop need not wait for another event. */
  async destroyIdle(): Promise<void> {
    if (this.#waiting) await this.#client.destroy().catch(() => {});
  }

  /** Closes the connection. */
  close(): Promise<void> {
    return this.#client.close();
  }

  #post(path: string, body: string | Uint8Array, headers: Record<string, string>, handler?: AnswerHandler): Promise<ApiResponse | void> {
    const options = { method: 'POST', path, body, headers } as const;
    const rules: SendRules = { describe: (err) => this.#unreachable('POST', path, err) };
    return handler ? sendTo(this.#client, options, handler, rules) : send(this.#client, options, rules);
  }

  #unreachable(method: string, path: string, err: Error): RuntimeApiError {
    return new RuntimeApiError(`The Runtime API at ${this.address} could not be reached (${method} ${path}): ${err.message}`, path, undefined, {
      cause: err,
    });
  }
}

// RFC 3986 unreserved characters, which encodeURIComponent leaves as they are.
const UNRESERVED = /^[\w.~-]*$/;

/** The path of an invocation's `response` or `error` endpoint; the request id is percent-encoded when it must be. */
export function invocationPath(requestId: string, endpoint: 'response' | 'error'): string {
  // Request ids are UUIDs: testing for that is cheaper than encoding, which V8 does in its runtime, off the JIT.
  const segment = UNRESERVED.test(requestId) ? requestId : encodeURIComponent(requestId);
  return `${BASE}/invocation/${segment}/${endpoint}`;
}

function errorHeaders(diagnostic: Diagnostic): Record<string, string> {
  return {
    'user-agent': USER_AGENT,
    'content-type': 'application/json',
    'lambda-runtime-function-error-type': headerSafe(diagnostic.errorType),
  };
}

/** An error-type header must be one visible-ASCII line; anything else is replaced. */
function headerSafe(value: string): string {
  return /^[\x21-\x7E]+$/.test(value) ? value : 'Runtime.Unknown';
}

/** Builds the error for an unexpected Runtime API status, quoting Lambda's own error body. */
export function unexpected(path: string, res: ApiResponse): RuntimeApiError {
  const detail = res.body.toString('utf8').slice(0, 500);
  return new RuntimeApiError(`The Runtime API answered ${res.status} to ${path}: ${detail}`, path, res.status);
}
