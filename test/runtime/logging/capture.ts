/** Test helper: a Logger whose lines are collected instead of written to stdout. */
import { Logger, type LoggerOptions } from '../../../src/runtime/logging/index.js';

/** The fixed clock's time, as it appears in lines. */
export const TIMESTAMP = '2024-01-02T03:04:05.678Z';

/** A logger with a fixed clock writing into `lines`. */
export function capture(options: LoggerOptions = {}): { logger: Logger; lines: string[]; records: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const logger = new Logger({ format: 'TEXT', level: 'TRACE', clock: () => new Date(TIMESTAMP), write: (line) => lines.push(line), ...options });
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}
