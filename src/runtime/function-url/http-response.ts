import type { FunctionUrlResult } from './event.js';
import { checkCookies, checkHeaders, type HttpResponseInit } from './headers.js';

/** A buffered Function URL response as the handler returns it. */
export interface HttpResponse extends FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

function build(body: string, isBase64Encoded: boolean, init: HttpResponseInit, defaultType: string | undefined): HttpResponse {
  const headers = checkHeaders(init, defaultType);
  const cookies = checkCookies(init.cookies);
  return {
    statusCode: init.statusCode ?? 200,
    headers,
    ...(cookies.length > 0 ? { cookies } : {}),
    body,
    isBase64Encoded,
  };
}

/**
 * Builders of buffered Function URL responses: status, headers and cookies checked (CR, LF and NUL refused),
 * a content type chosen per kind, binary bodies base64-encoded with `isBase64Encoded`.
 * @example
 * return httpResponse.html('<h1>Hello</h1>', { cookies: ['seen=1; Path=/'] });
 * return httpResponse.binary(png, { contentType: 'image/png' });
 */
export const httpResponse = {
  /** A UTF-8 text body (`text/plain`). */
  text(body: string, init: HttpResponseInit = {}): HttpResponse {
    return build(body, false, init, 'text/plain; charset=utf-8');
  },
  /** An HTML page (`text/html`). */
  html(body: string, init: HttpResponseInit = {}): HttpResponse {
    return build(body, false, init, 'text/html; charset=utf-8');
  },
  /** A JSON body (`application/json`). */
  json(value: unknown, init: HttpResponseInit = {}): HttpResponse {
    return build(JSON.stringify(value) ?? 'null', false, init, 'application/json');
  },
  /** Bytes, sent base64-encoded (`application/octet-stream` unless `contentType` says otherwise). */
  binary(body: Uint8Array, init: HttpResponseInit = {}): HttpResponse {
    return build(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('base64'), true, init, 'application/octet-stream');
  },
  /** A redirect to `location` (302 by default), with no body. */
  redirect(location: string, statusCode = 302, init: HttpResponseInit = {}): HttpResponse {
    return build('', false, { ...init, statusCode, headers: { ...init.headers, location } }, undefined);
  },
  /** A response with no body (204 by default). */
  empty(statusCode = 204, init: HttpResponseInit = {}): HttpResponse {
    return build('', false, { ...init, statusCode }, undefined);
  },
};
