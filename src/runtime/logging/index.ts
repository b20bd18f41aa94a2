/**
 * @module
 * Structured logging for the runtime layer: AWS Lambda's TEXT and JSON log formats (spec §5), level filtering with a
 * build-time floor, secret redaction, and console patching.
 */

/** Levels, formats and the environment rules that select them. */
export type { LogFormat, LogLevel } from './levels.js';
export { readLogSettings } from './levels.js';

/** The logger and its options. */
export type { LogFields, LoggerOptions, LogMethod } from './logger.js';
export { Logger } from './logger.js';

/** Console routing. */
export { patchConsole } from './patch-console.js';

/** Error fields for log lines, and the keys redacted by default. */
export type { FormattedError } from './format-error.js';
export { formatError } from './format-error.js';
export { DEFAULT_REDACTED_KEYS } from './redact.js';
