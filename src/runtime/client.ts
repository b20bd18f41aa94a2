import { RuntimeApiError } from '../errors.js';
import { VERSION } from '../version.js';
import type { Diagnostic } from './diagnostic.js';
import { type ApiResponse, connect, send } from './http.js';

const BASE = '/2018-06-01/runtime';
const USER_AGENT = `lambda-kernel/${VERSION}`;
const NEXT = `${BASE}/invocation/next`;
const GET_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'user-agent': USER_AGENT });

/** One event from `GET /runtime/invocation/next`: the lower-cased headers and the raw payload. */
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
  #waiting = false;
  /** `host:port` of the Runtime API. */
  readonly address: string;

  constructor(address: string) {
    this.address = address;
    this.#client = connect(address);
  }

  /** Waits for the next invocation. @throws RuntimeApiError on a non-200 answer or a transport error. */
  next(): Promise<NextEvent> {
    this.#waiting = true;
    // Plain promise chains, not async functions: every promise on the per-invocation path costs CPU.
    return this.#send('GET', NEXT).then(
      (res) => {
        this.#waiting = false;
        if (res.status !== 200) throw unexpected(NEXT, res);
        return res;
      },
      (err: unknown) => {
        this.#waiting = false;
        throw err;
      },
    );
  }

  /** Posts a buffered response. */
  respond(requestId: string, body: string | Uint8Array, contentType: string): Promise<ApiResponse> {
    return this.#send('POST', `${BASE}/invocation/${encodeURIComponent(requestId)}/response`, body, {
      'content-type': contentType,
    });
  }

  /** Posts an invocation error. */
  fail(requestId: string, diagnostic: Diagnostic): Promise<ApiResponse> {
    return this.#send('POST', `${BASE}/invocation/${encodeURIComponent(requestId)}/error`, JSON.stringify(diagnostic), {
      'content-type': 'application/json',
      'lambda-runtime-function-error-type': headerSafe(diagnostic.errorType),
    });
  }

  /** Posts an initialisation error; the runtime must exit afterwards. */
  initError(diagnostic: Diagnostic): Promise<ApiResponse> {
    return this.#send('POST', `${BASE}/init/error`, JSON.stringify(diagnostic), {
      'content-type': 'application/json',
      'lambda-runtime-function-error-type': headerSafe(diagnostic.errorType),
    });
  }

  /** Aborts a `/next` that is waiting, so a stopping loop need not wait for another event. */
  async destroyIdle(): Promise<void> {
    if (this.#waiting) await this.#client.destroy().catch(() => {});
  }

  /** Closes the connection. */
  close(): Promise<void> {
    return this.#client.close();
  }

  #send(method: 'GET' | 'POST', path: string, body?: string | Uint8Array, headers?: Record<string, string>) {
    const options = {
      method,
      path,
      body: body ?? null,
      headers: headers ? { 'user-agent': USER_AGENT, ...headers } : GET_HEADERS,
    };
    return send(this.#client, options, (err) =>
      new RuntimeApiError(`The Runtime API at ${this.address} could not be reached (${method} ${path}): ${err.message}`, path, undefined, {
        cause: err,
      }),
    );
  }
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
