/**
 * @module
 * `GET /runtime/invocation/next` and `POST /runtime/init/error` (runtime-api.md §1.2, §1.5).
 */
import type { EmulatorCore } from './core.js';
import { readBody } from './http-util.js';
import { isJson } from './outcome.js';
import { ACCEPTED, invalidStateTransition, send } from './rendering.js';
import type { RouteContext } from './route-context.js';

/** Long-polls until an invocation is available and a concurrency slot is free. */
export async function handleNext(core: EmulatorCore, { req, res, record }: RouteContext): Promise<void> {
  record.body = (await readBody(req, core.config.responseLimit)).body;
  if (res.destroyed) return;
  core.runtimeNext();
  core.queue.park(res);
}

/** Accepted only during Init; fails every pending invocation (or the next one) with the posted error. */
export async function handleInitError(core: EmulatorCore, { req, res, record }: RouteContext): Promise<void> {
  const { body } = await readBody(req, core.config.responseLimit);
  record.body = body;
  if (!core.initPhase) {
    const from = core.queue.inflight.length > 0 ? 'Running' : 'Ready';
    return send(res, 403, invalidStateTransition(from, 'InitError'));
  }
  core.initError({
    status: 'error',
    body,
    contentType: isJson(body) ? 'application/json' : 'application/octet-stream',
    headers: record.headers,
    // RIE stores the init error type as sent (no normalisation on this route).
    errorType: record.headers['lambda-runtime-function-error-type'] || 'Runtime.Unknown',
  });
  send(res, 202, ACCEPTED);
}
