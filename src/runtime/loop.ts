import { InvalidEventError, type RuntimeApiError } from '../errors.js';
import type { RuntimeApiClient } from './client.js';
import type { FunctionConfig } from './config.js';
import { InvocationContext } from './context.js';
import { Invocation } from './invocation.js';
import { runInInvocation } from './invocation-store.js';
import type { Logger } from './logging/index.js';
import { setTraceEnv } from './trace-env.js';

/** Runs one invocation and answers it through `invocation.respond`, `fail` or a stream. */
export type InvocationDriver = (invocation: Invocation) => Promise<void>;

/** How events are decoded before the driver sees them. */
export type EventDecoding = 'json' | 'raw';

/** What one loop needs. */
export interface LoopOptions {
  client: RuntimeApiClient;
  config: FunctionConfig;
  driver: InvocationDriver;
  logger: Logger;
  decoding?: EventDecoding;
  /** Write `_X_AMZN_TRACE_ID` per invocation (single-concurrency mode only, §1.7). */
  traceEnv?: boolean;
  /** Retry `/next` transport errors with back-off (multi-concurrency mode, §1.6). */
  retryNext?: boolean;
  /** Checked before each `/next`: true stops the loop. */
  stopped?: () => boolean;
  /** Called when an invocation starts and ends (the runtime tracks in-flight invocations). */
  track?: (invocation: Invocation, active: boolean) => void;
}

/** Why a loop ended and the exit code the process should use. */
export interface LoopExit {
  code: number;
  reason: 'terminate' | 'stopped' | 'runtime-api';
  error?: RuntimeApiError;
}

const RETRY_START_MS = 100;
const RETRY_CAP_MS = 90_000;
const RETRY_LIMIT = 19;

/** Parses the event; a blank payload is `undefined`. @throws InvalidEventError for malformed JSON. */
export function decodeEvent(body: Buffer, decoding: EventDecoding): unknown {
  if (decoding === 'raw') return body;
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new InvalidEventError(
      `The event is not valid JSON (${(err as Error).message}). Send a JSON payload, or decode events ` +
        "yourself with the runtime option { decoding: 'raw' } (the bytes are also on context.rawEvent).",
      { cause: err },
    );
  }
}

/**
 * The runtime loop: `/next` → context → driver → answer, until the Runtime API fails or a handler asks to
 * terminate. It knows nothing about handlers; the driver does.
 */
export async function runLoop(options: LoopOptions): Promise<LoopExit> {
  const { client, config, driver, logger, decoding = 'json', traceEnv = false } = options;
  let failures = 0;
  for (;;) {
    if (options.stopped?.()) return { code: 0, reason: 'stopped' };
    let next;
    try {
      next = await client.next();
      failures = 0;
    } catch (err) {
      const error = err as RuntimeApiError;
      if (options.stopped?.()) return { code: 0, reason: 'stopped' };
      if (options.retryNext && error.status === undefined && failures < RETRY_LIMIT) {
        const delay = Math.min(RETRY_START_MS * 2 ** failures++, RETRY_CAP_MS);
        logger.warn(`${error.message}; retrying in ${delay} ms`);
        await new Promise((resolve) => setTimeout(resolve, delay));
        continue;
      }
      logger.error(error.message);
      return { code: 1, reason: 'runtime-api', error };
    }
    const invocation = open(next.headers, next.body, options, decoding);
    if (invocation instanceof Promise) {
      const fatal = await invocation;
      if (fatal) return { code: 1, reason: 'runtime-api', error: fatal };
      continue;
    }
    const { context } = invocation;
    if (traceEnv) setTraceEnv(context.traceId);
    options.track?.(invocation, true);
    try {
      await runInInvocation(context, () => driver(invocation));
    } catch (err) {
      // Drivers answer handler errors themselves; this catches a driver's own fault.
      if (!invocation.answered) await invocation.fail(err);
      else logger.error('Error after the invocation was answered:', err);
    } finally {
      context.dispose();
      options.track?.(invocation, false);
    }
    if (!invocation.answered) {
      await invocation.fail(new Error('The handler finished without answering the invocation.'));
    }
    if (invocation.fatal) return { code: 1, reason: 'runtime-api', error: invocation.fatal };
    if (context.terminateRequested) return { code: 0, reason: 'terminate' };
  }
}

/** Builds the invocation, or reports a malformed one and resolves to a fatal error if posting failed. */
function open(
  headers: Record<string, string>,
  body: Buffer,
  options: LoopOptions,
  decoding: EventDecoding,
): Invocation | Promise<RuntimeApiError | undefined> {
  const { client, config, logger } = options;
  if (!headers['lambda-runtime-aws-request-id']) {
    // Nothing can be answered without an id, so the handler must not run (its side effects would be orphaned);
    // the emulator accepts the next /next (real Lambda: UNVERIFIED).
    logger.error('The Runtime API sent an invocation without Lambda-Runtime-Aws-Request-Id; skipping it.');
    return Promise.resolve(undefined);
  }
  try {
    const context = new InvocationContext(headers, body, config);
    return new Invocation(context, decodeEvent(body, decoding), client, logger);
  } catch (err) {
    const stub = new InvocationContext(
      { ...headers, 'lambda-runtime-deadline-ms': String(Date.now()), 'lambda-runtime-client-context': '', 'lambda-runtime-cognito-identity': '' },
      body,
      config,
    );
    const invocation = new Invocation(stub, undefined, client, logger);
    return runInInvocation(stub, () => invocation.fail(err)).then(() => invocation.fatal);
  }
}
