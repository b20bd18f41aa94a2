import { afterEach, describe, expect, it, vi } from 'vitest';
import { patchConsole } from '../../../src/runtime/logging/index.js';
import { capture, TIMESTAMP } from './capture.js';

type FatalConsole = Console & { fatal?: (...args: unknown[]) => void };

describe('patchConsole', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('routes every console level through the logger, console.log as INFO', () => {
    // Prepare
    const { logger, lines } = capture({ context: () => ({ requestId: 'req-1' }) });
    const restore = patchConsole(logger);

    // Act
    try {
      console.log('l');
      console.info('i');
      console.debug('d');
      console.trace('t');
      console.warn('w');
      console.error('e');
      (console as FatalConsole).fatal?.('f');
    } finally {
      restore();
    }

    // Assess
    expect(lines).toEqual(
      [['INFO', 'l'], ['INFO', 'i'], ['DEBUG', 'd'], ['TRACE', 't'], ['WARN', 'w'], ['ERROR', 'e'], ['FATAL', 'f']].map(
        ([level, message]) => `${TIMESTAMP}\treq-1\t${level}\t${message}\n`,
      ),
    );
  });

  it('logs console.trace as one line without a stack dump on stderr', () => {
    // Prepare
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const { logger, lines } = capture();
    const restore = patchConsole(logger);

    // Act
    try {
      console.trace('where %s', 'am I');
    } finally {
      restore();
    }

    // Assess
    expect(lines).toEqual([`${TIMESTAMP}\tundefined\tTRACE\twhere am I\n`]);
    expect(stderr).not.toHaveBeenCalled();
  });

  it('adds console.fatal and removes it again on restore', () => {
    // Prepare
    const { logger } = capture();
    expect((console as FatalConsole).fatal).toBeUndefined();

    // Act
    const restore = patchConsole(logger);
    const whilePatched = (console as FatalConsole).fatal;
    restore();

    // Assess
    expect(whilePatched).toBe(logger.fatal);
    expect('fatal' in console).toBe(false);
  });

  it('restores the original methods, and a second restore does nothing', () => {
    // Prepare
    const originals = { log: console.log, info: console.info, debug: console.debug, trace: console.trace, warn: console.warn, error: console.error };
    const { logger } = capture();
    const restore = patchConsole(logger);
    const patchedLog = console.log;

    // Act
    restore();
    console.log = patchedLog;
    restore();
    const afterSecondRestore = console.log;
    console.log = originals.log;

    // Assess
    expect(patchedLog).toBe(logger.info);
    expect(afterSecondRestore).toBe(patchedLog);
    expect({ log: console.log, info: console.info, debug: console.debug, trace: console.trace, warn: console.warn, error: console.error }).toEqual(originals);
  });

  it('restores nested patches in reverse order', () => {
    // Prepare
    const original = console.info;
    const outer = capture().logger;
    const inner = capture().logger;

    // Act
    const restoreOuter = patchConsole(outer);
    const restoreInner = patchConsole(inner);
    restoreInner();
    const afterInner = console.info;
    restoreOuter();

    // Assess
    expect(afterInner).toBe(outer.info);
    expect(console.info).toBe(original);
  });
});
