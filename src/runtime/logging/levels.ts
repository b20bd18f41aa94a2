/**
 * @module
 * Log levels and formats, how they are read from the environment (spec §5.2, §5.3), and the build-time floor.
 */

/** Application log levels, lowest priority first. */
export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

/** Log line format: AWS's tab-separated text, or one JSON object per line. */
export type LogFormat = 'TEXT' | 'JSON';

/** Priority of each level (spec §5.3): a call logs iff its priority is ≥ the configured level's. */
export const LEVEL_PRIORITY: Readonly<Record<LogLevel, number>> = Object.freeze({
  TRACE: 1,
  DEBUG: 2,
  INFO: 3,
  WARN: 4,
  ERROR: 5,
  FATAL: 6,
});

/** Parses a level name case-insensitively; anything else gives `undefined`. */
export function parseLogLevel(raw: string | undefined): LogLevel | undefined {
  const level = raw?.toUpperCase();
  // hasOwn, not `in`: keeps inherited names such as "CONSTRUCTOR" out.
  return level !== undefined && Object.hasOwn(LEVEL_PRIORITY, level) ? (level as LogLevel) : undefined;
}

/** Reads `AWS_LAMBDA_LOG_FORMAT` (case-insensitive, anything but JSON is TEXT) and `AWS_LAMBDA_LOG_LEVEL` (unset/invalid → TRACE). */
export function readLogSettings(env: NodeJS.ProcessEnv = process.env): { format: LogFormat; level: LogLevel } {
  return {
    format: env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === 'JSON' ? 'JSON' : 'TEXT',
    level: parseLogLevel(env.AWS_LAMBDA_LOG_LEVEL) ?? 'TRACE',
  };
}

/**
 * The build-time floor: the lowest level a build may ever emit, or `undefined` for none.
 *
 * Release bundles pass `define: { 'process.env.LAMBDA_KERNEL_BUILD_LOG_LEVEL': '"INFO"' }` to esbuild, so this reads a
 * string literal and debug/trace calls become no-ops whatever `AWS_LAMBDA_LOG_LEVEL` says. Unbundled code reads the
 * real variable, so setting it in the environment has the same effect. Invalid values mean no floor.
 */
export function readBuildLogFloor(): LogLevel | undefined {
  // Keep this exact expression: bundlers match it textually to substitute the literal.
  return parseLogLevel(process.env.LAMBDA_KERNEL_BUILD_LOG_LEVEL);
}

/** The stricter (higher-priority) of a runtime level and an optional floor. */
export function stricterLevel(level: LogLevel, floor: LogLevel | undefined): LogLevel {
  return floor !== undefined && LEVEL_PRIORITY[floor] > LEVEL_PRIORITY[level] ? floor : level;
}
