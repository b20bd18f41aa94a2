import type { ApiResponse } from '../http.js';

/** Content type of a stream nobody chose one for (Node.js runtime default). */
export const DEFAULT_STREAM_CONTENT_TYPE = 'application/octet-stream';

/** Lambda's streamed response limit: 200 MiB (runtime-api.md §3.2). */
export const MAX_STREAMED_RESPONSE_BYTES = 200 * 1024 * 1024;

/** The trailers a streaming POST declares up front and sends only when the response failed (§3.1). */
export const ERROR_TYPE_TRAILER = 'Lambda-Runtime-Function-Error-Type';
export const ERROR_BODY_TRAILER = 'Lambda-Runtime-Function-Error-Body';

/**
 * One streaming `POST …/response` in progress: a chunked body written in order, ended once, with or without
 * error trailers. `answer` settles with the Runtime API's reply (normally 202 after the body ended); it is
 * already guarded against unhandled rejection, so it may be awaited late.
 */
export interface StreamSink {
  /** Sends one chunk; resolves once the transport took it (its buffer drained), rejects if the request failed. */
  write(chunk: Buffer): Promise<void>;
  /** Ends the body, with trailers when the response failed. */
  end(trailers?: Record<string, string>): void;
  readonly answer: Promise<ApiResponse>;
}

/**
 * How streamed responses reach the Runtime API. Swappable because Fetch and undici cannot send request
 * trailers (proved in test/runtime/streaming/transport-choice.test.ts); the default is node:http.
 */
export interface StreamTransport {
  /** Starts the streaming POST for `requestId`: headers go out now, the body follows through the sink. */
  open(requestId: string, contentType: string): Promise<StreamSink>;
  /** Releases the transport's connections. */
  close(): void;
}

/** Creates the transport for a Runtime API at `host:port`. */
export type StreamTransportFactory = (address: string) => StreamTransport;
