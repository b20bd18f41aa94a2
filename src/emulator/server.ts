/**
 * @module
 * The node:http server: routing, request recording and fault injection in front of the handlers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { EmulatorCore } from './core.js';
import { applyFault, isFaultRoute, isTerminal } from './faults.js';
import { readBody, sleep } from './http-util.js';
import { handleInvoke } from './invoke-endpoint.js';
import { INTERNAL_SERVER_ERROR, notFound, send } from './rendering.js';
import { handleError, handleResponse } from './response-routes.js';
import type { RouteContext } from './route-context.js';
import type { FaultRoute } from './types.js';
import { handleInitError, handleNext } from './runtime-routes.js';

type RouteName = FaultRoute | 'extension-error' | 'invoke';

// Only the /2018-06-01 (runtime) and /2020-01-01 (extensions) APIs, plus RIE's invoke endpoint.
const ROUTES: { method: string; pattern: RegExp; name: RouteName }[] = [
  { method: 'GET', pattern: /^\/2018-06-01\/runtime\/invocation\/next$/, name: 'next' },
  { method: 'POST', pattern: /^\/2018-06-01\/runtime\/invocation\/([^/]*)\/response$/, name: 'response' },
  { method: 'POST', pattern: /^\/2018-06-01\/runtime\/invocation\/([^/]*)\/error$/, name: 'error' },
  { method: 'POST', pattern: /^\/2018-06-01\/runtime\/init\/error$/, name: 'init-error' },
  { method: 'POST', pattern: /^\/2020-01-01\/extension\/register$/, name: 'register' },
  { method: 'GET', pattern: /^\/2020-01-01\/extension\/event\/next$/, name: 'extension-next' },
  { method: 'POST', pattern: /^\/2020-01-01\/extension\/(?:init|exit)\/error$/, name: 'extension-error' },
  { method: 'POST', pattern: /^\/2015-03-31\/functions\/function\/invocations$/, name: 'invoke' },
];

function route(method: string | undefined, url: string | undefined): { name: RouteName; params: string[] } | undefined {
  const path = (url ?? '/').split('?')[0] ?? '/';
  for (const r of ROUTES) {
    const match = r.method === method ? r.pattern.exec(path) : null;
    if (match !== null) return { name: r.name, params: match.slice(1) };
  }
  return undefined;
}

async function handle(core: EmulatorCore, name: Exclude<RouteName, 'invoke'>, ctx: RouteContext): Promise<void> {
  const body = async (): Promise<Buffer> => {
    ctx.record.body = (await readBody(ctx.req, core.config.responseLimit)).body;
    return ctx.record.body;
  };
  switch (name) {
    case 'next':
      return handleNext(core, ctx);
    case 'response':
      return handleResponse(core, ctx);
    case 'error':
      return handleError(core, ctx);
    case 'init-error':
      return handleInitError(core, ctx);
    case 'register':
      return core.extensions.register(ctx.record.headers, await body(), ctx.res);
    case 'extension-next':
      await body();
      return core.extensions.next(ctx.record.headers, ctx.res);
    case 'extension-error':
      await body();
      return core.extensions.reportError(ctx.record.headers, ctx.res);
  }
}

async function dispatch(core: EmulatorCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const matched = route(req.method, req.url);
  if (matched?.name === 'invoke') return handleInvoke(core, req, res);
  const record = core.log.begin(req);
  core.log.track(record, res);
  const ctx: RouteContext = { req, res, record, params: matched?.params ?? [] };
  if (matched === undefined) {
    record.body = (await readBody(req, core.config.responseLimit)).body;
    return send(res, 404, notFound(record.method, record.path));
  }
  if (matched.name === 'init-error') core.log.initErrors.push(record);
  const fault = isFaultRoute(matched.name) ? core.faults.take(matched.name) : undefined;
  if (fault?.action === 'delay') await sleep(fault.delayMs ?? 0);
  if (core.closed) return void res.destroy();
  if (fault !== undefined && isTerminal(fault)) {
    const read = await readBody(req, core.config.responseLimit);
    record.body = read.body;
    record.trailers = read.trailers;
    if (fault.status === 413 && (matched.name === 'response' || matched.name === 'error')) {
      core.failTooLarge(matched.params[0]);
    }
    return applyFault(fault, res, record, core.log);
  }
  return handle(core, matched.name, ctx);
}

/** Creates the emulator's HTTP server (not yet listening). */
export function createEmulatorServer(core: EmulatorCore): Server {
  // Long polls and long streams: no request/headers timeout, and keep-alive sockets never expire.
  const server = createServer({ requestTimeout: 0, headersTimeout: 0, keepAlive: true }, (req, res) => {
    req.on('error', () => undefined); // an aborted body is seen through 'close'
    dispatch(core, req, res).catch(() => send(res, 500, INTERNAL_SERVER_ERROR));
  });
  server.keepAliveTimeout = 0;
  return server;
}
