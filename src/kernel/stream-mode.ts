import { answerWithStream } from '../runtime/streaming/stream-driver.js';
import type { ModeCall } from './modes.js';

/**
 * Stream mode (`@StreamHandler()`): `handle(event, stream, context)` writes the response to a
 * {@link ResponseStream}; it must be async. The call returns once Lambda acknowledged the end of the stream,
 * so `@AfterResponse()` hooks run after the 202. A throw is reported through the stream's error trailers.
 */
export const streamCall: ModeCall = (handler, method, invocation) =>
  answerWithStream(invocation, (stream) =>
    (handler as Record<string, (...a: unknown[]) => unknown>)[method]!(invocation.event, stream, invocation.context),
  );
