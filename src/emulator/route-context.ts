/**
 * @module
 * What every recorded route handler receives.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RecordedRequest } from './types.js';

/** One routed request. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** The journal entry; handlers fill in `body` and `trailers`. */
  record: RecordedRequest;
  /** Raw (still percent-encoded) path parameters. */
  params: string[];
}
