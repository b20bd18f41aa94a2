import type { ResponseStream } from '../streaming/response-stream.js';
import { checkCookies, checkHeaders, type HttpResponseInit } from './headers.js';

/** Content type of a streamed response carrying an HTTP status, headers and cookies (runtime-api.md §3.3). */
export const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';

/** Eight NUL bytes end the JSON prelude; JSON.stringify escapes NUL, so the prelude never contains one. */
const DELIMITER = Buffer.alloc(8);

/**
 * Starts a streamed HTTP response (Function URL in RESPONSE_STREAM mode, API Gateway streaming): the JSON
 * prelude `{statusCode, headers, cookies}` and 8 NUL bytes go out at once, before any body byte, so they
 * are sent even when the handler writes no body. Returns the stream, ready for the body.
 * @throws InvalidHeaderError for a bad header name or a CR, LF or NUL in a value or cookie.
 * @example
 * openHttpStream(stream, { statusCode: 206, contentType: 'text/html' });
 * await stream.publish('<p>first update</p>');
 */
export function openHttpStream(stream: ResponseStream, init: HttpResponseInit = {}): ResponseStream {
  const prelude = { statusCode: init.statusCode ?? 200, headers: checkHeaders(init), cookies: checkCookies(init.cookies) };
  return stream.openWith(HTTP_INTEGRATION_CONTENT_TYPE, Buffer.concat([Buffer.from(JSON.stringify(prelude)), DELIMITER]));
}
