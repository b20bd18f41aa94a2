import { format } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Logger } from '../../../src/runtime/logging/index.js';
import { capture, TIMESTAMP } from './capture.js';

describe('TEXT log lines', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('writes timestamp, request id, level and the util.format message separated by tabs (§8 case 49)', () => {
    // Prepare
    const { logger, lines } = capture({ context: () => ({ requestId: 'req-1' }) });

    // Act
    logger.info('line one\nline two\nline %d', 3);

    // Assess
    expect(lines).toEqual([`${TIMESTAMP}\treq-1\tINFO\tline one\rline two\rline 3\n`]);
  });

  it('writes a multi-line message as exactly one stdout line by default (§8 case 49)', () => {
    // Prepare
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const logger = new Logger({ format: 'TEXT', level: 'TRACE', clock: () => new Date(TIMESTAMP) });

    // Act
    logger.warn('a\nb\nc');

    // Assess
    expect(write).toHaveBeenCalledTimes(1);
    const line = String(write.mock.calls[0]?.[0]);
    expect(line).toBe(`${TIMESTAMP}\tundefined\tWARN\ta\rb\rc\n`);
    expect(line.split('\t')).toHaveLength(4);
  });

  it('uses the literal undefined as request id before any invocation', () => {
    // Prepare
    const { logger, lines } = capture({ context: () => undefined });

    // Act
    logger.debug('booting');

    // Assess
    expect(lines).toEqual([`${TIMESTAMP}\tundefined\tDEBUG\tbooting\n`]);
  });

  it('reads the request id at each call', () => {
    // Prepare
    let requestId: string | undefined = 'a';
    const { logger, lines } = capture({ context: () => ({ requestId }) });

    // Act
    logger.info('x');
    requestId = 'b';
    logger.info('y');

    // Assess
    expect(lines.map((line) => line.split('\t')[1])).toEqual(['a', 'b']);
  });

  it('turns CRLF into one carriage return and U+2028/U+2029 into carriage returns', () => {
    // Prepare
    const { logger, lines } = capture();

    // Act
    logger.info('a\r\nb\u2028c\u2029d\re');

    // Assess
    expect(lines).toEqual([`${TIMESTAMP}\tundefined\tINFO\ta\rb\rc\rd\re\n`]);
  });

  it('cannot be made to forge a second log line by a message or an object argument', () => {
    // Prepare
    const { logger, lines } = capture({ context: () => ({ requestId: 'req-1' }) });
    const forged = `\n${TIMESTAMP}\treq-1\tINFO\tall good`;

    // Act
    logger.error(forged, { note: forged }, new Error(forged));

    // Assess
    expect(lines).toHaveLength(1);
    expect(lines[0]?.match(/\n/g)).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
  });

  it('formats objects and errors as util.format does', () => {
    // Prepare
    const { logger, lines } = capture();
    const err = new TypeError('bad');

    // Act
    logger.error('failed', { a: 1 }, err);

    // Assess
    const message = format('failed', { a: 1 }, err).replace(/\n/g, '\r');
    expect(lines).toEqual([`${TIMESTAMP}\tundefined\tERROR\t${message}\n`]);
  });

  it('shows neither the tenant id nor child fields, keeping the AWS four-field format', () => {
    // Prepare
    const { logger, lines } = capture({ context: () => ({ requestId: 'req-1', tenantId: 't-1' }) });

    // Act
    logger.child({ component: 'db' }).info('query');

    // Assess
    expect(lines).toEqual([`${TIMESTAMP}\treq-1\tINFO\tquery\n`]);
  });
});
