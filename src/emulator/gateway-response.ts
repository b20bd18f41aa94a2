/**
 * @module
 * A function's result as the HTTP response a Function URL returns: buffered results interpreted as Lambda
 * documents it, streamed responses forwarded chunk by chunk after their HTTP integration prelude. The
 * bodies of platform errors (502) are UNVERIFIED against live AWS.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { send } from './rendering.js';
import type { InvocationOutcome } from './types.js';

/** Same value as the runtime's: the emulator plays the platform and does not import the runtime. */
const HTTP_INTEGRATION = 'application/vnd.awslambda.http-integration-response';
const DELIMITER = Buffer.alloc(8);
const MAX_PRELUDE = 64 * 1024;
const BAD_GATEWAY = JSON.stringify({ message: 'Internal Server Error' });

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Headers and `Set-Cookie` lines of a structured result or a prelude. */
function toHeaders(result: Record<string, unknown>, base: Record<string, string>): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = { ...base };
  if (isObject(result.headers)) for (const [name, value] of Object.entries(result.headers)) headers[name.toLowerCase()] = String(value);
  if (Array.isArray(result.cookies) && result.cookies.length > 0) headers['set-cookie'] = result.cookies.map(String);
  return headers;
}

/** 502, as a Function URL answers a failed, timed-out or unreadable invocation. */
export function badGateway(res: ServerResponse, base: Record<string, string>): void {
  send(res, 502, BAD_GATEWAY, base);
}

/**
 * A buffered result: an object with `statusCode` is a structured response (`isBase64Encoded` bodies decoded);
 * any other JSON is a 200 `application/json` response whose body is the string itself or the JSON text.
 */
export function sendBuffered(res: ServerResponse, outcome: InvocationOutcome, base: Record<string, string>): void {
  if (outcome.status !== 'success') return badGateway(res, base);
  let result: unknown;
  try {
    result = outcome.json();
  } catch {
    return badGateway(res, base);
  }
  if (!isObject(result) || !('statusCode' in result)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result);
    return send(res, 200, body, { ...base, 'Content-Type': 'application/json' });
  }
  const text = typeof result.body === 'string' ? result.body : '';
  const body = result.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text);
  try {
    res.writeHead(Number(result.statusCode ?? 200), { ...toHeaders(result, base), 'content-length': body.length });
  } catch {
    return badGateway(res, base); // a header node:http refuses (CR, LF) or a bad status
  }
  res.end(body);
}

/** Forwards a streamed response as it arrives; an error after the headers cuts the connection, as Lambda does. */
export class StreamForwarder {
  readonly #res: ServerResponse;
  readonly #base: Record<string, string>;
  #integration = false;
  #contentType = 'application/octet-stream';
  #prelude: Buffer | undefined;
  #failed = false;

  constructor(res: ServerResponse, base: Record<string, string>) {
    this.#res = res;
    this.#base = base;
  }

  /** The stream began with this content type. */
  start(contentType: string | undefined): void {
    this.#integration = contentType === HTTP_INTEGRATION;
    if (contentType && !this.#integration) this.#contentType = contentType;
    if (this.#integration) this.#prelude = Buffer.alloc(0);
  }

  /** One chunk from the function. */
  chunk(data: Buffer): void {
    const res = this.#res;
    if (res.destroyed || this.#failed) return;
    if (this.#prelude === undefined) {
      if (!res.headersSent) this.#open(200, { ...this.#base, 'content-type': this.#contentType });
      if (data.length > 0) res.write(data);
      return;
    }
    const buffered = Buffer.concat([this.#prelude, data]);
    const end = buffered.indexOf(DELIMITER);
    if (end < 0) {
      this.#prelude = buffered;
      if (buffered.length > MAX_PRELUDE) this.#fail();
      return;
    }
    this.#prelude = undefined;
    let prelude: unknown;
    try {
      prelude = JSON.parse(buffered.subarray(0, end).toString('utf8'));
    } catch {
      return this.#fail();
    }
    const fields = isObject(prelude) ? prelude : {};
    if (!this.#open(Number(fields.statusCode ?? 200), toHeaders(fields, this.#base))) return;
    const rest = buffered.subarray(end + DELIMITER.length);
    if (rest.length > 0) res.write(rest);
  }

  /** The invocation settled: end the response, or abort it if the stream failed after its headers. */
  finish(outcome: InvocationOutcome): void {
    const res = this.#res;
    if (res.destroyed) return;
    if (outcome.status !== 'success' || this.#prelude !== undefined || this.#failed) {
      if (res.headersSent) res.destroy();
      else badGateway(res, this.#base);
      return;
    }
    if (!res.headersSent) this.#open(200, { ...this.#base, 'content-type': this.#contentType });
    res.end();
  }

  #open(status: number, headers: OutgoingHttpHeaders): boolean {
    try {
      // No content-length: node:http answers chunked; headers go out now, before the first body byte.
      this.#res.writeHead(status, headers);
      this.#res.flushHeaders();
      return true;
    } catch {
      this.#fail();
      return false;
    }
  }

  #fail(): void {
    this.#failed = true;
    this.#prelude = undefined;
  }
}
