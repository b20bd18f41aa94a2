/**
 * @module
 * lambda-kernel: a TypeScript application kernel and custom runtime for AWS Lambda.
 * @example
 * import { Handler, Kernel } from 'lambda-kernel';
 * @Handler() class Hello { handle() { return 'Hello, world!'; } }
 * Kernel.create({ handler: Hello }).run();
 */

/** The kernel, decorators and tokens. */
export * from './kernel/index.js';
/** Ready services. */
export * from './providers/index.js';
/** The invocation context and the plain runtime entry points. */
export { InvocationContext, run, runVoid, currentInvocation, type Handler as PlainHandler, type RuntimeOptions, type InvocationOutcome, type FunctionConfig } from './runtime/index.js';
/** Streamed responses and Function URLs. */
export {
  ResponseStream,
  runStream,
  type StreamingHandler,
  type StreamOptions,
  httpResponse,
  openHttpStream,
  requestBody,
  HTTP_INTEGRATION_CONTENT_TYPE,
  type FunctionUrlEvent,
  type FunctionUrlResult,
  type HttpResponse,
  type HttpResponseInit,
} from './runtime/index.js';
/** Errors. */
export * from './errors.js';
