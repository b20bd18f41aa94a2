/**
 * @module
 * Public types of the Runtime API emulator (dev tooling; see /work/shared/runtime-api.md for the protocol).
 */

/** Options of {@link RuntimeApiEmulator.start}. */
export interface EmulatorOptions {
  /** Interface to bind. Default `'127.0.0.1'`. */
  host?: string;
  /** Port to bind; 0 picks a free one. Default 0. */
  port?: number;
  /** Invocations handed out at once, extra invokes queue; above 1 it emulates Managed Instances. Default 1. */
  maxConcurrency?: number;
  /** Function timeout per invocation in ms. Default 300_000. */
  timeoutMs?: number;
  /** Defaults: `'test-function'`, `'$LATEST'`, 128, `'us-east-1'`. */
  functionName?: string;
  functionVersion?: string;
  memorySizeMb?: number;
  region?: string;
  /** Buffered response limit in bytes. Default 6_291_556 (6 MiB + 100, RIE `MaxPayloadSize`). */
  responseLimit?: number;
  /** Streamed response limit in bytes. Default 200 MiB. */
  streamLimit?: number;
  /** Handler string: exported as `_HANDLER` by `functionEnv()` and returned by extension registration. */
  handler?: string;
  /** Account id used in the default function ARN and the `accountId` registration feature. Default '123456789012'. */
  accountId?: string;
}

/** Per-invocation options of {@link RuntimeApiEmulator.invoke}. */
export interface InvokeOptions {
  /** Default: a random UUID. */
  requestId?: string;
  /** Overrides the emulator's function timeout for this invocation. */
  timeoutMs?: number;
  /** Value of the `Lambda-Runtime-Deadline-Ms` header only; the emulator's timer still uses `timeoutMs`. */
  deadlineMs?: number;
  /** Default: `arn:aws:lambda:<region>:<account>:function:<name>`. */
  functionArn?: string;
  traceId?: string;
  /** Objects are JSON-encoded. */
  clientContext?: string | object;
  /** Objects are JSON-encoded. */
  cognitoIdentity?: string | object;
  tenantId?: string;
  /** Content type of the event. Default `'application/json'` (as RIE). */
  contentType?: string;
  /** Raw overrides of the `/next` response headers; `undefined` removes one. Matched case-insensitively. */
  headers?: Record<string, string | undefined>;
  /** Called when a streamed response starts, with its content type (before any chunk). */
  onStreamStart?: (contentType: string | undefined) => void;
  /** Called for each streamed chunk as it arrives (before the outcome settles). */
  onChunk?: (data: Buffer) => void;
}

/** How an invocation ended. `crash`: the spawned function process exited while it was in flight. */
export type OutcomeStatus = 'success' | 'error' | 'timeout' | 'crash';

/** A parsed error body (the documented shape, plus the Node clients' `trace` and any other field). */
export interface ErrorDetails {
  errorType?: string;
  errorMessage?: string;
  stackTrace?: string[];
  trace?: string[];
  [field: string]: unknown;
}

/** One streamed chunk and when it arrived (`performance.now()`). */
export interface StreamChunk {
  data: Buffer;
  at: number;
}

/** The result of one invocation as the platform saw it. */
export interface InvocationOutcome {
  requestId: string;
  status: OutcomeStatus;
  /** Response bytes (buffered or whole stream), or the error body. */
  body: Buffer;
  contentType?: string;
  /** Lower-cased headers of the runtime's POST (empty for platform failures). */
  headers: Record<string, string>;
  /** Normalised as RAPID does (runtime-api.md §1.4), or the platform's own type (`Sandbox.Timeout`, ...). */
  errorType?: string;
  error?: ErrorDetails;
  streamed: boolean;
  chunks: StreamChunk[];
  trailers: Record<string, string>;
  json<T = unknown>(): T;
  text(): string;
}

/** One request the runtime (or an extension) made to the emulator. */
export interface RecordedRequest {
  method: string;
  /** Raw request target, still percent-encoded. */
  path: string;
  /** Lower-cased. */
  headers: Record<string, string>;
  body: Buffer;
  trailers: Record<string, string>;
  /** Status the emulator answered with; 0 while unanswered, or when reset/hung/dropped. */
  status: number;
  /** Arrival time (`performance.now()`). */
  at: number;
}

/** Routes a {@link Fault} can target. */
export type FaultRoute = 'next' | 'response' | 'error' | 'init-error' | 'register' | 'extension-next';

/**
 * A one-shot (or `times`) fault for the next matching request(s). With `status`, the emulator answers with that
 * status and `body` (default: the RIE body for that status) instead of handling the request; a faulted
 * `response`/`error` leaves the invocation pending, except 413, which fails it with `Function.ResponseSizeTooLarge`
 * as RAPID does. `reset` destroys the socket, `hang` never answers (until close), `delay` waits then handles normally.
 */
export interface Fault {
  route: FaultRoute;
  times?: number;
  status?: number;
  body?: unknown;
  action?: 'reset' | 'hang' | 'delay';
  delayMs?: number;
}

/** Reasons of {@link RuntimeApiEmulator.shutdown} (RAPID spells them lower-case). */
export type ShutdownReason = 'spindown' | 'timeout' | 'failure';

/** What happened to the function process at shutdown. */
export interface ShutdownReport {
  /** True when SIGTERM was sent (only with at least one registered extension, as Lambda). */
  signalSent: boolean;
  exitCode: number | null;
  signal: string | null;
  /** Milliseconds from the start of the shutdown to the process exit; null when no process was running. */
  exitedWithinMs: number | null;
  reason: ShutdownReason;
}

/** How to start the function process. */
export interface FunctionSpec {
  command: string;
  args?: string[];
  /** Added on top of a minimal base (PATH, LANG, TZ) and `functionEnv()`; the test process env is not inherited. */
  env?: Record<string, string>;
  cwd?: string;
  onOutput?: (line: string, stream: 'stdout' | 'stderr') => void;
}

/** Exit status of a function process. */
export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}
