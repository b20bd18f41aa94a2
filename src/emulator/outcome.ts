/**
 * @module
 * Building {@link InvocationOutcome}s: the runtime's result, or a platform-side failure.
 */
import type { ErrorDetails, InvocationOutcome, OutcomeStatus, StreamChunk } from './types.js';

/** Everything an outcome is made of, minus its request id and methods. */
export interface OutcomeParts {
  status: OutcomeStatus;
  body: Buffer;
  contentType?: string;
  headers?: Record<string, string>;
  errorType?: string;
  streamed?: boolean;
  chunks?: StreamChunk[];
  trailers?: Record<string, string>;
}

const VALID_ERROR_TYPE = /(Runtime|Function)\.[A-Z][a-zA-Z]+/;

/**
 * RAPID's `GetValidRuntimeOrFunctionErrorType`: a value containing `(Runtime|Function).Xxx` is kept whole,
 * else `Function.Unknown` for a `Function.` prefix, else `Runtime.Unknown` (also when the header is absent).
 */
export function normaliseErrorType(raw: string | undefined): string {
  const value = raw ?? '';
  if (VALID_ERROR_TYPE.test(value)) return value;
  return value.startsWith('Function.') ? 'Function.Unknown' : 'Runtime.Unknown';
}

/** Parses an error body; undefined when it is not a JSON object. */
export function parseErrorBody(body: Buffer): ErrorDetails | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    const isObject = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
    return isObject ? (parsed as ErrorDetails) : undefined;
  } catch {
    return undefined;
  }
}

/** True when the bytes parse as JSON (RIE picks the stored content type of init errors this way). */
export function isJson(body: Buffer): boolean {
  try {
    JSON.parse(body.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

/**
 * A failure decided by the platform (timeout, crash, size limit). The body mimics what Lambda returns to a
 * synchronous caller; the exact live-AWS wording is UNVERIFIED (a third-party page shows the console printing
 * `Sandbox.Timedout` for timeouts, RAPID's constant is `Sandbox.Timeout`).
 */
export function platformFailure(
  status: OutcomeStatus,
  errorType: string,
  errorMessage: string,
  extra: Partial<OutcomeParts> = {},
): OutcomeParts {
  return { ...extra, status, errorType, body: Buffer.from(JSON.stringify({ errorType, errorMessage })) };
}

/** The failure recorded for an oversized response (wording UNVERIFIED against live AWS). */
export function tooLargeFailure(limit: number, extra: Partial<OutcomeParts> = {}): OutcomeParts {
  const message = `Response payload size exceeded maximum allowed payload size (${limit} bytes).`;
  return platformFailure('error', 'Function.ResponseSizeTooLarge', message, extra);
}

/** The failure RAPID records when the runtime's request body ended early. */
export function truncatedFailure(extra: Partial<OutcomeParts> = {}): OutcomeParts {
  const message = 'The runtime closed the connection before the response was complete';
  return platformFailure('error', 'Runtime.TruncatedResponse', message, extra);
}

/** Assembles the public outcome object. */
export function buildOutcome(requestId: string, parts: OutcomeParts): InvocationOutcome {
  const { body } = parts;
  const error = parts.status === 'success' ? undefined : parseErrorBody(body);
  return {
    requestId,
    status: parts.status,
    body,
    ...(parts.contentType === undefined ? {} : { contentType: parts.contentType }),
    headers: parts.headers ?? {},
    ...(parts.errorType === undefined ? {} : { errorType: parts.errorType }),
    ...(error === undefined ? {} : { error }),
    streamed: parts.streamed ?? false,
    chunks: parts.chunks ?? [],
    trailers: parts.trailers ?? {},
    json<T = unknown>(): T {
      return JSON.parse(body.toString('utf8')) as T;
    },
    text(): string {
      return body.toString('utf8');
    },
  };
}
