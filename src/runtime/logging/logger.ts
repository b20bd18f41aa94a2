/**
 * @module
 * The runtime's structured logger: AWS's TEXT/JSON line formats (spec §5), level filtering with a build-time floor,
 * redaction, and per-invocation fields read from a context getter (an AsyncLocalStorage store in the runtime).
 */
import { formatError } from './format-error.js';
import { jsonLine, serializeFields, textLine, type LineContext } from './format-line.js';
import { LEVEL_PRIORITY, parseLogLevel, readBuildLogFloor, readLogSettings, stricterLevel } from './levels.js';
import type { LogFormat, LogLevel } from './levels.js';
import { Redactor } from './redact.js';

/** Fields of the current invocation; only `requestId` and `tenantId` appear in lines. */
export interface LogFields {
  requestId?: string;
  tenantId?: string;
  [key: string]: unknown;
}

/** Options of {@link Logger}; unset `format`/`level` come from `AWS_LAMBDA_LOG_FORMAT`/`AWS_LAMBDA_LOG_LEVEL`. */
export interface LoggerOptions {
  format?: LogFormat;
  level?: LogLevel;
  /** Receives each line, trailing '\n' included. Default: `process.stdout.write`. */
  write?: (line: string) => void;
  /** Current invocation fields, read at each call. */
  context?: () => LogFields | undefined;
  /** Static extra fields for JSON lines, serialised once at construction (used by `child()`). */
  fields?: Record<string, unknown>;
  /** Keys redacted in addition to `DEFAULT_REDACTED_KEYS` (case-insensitive). */
  redact?: readonly string[];
  /** Source of line timestamps. Default: `new Date()`. */
  clock?: () => Date;
}

/** A logging method; disabled levels get a shared no-op. */
export type LogMethod = (...args: unknown[]) => void;

const noop: LogMethod = () => {};
const writeStdout = (line: string): void => {
  process.stdout.write(line);
};
const now = (): Date => new Date();
let sharedRedactor: Redactor | undefined;

/** Writes one line per call in AWS's TEXT or JSON format; disabled levels cost one no-op call. */
export class Logger {
  /** Effective level: the stricter of the configured level and the build floor (`LAMBDA_KERNEL_BUILD_LOG_LEVEL`). */
  readonly level: LogLevel;
  /** Line format. */
  readonly format: LogFormat;
  /** Logs at TRACE. */
  readonly trace: LogMethod;
  /** Logs at DEBUG. */
  readonly debug: LogMethod;
  /** Logs at INFO. */
  readonly info: LogMethod;
  /** Logs at WARN. */
  readonly warn: LogMethod;
  /** Logs at ERROR. */
  readonly error: LogMethod;
  /** Logs at FATAL; never filtered. */
  readonly fatal: LogMethod;

  readonly #options: LoggerOptions;
  readonly #threshold: number;
  readonly #write: (line: string) => void;
  readonly #context: (() => LogFields | undefined) | undefined;
  readonly #clock: () => Date;
  readonly #redactor: Redactor;
  readonly #fields: string;

  constructor(options: LoggerOptions = {}) {
    const env = options.format === undefined || options.level === undefined ? readLogSettings() : undefined;
    this.format = options.format ?? env?.format ?? 'TEXT';
    this.level = stricterLevel(parseLogLevel(options.level) ?? env?.level ?? 'TRACE', readBuildLogFloor());
    this.#threshold = LEVEL_PRIORITY[this.level];
    this.#options = options;
    this.#write = options.write ?? writeStdout;
    this.#context = options.context;
    this.#clock = options.clock ?? now;
    this.#redactor = options.redact?.length ? new Redactor(options.redact) : (sharedRedactor ??= new Redactor());
    this.#fields = options.fields ? serializeFields(options.fields, this.#redactor) : '';
    // Bound once here so the hot path is a plain call, and a disabled level is a no-op with no level check.
    const method = (level: LogLevel): LogMethod => (this.isEnabled(level) ? (...args) => this.#emit(level, args) : noop);
    this.trace = method('TRACE');
    this.debug = method('DEBUG');
    this.info = method('INFO');
    this.warn = method('WARN');
    this.error = method('ERROR');
    this.fatal = method('FATAL');
  }

  /** True when a call at `level` would be written. */
  isEnabled(level: LogLevel): boolean {
    return level === 'FATAL' || LEVEL_PRIORITY[level] >= this.#threshold;
  }

  /** Logs at a level chosen at run time. */
  log(level: LogLevel, ...args: unknown[]): void {
    if (this.isEnabled(level)) this.#emit(level, args);
  }

  /** A logger sharing this one's settings, sink and context, whose JSON lines also carry `fields`. */
  child(fields: Record<string, unknown>): Logger {
    const options = this.#options;
    return new Logger({ ...options, format: this.format, level: this.level, fields: { ...options.fields, ...fields } });
  }

  #emit(level: LogLevel, args: readonly unknown[]): void {
    const context = this.#context?.();
    const line: LineContext = {
      timestamp: this.#clock().toISOString(),
      level,
      requestId: context?.requestId,
      tenantId: context?.tenantId,
    };
    let text: string;
    try {
      text = this.#render(line, args);
    } catch (err) {
      // A value that defeats formatting (throwing getters in a Proxy, deep recursion) must not fail the invocation.
      text = this.#render(line, [`[log call could not be formatted: ${formatError(err).errorMessage}]`]);
    }
    this.#write(text);
  }

  #render(line: LineContext, args: readonly unknown[]): string {
    return this.format === 'JSON' ? jsonLine(line, args, this.#redactor, this.#fields) : textLine(line, args, this.#redactor);
  }
}
