import { afterEach, describe, expect, it, vi } from 'vitest';
import { Logger, patchConsole, readLogSettings, type LogLevel } from '../../../src/runtime/logging/index.js';
import { capture } from './capture.js';

const LEVELS: LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

describe('readLogSettings', () => {
  it('reads the format case-insensitively and treats anything else as TEXT', () => {
    // Act
    const formats = ['JSON', 'json', 'Json', 'TEXT', 'yaml', '', undefined].map(
      (value) => readLogSettings({ AWS_LAMBDA_LOG_FORMAT: value }).format,
    );

    // Assess
    expect(formats).toEqual(['JSON', 'JSON', 'JSON', 'TEXT', 'TEXT', 'TEXT', 'TEXT']);
  });

  it('reads the level case-insensitively and falls back to TRACE when unset or invalid', () => {
    // Act
    const levels = ['WARN', 'debug', 'Fatal', 'verbose', 'constructor', '', undefined].map(
      (value) => readLogSettings({ AWS_LAMBDA_LOG_LEVEL: value }).level,
    );

    // Assess
    expect(levels).toEqual(['WARN', 'DEBUG', 'FATAL', 'TRACE', 'TRACE', 'TRACE', 'TRACE']);
  });
});

describe('level filtering', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('silences console.info/log/debug/trace and keeps warn/error/fatal when AWS_LAMBDA_LOG_LEVEL=WARN (§8 case 48)', () => {
    // Prepare
    vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', 'WARN');
    vi.stubEnv('LAMBDA_KERNEL_BUILD_LOG_LEVEL', '');
    const { logger, lines } = capture({ level: undefined });
    const restore = patchConsole(logger);
    const fatal = (console as unknown as { fatal: (...args: unknown[]) => void }).fatal;

    // Act
    try {
      console.info('i');
      console.log('l');
      console.debug('d');
      console.trace('t');
      console.warn('w');
      console.error('e');
      fatal('f');
    } finally {
      restore();
    }

    // Assess
    expect(lines.map((line) => line.split('\t').slice(2).join('\t'))).toEqual(['WARN\tw\n', 'ERROR\te\n', 'FATAL\tf\n']);
  });

  it('logs a call iff its priority is at least the level, and FATAL always', () => {
    // Prepare
    const enabled = LEVELS.map((level) => capture({ level }).logger).map((logger) => LEVELS.filter((l) => logger.isEnabled(l)));

    // Assess
    expect(enabled).toEqual([LEVELS, LEVELS.slice(1), LEVELS.slice(2), LEVELS.slice(3), LEVELS.slice(4), ['FATAL']]);
  });

  it('filters log(level, ...) like the level methods', () => {
    // Prepare
    const { logger, lines } = capture({ level: 'ERROR' });

    // Act
    logger.log('INFO', 'no');
    logger.log('ERROR', 'yes');

    // Assess
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('\tERROR\tyes');
  });

  it('makes disabled methods shared no-ops that never touch their arguments', () => {
    // Prepare
    const { logger, lines } = capture({ level: 'FATAL' });
    const touchy = {
      toString() {
        throw new Error('formatted a disabled call');
      },
    };

    // Act
    logger.trace(touchy);
    logger.error('%s', touchy);

    // Assess
    expect(lines).toEqual([]);
    expect(logger.trace).toBe(logger.debug);
  });

  it('applies the build floor when it is stricter than the runtime level', () => {
    // Prepare
    vi.stubEnv('LAMBDA_KERNEL_BUILD_LOG_LEVEL', 'INFO');
    const { logger, lines } = capture({ level: 'TRACE' });

    // Act
    logger.trace('t');
    logger.debug('d');
    logger.info('i');

    // Assess
    expect(logger.level).toBe('INFO');
    expect(lines).toHaveLength(1);
  });

  it('keeps the runtime level when it is stricter than the build floor', () => {
    // Prepare
    vi.stubEnv('LAMBDA_KERNEL_BUILD_LOG_LEVEL', 'debug');
    vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', 'ERROR');

    // Act
    const logger = new Logger({ write: () => {} });

    // Assess
    expect(logger.level).toBe('ERROR');
  });

  it('ignores an invalid build floor', () => {
    // Prepare
    vi.stubEnv('LAMBDA_KERNEL_BUILD_LOG_LEVEL', 'LOUD');

    // Act
    const { logger } = capture({ level: 'DEBUG' });

    // Assess
    expect(logger.level).toBe('DEBUG');
  });

  it('passes the floored level on to children', () => {
    // Prepare
    vi.stubEnv('LAMBDA_KERNEL_BUILD_LOG_LEVEL', 'WARN');
    const { logger } = capture({ level: 'TRACE' });

    // Act
    const child = logger.child({ component: 'db' });

    // Assess
    expect(child.level).toBe('WARN');
    expect(child.isEnabled('INFO')).toBe(false);
  });
});
