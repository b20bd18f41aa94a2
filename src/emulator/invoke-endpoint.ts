/**
 * @module
 * RIE-compatible `POST /2015-03-31/functions/function/invocations`, so curl and SDK clients can invoke the
 * function. The response shapes follow RIE and the Invoke API docs; exact live-AWS bodies are UNVERIFIED.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorCore } from './core.js';
import { lowerHeaders, readBody } from './http-util.js';
import type { Invocation, InvocationObserver } from './invocation.js';
import { MAX_PAYLOAD_SIZE, send } from './rendering.js';
import type { InvokeOptions } from './types.js';

function invokeOptions(headers: Record<string, string>): InvokeOptions {
  const options: InvokeOptions = {};
  const clientContext = headers['x-amz-client-context'];
  // The Invoke API carries the client context base64-encoded; the runtime gets the decoded JSON.
  if (clientContext) options.clientContext = Buffer.from(clientContext, 'base64').toString('utf8');
  if (headers['x-amzn-trace-id']) options.traceId = headers['x-amzn-trace-id'];
  if (headers['x-amz-tenant-id']) options.tenantId = headers['x-amz-tenant-id'];
  return options;
}

/** Streams or buffers the outcome back to the HTTP caller. */
function answer(invocation: Invocation, res: ServerResponse, version: string): void {
  const base = { 'X-Amzn-RequestId': invocation.id, 'X-Amz-Executed-Version': version };
  const observer: InvocationObserver = {
    onStreamStart(contentType) {
      if (res.destroyed) return;
      // No Content-Length: node switches to Transfer-Encoding: chunked.
      res.writeHead(200, { ...base, 'Content-Type': contentType ?? 'application/octet-stream' });
      res.flushHeaders();
    },
    onChunk(data) {
      if (!res.destroyed) res.write(data);
    },
    onSettled(outcome) {
      if (res.headersSent) {
        // A stream cannot carry an error after its headers: like Lambda, cut the connection.
        if (outcome.status === 'success') res.end();
        else res.destroy();
        return;
      }
      const failed = outcome.status !== 'success';
      send(res, 200, outcome.body, {
        ...base,
        'Content-Type': failed ? 'application/json' : (outcome.contentType ?? 'application/json'),
        ...(failed ? { 'X-Amz-Function-Error': 'Unhandled' } : {}),
      });
    },
  };
  // A stored init error settles the invocation before anyone could observe it.
  if (invocation.state === 'settled') void invocation.outcome.then((outcome) => observer.onSettled?.(outcome));
  else invocation.observe(observer);
}

/** Queues the request body as an event and answers with the invocation's result. */
export async function handleInvoke(core: EmulatorCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const read = await readBody(req, MAX_PAYLOAD_SIZE);
  if (!read.complete) return;
  if (read.size > MAX_PAYLOAD_SIZE) {
    const errorMessage = `Request must be smaller than ${MAX_PAYLOAD_SIZE} bytes for the InvokeFunction operation`;
    return send(res, 413, JSON.stringify({ errorType: 'RequestTooLargeException', errorMessage }));
  }
  let invocation: Invocation;
  try {
    invocation = core.enqueue(read.body, invokeOptions(lowerHeaders(req.headers)));
  } catch (error) {
    return send(res, 500, JSON.stringify({ errorType: 'ServiceException', errorMessage: (error as Error).message }));
  }
  answer(invocation, res, core.config.functionVersion);
}
