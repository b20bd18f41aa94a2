import type { Dispatcher } from 'undici';
import Client from 'undici/lib/dispatcher/client.js';

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

function toHeaders(raw: Buffer[] | string[] | null): Record<string, string> {
  const headers: Record<string, string> = {};
  if (raw === null) return headers;
  for (let i = 0; i < raw.length; i += 2) {
    headers[raw[i]!.toString().toLowerCase()] = raw[i + 1]!.toString();
  }
  return headers;
}

/**
 * Sends one request and buffers the answer. Uses undici's raw dispatch handler: the runtime's hot path
 * skips the convenience layers (and their module load time) of `request()`.
 */
export function send(client: Client, options: SendOptions): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    let status = 0;
    let headers: Record<string, string> = {};
    const chunks: Buffer[] = [];
    const handler = {
      onConnect() {},
      onHeaders(statusCode: number, raw: Buffer[] | string[] | null) {
        status = statusCode;
        headers = toHeaders(raw);
        return true;
      },
      onData(chunk: Buffer) {
        chunks.push(chunk);
        return true;
      },
      onComplete() {
        resolve({ status, headers, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) });
      },
      onError: reject,
    };
    client.dispatch(options as Dispatcher.DispatchOptions, handler as unknown as Dispatcher.DispatchHandler);
  });
}
