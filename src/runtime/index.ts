/**
 * @module
 * The Lambda runtime layer: the Runtime API client and loop, the invocation context, error mapping and
 * logging. No dependency injection; usable alone as `lambda-kernel/runtime`.
 */

/** Running a plain handler. */
export { run, runVoid, bufferedDriver, type Handler, type VoidHandler } from './run.js';
export { startRuntime, createRuntimeLogger, type RuntimeOptions } from './runtime.js';
export { loadHandler, runHandlerFromEnv } from './handler-loader.js';

/** Streamed responses. */
export { runStream, streamDriver, answerWithStream, type StreamingHandler, type StreamOptions } from './streaming/stream-driver.js';
export { ResponseStream, type ResponseStreamOptions } from './streaming/response-stream.js';
export { NodeHttpTransport } from './streaming/node-http-transport.js';
export {
  DEFAULT_STREAM_CONTENT_TYPE,
  MAX_STREAMED_RESPONSE_BYTES,
  type StreamSink,
  type StreamTransport,
  type StreamTransportFactory,
} from './streaming/transport.js';

/** Function URLs: the request, buffered responses and streamed HTTP responses. */
export { requestBody, type FunctionUrlEvent, type FunctionUrlRequestContext, type FunctionUrlResult } from './function-url/event.js';
export { httpResponse, type HttpResponse } from './function-url/http-response.js';
export { openHttpStream, HTTP_INTEGRATION_CONTENT_TYPE } from './function-url/http-stream.js';
export type { HttpResponseInit } from './function-url/headers.js';

/** The invocation and its context. */
export { InvocationContext, ABORT_MARGIN_MS, type ClientContext, type CognitoIdentity } from './context.js';
export { Invocation, type InvocationOutcome } from './invocation.js';
export { currentInvocation, runInInvocation } from './invocation-store.js';
export { readFunctionConfig, parseMaxConcurrency, type FunctionConfig } from './config.js';
export { readRuntimeMetadata, type RuntimeMetadata } from './metadata.js';

/** The loop and the Runtime API client, for custom drivers. */
export { runLoop, decodeEvent, type InvocationDriver, type EventDecoding, type LoopExit, type LoopOptions } from './loop.js';
export { RuntimeApiClient, type NextEvent } from './client.js';
export type { ApiResponse } from './http.js';

/** Errors and results on the wire. */
export { toDiagnostic, type Diagnostic } from './diagnostic.js';
export { encodeResult, MAX_BUFFERED_RESPONSE_BYTES, type EncodedResponse } from './encode.js';
export { EXIT_UNCAUGHT_EXCEPTION, EXIT_UNHANDLED_REJECTION } from './process-guards.js';

/** Logging. */
export * from './logging/index.js';
