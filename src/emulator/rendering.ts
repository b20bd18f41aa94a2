/**
 * @module
 * Bodies the Runtime API answers with. RAPID renders them with Go's json.Encoder: `errorMessage` before
 * `errorType`, and a trailing newline (RIE `rapi/rendering`).
 */
import type { ServerResponse } from 'node:http';

/** The RIE `MaxPayloadSize`: 6 MiB + 100 bytes. */
export const MAX_PAYLOAD_SIZE = 6 * 1024 * 1024 + 100;

/** Renders a RAPID error body. */
export function rapidError(errorType: string, errorMessage: string): string {
  return `${JSON.stringify({ errorMessage, errorType })}\n`;
}

/** 202 body of every accepted post. */
export const ACCEPTED = `${JSON.stringify({ status: 'OK' })}\n`;
/** 400: unknown, empty or not-current request id. */
export const INVALID_REQUEST_ID = rapidError('InvalidRequestID', 'Invalid request ID');
/** 400: `Lambda-Runtime-Function-Response-Mode` other than `streaming`. */
export const INVALID_RESPONSE_MODE = rapidError('InvalidFunctionResponseMode', 'Invalid function response mode');
/** 400: the body ended early. */
export const TRUNCATED_REQUEST = rapidError('TruncatedHTTPRequest', 'HTTP request detected as truncated');
/** 500: "non-recoverable state, runtime should exit promptly". */
export const INTERNAL_SERVER_ERROR = rapidError('InternalServerError', 'Internal Server Error');
/** 410 of the Managed-Instances emulator for posts after the invocation timed out. */
export const INVOKE_TIMEOUT = rapidError('InvokeTimeout', 'Invoke timeout');

/** 413 body; RIE prints its payload limit. */
export function entityTooLarge(limit: number): string {
  return rapidError('RequestEntityTooLarge', `Exceeded maximum allowed payload size (${limit} bytes).`);
}

/** 403 body of RAPID's runtime state machine (`ErrNotAllowed`). */
export function invalidStateTransition(from: string, to: string): string {
  return rapidError(
    'InvalidStateTransition',
    `State transition from ${from} to ${to} failed for runtime. Error: State transition is not allowed`,
  );
}

/** Unknown route. RIE's router answers a plain-text 404; the brief asks for JSON. */
export function notFound(method: string, path: string): string {
  return rapidError('NotFound', `No route for ${method} ${path}`);
}

/** The body used for a fault that gives a status but no body. */
export function defaultFaultBody(status: number): string {
  switch (status) {
    case 202:
      return ACCEPTED;
    case 400:
      return INVALID_REQUEST_ID;
    case 403:
      return invalidStateTransition('Ready', 'Running');
    case 410:
      return INVOKE_TIMEOUT;
    case 413:
      return entityTooLarge(MAX_PAYLOAD_SIZE);
    case 500:
      return INTERNAL_SERVER_ERROR;
    default:
      return rapidError('InjectedFault', `Injected fault with status ${status}`);
  }
}

/** Writes a complete response unless the socket is gone or a response was already started. */
export function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
}
