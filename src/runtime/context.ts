import { InvalidEventError, InvocationTimeoutError } from '../errors.js';
import type { FunctionConfig } from './config.js';
import { readRuntimeMetadata, type RuntimeMetadata } from './metadata.js';

/** The mobile SDK client context of an invocation (`Lambda-Runtime-Client-Context`). */
export interface ClientContext {
  client?: { installation_id?: string; app_title?: string; app_version_code?: string; app_package_name?: string };
  custom?: Record<string, unknown>;
  env?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The Cognito identity of an invocation (`Lambda-Runtime-Cognito-Identity`). */
export interface CognitoIdentity {
  cognitoIdentityId: string;
  cognitoIdentityPoolId: string;
}

/** How long before the deadline `context.signal` aborts, leaving time to post a result. */
export const ABORT_MARGIN_MS = 250;
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Unix epoch milliseconds from digits only, else NaN. A loop, not a regular expression and `Number()`: it runs
 * on every invocation, and both cost more in V8's runtime than this in optimised code.
 */
function parseEpochMs(value: string | undefined): number {
  if (value === undefined || value.length === 0) return Number.NaN;
  let ms = 0;
  for (let i = 0; i < value.length; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    ms = ms * 10 + digit;
  }
  // Past 15 digits the sum may round differently from the parser; no real deadline is that long.
  return value.length > 15 ? Number(value) : ms;
}

function parseJsonHeader<T>(headers: Record<string, string>, key: string, name: string): T | undefined {
  const raw = headers[key];
  if (raw === undefined || raw === '') return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch (err) {
    throw new InvalidEventError(`The ${name} header is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Everything about one invocation: ids, deadline, trace, caller identity, the raw event, an AbortSignal
 * that fires {@link ABORT_MARGIN_MS} before the deadline, and the function's configuration.
 * Its fields also match `Context` from `@types/aws-lambda` for code written against AWS's runtime.
 */
export class InvocationContext {
  readonly requestId: string;
  /** Absolute deadline, Unix epoch milliseconds. */
  readonly deadlineMs: number;
  readonly invokedFunctionArn: string;
  /** The X-Ray trace header (`Root=…;Parent=…;Sampled=…`). */
  readonly traceId: string | undefined;
  readonly clientContext: ClientContext | undefined;
  readonly identity: CognitoIdentity | undefined;
  readonly tenantId: string | undefined;
  /** The event exactly as received. */
  readonly rawEvent: Buffer;
  /** The function configuration read at init. */
  readonly function: FunctionConfig;
  readonly callbackWaitsForEmptyEventLoop = false;
  #controller: AbortController | undefined;
  #timer: NodeJS.Timeout | undefined;
  #terminate = false;

  /** Builds the context from `/next` headers. @throws InvalidEventError for malformed headers. */
  constructor(headers: Record<string, string>, rawEvent: Buffer, config: FunctionConfig) {
    this.requestId = headers['lambda-runtime-aws-request-id'] ?? '';
    const deadline = headers['lambda-runtime-deadline-ms'];
    this.deadlineMs = parseEpochMs(deadline);
    this.invokedFunctionArn = headers['lambda-runtime-invoked-function-arn'] ?? '';
    this.traceId = headers['lambda-runtime-trace-id'] || undefined;
    this.tenantId = headers['lambda-runtime-aws-tenant-id'] || undefined;
    this.rawEvent = rawEvent;
    this.function = config;
    this.clientContext = parseJsonHeader<ClientContext>(headers, 'lambda-runtime-client-context', 'Lambda-Runtime-Client-Context');
    this.identity = parseJsonHeader<CognitoIdentity>(headers, 'lambda-runtime-cognito-identity', 'Lambda-Runtime-Cognito-Identity');
    if (Number.isNaN(this.deadlineMs)) {
      throw new InvalidEventError(
        `The Lambda-Runtime-Deadline-Ms header is ${deadline === undefined ? 'missing' : `"${deadline}"`}; ` +
          'expected Unix epoch milliseconds. The Runtime API sent a malformed invocation.',
      );
    }
  }

  /** Same as `requestId`, under the name AWS's `Context` uses. */
  get awsRequestId(): string {
    return this.requestId;
  }
  get functionName(): string {
    return this.function.functionName ?? '';
  }
  get functionVersion(): string {
    return this.function.functionVersion ?? '';
  }
  /** Memory in MB as a string, as AWS's `Context` has it; `function.memorySizeMb` is the number. */
  get memoryLimitInMB(): string {
    return String(this.function.memorySizeMb ?? '');
  }
  get logGroupName(): string {
    return this.function.logGroupName ?? '';
  }
  get logStreamName(): string {
    return this.function.logStreamName ?? '';
  }

  /** Milliseconds left before the deadline (negative once it has passed). */
  getRemainingTimeInMillis(): number {
    return this.deadlineMs - Date.now();
  }

  /** Aborts {@link ABORT_MARGIN_MS} before the deadline with an InvocationTimeoutError. Created on first use. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      const controller = new AbortController();
      const abort = () => controller.abort(new InvocationTimeoutError(this.requestId, this.deadlineMs));
      const delay = this.deadlineMs - ABORT_MARGIN_MS - Date.now();
      if (delay <= 0) abort();
      // Past 2^31-1 ms Node fires a timer after 1 ms; no invocation lives that long, so such a deadline never aborts.
      else if (delay <= MAX_TIMER_MS) this.#timer = setTimeout(abort, delay).unref();
      this.#controller = controller;
    }
    return this.#controller.signal;
  }

  /** Reads an environment variable. */
  env(key: string): string | undefined {
    return process.env[key];
  }

  /** After this invocation's response is posted, exit instead of asking for another invocation. */
  forceTerminateAfterResponse(): void {
    this.#terminate = true;
  }

  /** True once {@link forceTerminateAfterResponse} was called. */
  get terminateRequested(): boolean {
    return this.#terminate;
  }

  /** The Runtime Metadata API's answer (availability zone id), read once per process. */
  runtimeMetadata(): Promise<RuntimeMetadata> {
    return readRuntimeMetadata();
  }

  /** Stops the deadline timer; the runtime calls it when the invocation ends. */
  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
