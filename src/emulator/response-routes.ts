/**
 * @module
 * `POST /runtime/invocation/{id}/response` and `/error` (runtime-api.md §1.3, §1.4).
 */
import type { EmulatorCore } from './core.js';
import { decodeSegment, readBody } from './http-util.js';
import type { Invocation } from './invocation.js';
import { normaliseErrorType, platformFailure, tooLargeFailure, truncatedFailure } from './outcome.js';
import {
  ACCEPTED,
  entityTooLarge,
  INVALID_REQUEST_ID,
  INVALID_RESPONSE_MODE,
  INVOKE_TIMEOUT,
  invalidStateTransition,
  send,
  TRUNCATED_REQUEST,
} from './rendering.js';
import type { RouteContext } from './route-context.js';
import { recordStreamingResponse } from './streaming-recorder.js';

/** Checks, in RAPID's order, that a post may target this id: returns the invocation or the refusal. */
function resolveTarget(
  core: EmulatorCore,
  ctx: RouteContext,
  to: string,
): Invocation | { status: number; body: string } {
  const id = decodeSegment(ctx.params[0] ?? '');
  const invocation = id ? core.queue.get(id) : undefined;
  if (invocation === undefined || invocation.state === 'queued') return { status: 400, body: INVALID_REQUEST_ID };
  if (invocation.timedOut) {
    // The Managed-Instances emulator answers 410 after a timeout; classic RAPID no longer knows the id.
    return core.managedInstances ? { status: 410, body: INVOKE_TIMEOUT } : { status: 400, body: INVALID_REQUEST_ID };
  }
  if (invocation.answered) return { status: 403, body: invalidStateTransition('RuntimeResponseSentState', to) };
  return invocation;
}

async function refuse(core: EmulatorCore, ctx: RouteContext, status: number, body: string): Promise<void> {
  ctx.record.body = (await readBody(ctx.req, core.config.responseLimit)).body;
  send(ctx.res, status, body);
}

/** Buffered or streamed function response. */
export async function handleResponse(core: EmulatorCore, ctx: RouteContext): Promise<void> {
  const target = resolveTarget(core, ctx, 'InvocationResponse');
  if (!('id' in target)) return refuse(core, ctx, target.status, target.body);
  const { headers } = ctx.record;
  const mode = headers['lambda-runtime-function-response-mode'];
  if (mode !== undefined && mode !== '' && mode !== 'streaming') {
    const message = `Invalid function response mode "${mode}"`;
    target.fail(platformFailure('error', 'Runtime.InvalidResponseModeHeader', message, { headers }));
    return refuse(core, ctx, 400, INVALID_RESPONSE_MODE);
  }
  target.answered = true;
  if (mode === 'streaming') return recordStreamingResponse(core, ctx, target);

  const limit = core.config.responseLimit;
  const read = await readBody(ctx.req, limit);
  ctx.record.body = read.body;
  ctx.record.trailers = read.trailers;
  if (!read.complete) {
    target.fail(truncatedFailure({ headers }));
    return send(ctx.res, 400, TRUNCATED_REQUEST);
  }
  if (read.size > limit) {
    target.fail(tooLargeFailure(limit, { headers }));
    return send(ctx.res, 413, entityTooLarge(limit));
  }
  target.finishRuntime({ status: 'success', body: read.body, contentType: headers['content-type'], headers });
  send(ctx.res, 202, ACCEPTED);
}

/** Function error: body as posted, error type normalised as RAPID does. */
export async function handleError(core: EmulatorCore, ctx: RouteContext): Promise<void> {
  const target = resolveTarget(core, ctx, 'InvocationErrorResponse');
  if (!('id' in target)) return refuse(core, ctx, target.status, target.body);
  target.answered = true;
  const { headers } = ctx.record;
  const read = await readBody(ctx.req, core.config.responseLimit);
  ctx.record.body = read.body;
  if (!read.complete) {
    target.fail(truncatedFailure({ headers }));
    return send(ctx.res, 400, TRUNCATED_REQUEST);
  }
  target.finishRuntime({
    status: 'error',
    body: read.body,
    contentType: headers['content-type'],
    headers,
    errorType: normaliseErrorType(headers['lambda-runtime-function-error-type']),
  });
  send(ctx.res, 202, ACCEPTED);
}
