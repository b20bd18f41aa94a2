import { StreamingError } from '../../errors.js';
import type { RuntimeApiClient } from '../client.js';
import type { InvocationContext } from '../context.js';
import type { Invocation } from '../invocation.js';
import type { InvocationDriver } from '../loop.js';
import { type RuntimeOptions, startRuntime } from '../runtime.js';
import { isThenable } from '../thenable.js';
import { NodeHttpTransport } from './node-http-transport.js';
import { ResponseStream } from './response-stream.js';
import { type ResponseStreamOptions, type StreamEnd, streamControl } from './stream-core.js';
import type { StreamTransport, StreamTransportFactory } from './transport.js';

/** A streaming handler: writes its response to `stream`; must be async (return a promise). */
export type StreamingHandler<E = unknown> = (event: E, stream: ResponseStream, context: InvocationContext) => Promise<unknown>;

/** Options of {@link runStream} and {@link streamDriver}. */
export interface StreamOptions extends ResponseStreamOptions {
  /** Creates the transport of the streaming POST (default node:http, one keep-alive socket per loop). */
  transport?: StreamTransportFactory;
}

const defaultTransport: StreamTransportFactory = (address) => new NodeHttpTransport(address);
const transports = new WeakMap<StreamTransportFactory, WeakMap<RuntimeApiClient, StreamTransport>>();

/** One transport per factory and Runtime API client, i.e. per runtime loop. */
function transportFor(client: RuntimeApiClient, factory: StreamTransportFactory): StreamTransport {
  let byClient = transports.get(factory);
  if (!byClient) transports.set(factory, (byClient = new WeakMap()));
  let transport = byClient.get(client);
  if (!transport) byClient.set(client, (transport = factory(client.address)));
  return transport;
}

/**
 * Answers `invocation` with a streamed response: calls `call(stream)`, then closes the stream if the handler
 * left it open (our documented choice, where AWS's Node.js runtime fails with "Response stream is not
 * finished."), reports a throw through error trailers, and returns once the Runtime API acknowledged the
 * response, so the loop's next `/next` comes after the 202 (§3.1). An error from outside the handler (an
 * uncaught exception, a shutdown) ends the stream with trailers too, even while the handler still awaits.
 */
export async function answerWithStream(
  invocation: Invocation,
  call: (stream: ResponseStream) => unknown,
  options: StreamOptions = {},
): Promise<void> {
  const transport = transportFor(invocation.client, options.transport ?? defaultTransport);
  const stream = new ResponseStream((contentType) => transport.open(invocation.context.requestId, contentType), options);
  const control = streamControl(stream);
  let answering: Promise<void> | undefined;
  let interruption: { value: unknown } | undefined;
  // The handler's end and an interruption both lead here; the first one answers.
  const answer = () => (answering ??= control.ended.then((end) => settle(invocation, end, interruption)));
  invocation.interrupter = (error) => {
    if (control.fail(error)) interruption = { value: error }; // else the stream ended already: its own outcome stands
    return answer();
  };
  try {
    const result = call(stream);
    if (!isThenable(result)) {
      const error = new StreamingError('Streaming does not support non-async handlers.', { errorType: 'Runtime.MalformedStreamingHandler' });
      // Checked before the stream could finish: a synchronous close() does not hide the mistake.
      control.fail(error, true);
    } else {
      await result;
    }
  } catch (err) {
    if (!control.fail(err)) invocation.logger.error('The handler failed after its response was closed:', err);
  }
  void stream.close();
  return answer();
}

/** Records how the stream ended; an error is logged unless it is the interruption, which its source logged. */
function settle(invocation: Invocation, { error, answer }: StreamEnd, interruption: { value: unknown } | undefined): Promise<void> {
  if (error && error.value !== interruption?.value) invocation.logger.error('Invoke Error', error.value);
  if (!answer) {
    // The streaming POST never opened, so /error is still accepted.
    invocation.interrupter = undefined;
    return invocation.interrupt(error?.value);
  }
  return invocation.respondStreamed(error ? { ok: false, error: error.value } : { ok: true, result: undefined }, answer);
}

/** The driver of a plain streaming handler; `resolve` is read per invocation (the handler may load at init). */
export function streamDriver<E>(resolve: () => StreamingHandler<E>, options: StreamOptions = {}): InvocationDriver {
  return (invocation) =>
    answerWithStream(invocation, (stream) => resolve()(invocation.event as E, stream, invocation.context), options);
}

/**
 * Runs a streaming handler on the Lambda runtime loop, no DI involved. The handler writes to the stream;
 * the invocation ends when its promise settles (an open stream is closed for it). A throw ends the response
 * with Lambda's error trailers.
 * @example
 * import { runStream } from 'lambda-kernel/runtime';
 * runStream(async (event, stream) => {
 *   stream.open('text/plain');
 *   for (const word of ['streamed', 'word', 'by', 'word']) await stream.publish(`${word}\n`);
 * });
 */
export function runStream<E = unknown>(handler: StreamingHandler<E>, options: RuntimeOptions & StreamOptions = {}): Promise<number> {
  return startRuntime(streamDriver(() => handler, options), options);
}
