/**
 * @module
 * The one error hierarchy of lambda-kernel. Every class sets `name` and an `errorType`, the string Lambda
 * records for the failure (`Runtime.*` for the runtime's own faults, `Function.*` for limits). Messages say
 * what was wrong and how to fix it.
 */

/** Options shared by every lambda-kernel error. */
export interface LambdaKernelErrorOptions {
  cause?: unknown;
  /** Overrides the error type reported to Lambda. */
  errorType?: string;
}

/** Base class of every error thrown by lambda-kernel. */
export class LambdaKernelError extends Error {
  /** The `errorType` posted to the Runtime API for this error. */
  readonly errorType: string;

  constructor(message: string, options: LambdaKernelErrorOptions = {}, defaultType = 'Runtime.Unknown') {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.errorType = options.errorType ?? defaultType;
  }
}

/** The environment or the function's setup is wrong (missing variables, bad handler string, bad decorators). */
export class ConfigurationError extends LambdaKernelError {
  constructor(message: string, options: LambdaKernelErrorOptions = {}) {
    super(message, options, 'Runtime.ConfigInvalid');
  }
}

/** The handler named by `_HANDLER` could not be loaded (missing module, missing export, syntax error). */
export class HandlerLoadError extends LambdaKernelError {
  constructor(message: string, errorType: string, cause?: unknown) {
    super(message, { cause, errorType });
  }
}

/** The Runtime API answered with a status the runtime cannot continue from, or could not be reached. */
export class RuntimeApiError extends LambdaKernelError {
  constructor(
    message: string,
    readonly endpoint: string,
    readonly status?: number,
    options: LambdaKernelErrorOptions = {},
  ) {
    super(message, options, 'Runtime.ApiError');
  }
}

/** The invocation event could not be decoded (malformed JSON or malformed invocation headers). */
export class InvalidEventError extends LambdaKernelError {
  constructor(message: string, options: LambdaKernelErrorOptions = {}) {
    super(message, options, 'Runtime.InvalidEvent');
  }
}

/** The handler's result could not be serialised to JSON (a cycle, a BigInt). */
export class SerializationError extends LambdaKernelError {
  constructor(cause?: unknown) {
    super('Unable to stringify response body', { cause }, 'Runtime.JSONStringifyError');
  }
}

/** A response exceeded a Lambda size limit (6 MiB buffered, 200 MiB streamed). */
export class ResponseSizeError extends LambdaKernelError {
  constructor(
    readonly size: number,
    readonly limit: number,
    mode: 'buffered' | 'streamed' = 'buffered',
  ) {
    super(
      `The ${mode} response is ${size} bytes, over Lambda's limit of ${limit} bytes. ` +
        (mode === 'buffered'
          ? 'Return less data, or stream the response (@StreamHandler / runStream) for up to 200 MiB.'
          : 'Send less data, or hand the caller a link to it (for example a pre-signed S3 URL).'),
      {},
      'Function.ResponseSizeTooLarge',
    );
  }
}

/** A streaming response was used in a way the protocol cannot express (e.g. a content type set after the first byte). */
export class StreamingError extends LambdaKernelError {
  constructor(message: string, options: LambdaKernelErrorOptions = {}) {
    super(message, options, 'Runtime.InvalidStreamingOperation');
  }
}

/** An HTTP response header or cookie would break the response (a CR, LF or NUL in its name or value). */
export class InvalidHeaderError extends LambdaKernelError {
  constructor(readonly header: string, detail: string) {
    super(`Invalid HTTP response header ${JSON.stringify(header)}: ${detail}`, {}, 'Runtime.InvalidHeader');
  }
}

/** An invocation ran past its deadline. */
export class InvocationTimeoutError extends LambdaKernelError {
  constructor(readonly requestId: string, readonly deadlineMs: number) {
    super(
      `Invocation ${requestId} passed its deadline (${new Date(deadlineMs).toISOString()}). ` +
        'Raise the function timeout, or watch context.signal and stop work when it aborts.',
      {},
      'Sandbox.Timeout',
    );
  }
}

/** Initialisation (init code, `@OnInit()` hooks) did not finish within the init limit. */
export class InitTimeoutError extends LambdaKernelError {
  constructor(readonly limitMs: number) {
    super(
      `Initialization did not finish within ${limitMs} ms (Lambda's init limit for on-demand functions is 10 s): ` +
        'init code or an @OnInit() hook is still running. Find what hangs (a connection that never opens, an awaited ' +
        'promise that never settles), move slow work out of init, or raise the runtime option initTimeoutMs.',
      {},
      'Runtime.InitTimeout',
    );
  }
}

/** The execution environment shut down (SIGTERM) while an invocation was still running. */
export class ShutdownInterruptedError extends LambdaKernelError {
  constructor(readonly requestId: string, readonly signal: string, readonly waitedMs: number) {
    super(
      `The execution environment received ${signal} while invocation ${requestId} was running, and it did not ` +
        `finish within ${waitedMs} ms of the shutdown budget; the runtime exits without its result.`,
      {},
      'Runtime.ShutdownInterrupted',
    );
  }
}

/** A lifecycle hook failed; names the class and the hook. */
export class HookError extends LambdaKernelError {
  constructor(
    readonly hook: string,
    readonly target: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`@${hook}() of ${target} failed: ${reason}`, { cause, errorType: 'Runtime.HookError' });
  }
}

/** A `lambda-kernel` command line was wrong (unknown flag, missing value); the CLI exits with status 2. */
export class UsageError extends LambdaKernelError {
  constructor(message: string) {
    super(message, {}, 'Cli.Usage');
  }
}

/** A CLI command could not complete: bundling errors, a Node.js binary for another CPU, an unreachable dev server. */
export class CommandError extends LambdaKernelError {
  constructor(message: string, options: LambdaKernelErrorOptions = {}) {
    super(message, options, 'Cli.CommandFailed');
  }
}

/** True when a value is a lambda-kernel error. */
export function isLambdaKernelError(value: unknown): value is LambdaKernelError {
  return value instanceof LambdaKernelError;
}
