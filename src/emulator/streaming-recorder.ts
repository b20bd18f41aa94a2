/**
 * @module
 * Streamed responses (runtime-api.md §3.1): chunked body recorded chunk by chunk, error trailers decoded.
 */
import { performance } from 'node:perf_hooks';
import type { EmulatorCore } from './core.js';
import { lowerHeaders } from './http-util.js';
import type { Invocation } from './invocation.js';
import { normaliseErrorType, tooLargeFailure, truncatedFailure } from './outcome.js';
import { ACCEPTED, entityTooLarge, send, TRUNCATED_REQUEST } from './rendering.js';
import type { RouteContext } from './route-context.js';
import type { StreamChunk } from './types.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes the error-body trailer; a non-decodable value is kept as is (RAPID keeps it with empty details). */
function decodeErrorBody(value: string | undefined): Buffer {
  if (value === undefined) return Buffer.alloc(0);
  const trimmed = value.trim();
  return BASE64.test(trimmed) && trimmed.length % 4 === 0 ? Buffer.from(trimmed, 'base64') : Buffer.from(value);
}

/** Reads the stream to its end, forwarding chunks as they arrive, then settles the runtime's side. */
export async function recordStreamingResponse(
  core: EmulatorCore,
  ctx: RouteContext,
  invocation: Invocation,
): Promise<void> {
  const { req, res, record } = ctx;
  const { headers } = record;
  const limit = core.config.streamLimit;
  const chunks: StreamChunk[] = [];
  let size = 0;
  let over = false;
  invocation.streamStarted(headers['content-type']);
  await new Promise<void>((resolve) => {
    req.on('data', (data: Buffer) => {
      size += data.length;
      if (over) return;
      if (size > limit) {
        over = true;
        // The caller is cut off now; the runtime gets its 413 once it finishes sending.
        invocation.fail(tooLargeFailure(limit, { headers, streamed: true, chunks }));
        return;
      }
      chunks.push({ data, at: performance.now() });
      invocation.chunk(data);
    });
    req.once('end', resolve);
    req.once('close', resolve);
  });
  const body = Buffer.concat(chunks.map((c) => c.data));
  const trailers = lowerHeaders(req.trailers);
  record.body = body;
  record.trailers = trailers;
  const common = { headers, streamed: true, chunks, trailers, contentType: headers['content-type'] };
  if (!req.complete) {
    invocation.fail(truncatedFailure(common));
    return send(res, 400, TRUNCATED_REQUEST);
  }
  if (over) return send(res, 413, entityTooLarge(limit));
  const errorType = trailers['lambda-runtime-function-error-type'];
  const errorBody = trailers['lambda-runtime-function-error-body'];
  if (errorType || errorBody) {
    const decoded = decodeErrorBody(errorBody);
    invocation.finishRuntime({ ...common, status: 'error', body: decoded, errorType: normaliseErrorType(errorType) });
  } else {
    invocation.finishRuntime({ ...common, status: 'success', body });
  }
  // RAPID answers 202 even when the trailers carry an error.
  send(res, 202, ACCEPTED);
}
