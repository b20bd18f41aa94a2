import { InvalidHeaderError } from '../../errors.js';

/** Status, headers and cookies of an HTTP response, for both the buffered and the streamed builder. */
export interface HttpResponseInit {
  /** Default 200. */
  statusCode?: number;
  headers?: { [name: string]: boolean | number | string };
  /** `Set-Cookie` values, one per cookie. */
  cookies?: string[];
  /** Shorthand for the `content-type` header. */
  contentType?: string;
}

// An HTTP token (RFC 9110 §5.6.2); it excludes CR, LF, NUL, spaces and the colon.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BREAKS_LINE = /[\r\n\0]/;

function checkValue(name: string, value: string): string {
  if (BREAKS_LINE.test(value)) {
    throw new InvalidHeaderError(name, 'its value contains a CR, LF or NUL character, which would split or end the header.');
  }
  return value;
}

/**
 * Validates and stringifies response headers (plus `contentType`, unless a content-type header is given).
 * @throws InvalidHeaderError for a name that is not an HTTP token or a value with CR, LF or NUL.
 */
export function checkHeaders(init: HttpResponseInit, defaultContentType?: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(init.headers ?? {})) {
    if (!TOKEN.test(name)) throw new InvalidHeaderError(name, 'a header name must be a non-empty HTTP token (no spaces, colons, CR, LF or NUL).');
    headers[name] = checkValue(name, String(value));
  }
  const contentType = init.contentType ?? defaultContentType;
  if (contentType !== undefined && !Object.keys(headers).some((n) => n.toLowerCase() === 'content-type')) {
    headers['content-type'] = checkValue('content-type', contentType);
  }
  return headers;
}

/** Validates `Set-Cookie` values. @throws InvalidHeaderError for a value with CR, LF or NUL. */
export function checkCookies(cookies: readonly string[] | undefined): string[] {
  return (cookies ?? []).map((cookie) => checkValue('set-cookie', String(cookie)));
}
