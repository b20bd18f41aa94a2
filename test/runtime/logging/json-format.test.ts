import { format } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Logger, patchConsole } from '../../../src/runtime/logging/index.js';
import { capture, TIMESTAMP } from './capture.js';

describe('JSON log lines', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('writes console.log("hi") as one INFO object when AWS_LAMBDA_LOG_FORMAT=JSON (§8 case 46)', () => {
    // Prepare
    vi.stubEnv('AWS_LAMBDA_LOG_FORMAT', 'JSON');
    vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', '');
    const lines: string[] = [];
    const logger = new Logger({ write: (line) => lines.push(line), clock: () => new Date(TIMESTAMP), context: () => ({ requestId: 'req-1' }) });
    const restore = patchConsole(logger);

    // Act
    try {
      console.log('hi');
    } finally {
      restore();
    }

    // Assess
    expect(lines).toEqual([`{"timestamp":"${TIMESTAMP}","level":"INFO","requestId":"req-1","message":"hi"}\n`]);
  });

  it('formats console.error("failed", err) into message and lifts the error fields to the top (§8 case 47)', () => {
    // Prepare
    vi.stubEnv('AWS_LAMBDA_LOG_FORMAT', 'json');
    const { logger, records } = capture({ format: undefined, context: () => ({ requestId: 'req-1' }) });
    const err = new TypeError('bad input');
    const restore = patchConsole(logger);

    // Act
    try {
      console.error('failed', err);
    } finally {
      restore();
    }

    // Assess
    const [record] = records();
    expect(Object.keys(record ?? {})).toEqual(['timestamp', 'level', 'requestId', 'message', 'errorType', 'errorMessage', 'stackTrace']);
    expect(record).toMatchObject({ level: 'ERROR', message: format('failed', err), errorType: 'TypeError', errorMessage: 'bad input' });
    expect(record?.stackTrace).toEqual(err.stack?.split('\n'));
  });

  it('lifts the first Error among several arguments, wherever it is', () => {
    // Prepare
    const { logger, records } = capture({ format: 'JSON' });

    // Act
    logger.warn(new RangeError('first'), 'then', new Error('second'));

    // Assess
    expect(records()[0]).toMatchObject({ errorType: 'RangeError', errorMessage: 'first' });
  });

  it('omits the request id before any invocation and adds the tenant id only when set', () => {
    // Prepare
    let fields: { requestId?: string; tenantId?: string } | undefined;
    const { logger, records } = capture({ format: 'JSON', context: () => fields });

    // Act
    logger.info('init');
    fields = { requestId: 'req-1' };
    logger.info('plain');
    fields = { requestId: 'req-2', tenantId: 'tenant-7' };
    logger.info('tenant');

    // Assess
    expect(records().map((record) => Object.keys(record))).toEqual([
      ['timestamp', 'level', 'message'],
      ['timestamp', 'level', 'requestId', 'message'],
      ['timestamp', 'level', 'requestId', 'tenantId', 'message'],
    ]);
    expect(records()[2]?.tenantId).toBe('tenant-7');
  });

  it('keeps a single object argument as an object', () => {
    // Prepare
    const { logger, records } = capture({ format: 'JSON' });

    // Act
    logger.info({ orderId: 42, items: ['a', 'b'] });

    // Assess
    expect(records()[0]?.message).toEqual({ orderId: 42, items: ['a', 'b'] });
  });

  it('serialises a single Error with its type, message, stack lines and own enumerable props', () => {
    // Prepare
    const { logger, records } = capture({ format: 'JSON' });
    const err = Object.assign(new SyntaxError('nope'), { code: 'E_NOPE', details: { retry: false } });

    // Act
    logger.error(err);

    // Assess
    expect(records()[0]?.message).toEqual({
      errorType: 'SyntaxError',
      errorMessage: 'nope',
      stackTrace: err.stack?.split('\n'),
      code: 'E_NOPE',
      details: { retry: false },
    });
  });

  it('serialises errors nested inside a logged object', () => {
    // Prepare
    const { logger, records } = capture({ format: 'JSON' });

    // Act
    logger.error({ step: 'charge', cause: new Error('declined') });

    // Assess
    expect(records()[0]?.message).toMatchObject({ step: 'charge', cause: { errorType: 'Error', errorMessage: 'declined' } });
  });

  it('falls back to util.format when the value has a cycle or a BigInt', () => {
    // Prepare
    const { logger, records } = capture({ format: 'JSON' });
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;

    // Act
    logger.info(cyclic);
    logger.info({ amount: 10n });
    logger.info(10n);

    // Assess
    expect(records().map((record) => record.message)).toEqual([format(cyclic), format({ amount: 10n }), '10n']);
  });

  it('renders undefined, functions and symbols as text instead of dropping the message', () => {
    // Prepare
    const { logger, records } = capture({ format: 'JSON' });

    // Act
    logger.info(undefined);
    logger.info(function handler() {});
    logger.info(Symbol('s'));

    // Assess
    expect(records().map((record) => record.message)).toEqual(['undefined', '[Function: handler]', 'Symbol(s)']);
  });

  it('never emits a raw line terminator inside the object', () => {
    // Prepare
    const { logger, lines, records } = capture({ format: 'JSON' });
    const text = 'a\nb\r\nc\u2028d\u2029e';

    // Act
    logger.info(text);
    logger.info({ text });
    logger.info(text, 'x');

    // Assess
    for (const line of lines) expect(line.slice(0, -1)).not.toMatch(/[\r\n\u2028\u2029]/);
    expect(records().map((record) => record.message)).toEqual([text, { text }, `${text} x`]);
  });

  it('appends child fields after the message and keeps the parent unchanged', () => {
    // Prepare
    const { logger, records } = capture({ format: 'JSON', context: () => ({ requestId: 'req-1' }) });
    const child = logger.child({ component: 'db' }).child({ table: 'orders' });

    // Act
    child.info('query', 'done');
    logger.info('parent');

    // Assess
    const [fromChild, fromParent] = records();
    expect(Object.keys(fromChild ?? {})).toEqual(['timestamp', 'level', 'requestId', 'message', 'component', 'table']);
    expect(fromChild).toMatchObject({ message: 'query done', component: 'db', table: 'orders' });
    expect(Object.keys(fromParent ?? {})).toEqual(['timestamp', 'level', 'requestId', 'message']);
  });

  it('drops child fields that would shadow the logger-owned keys', () => {
    // Prepare
    const { logger, lines } = capture({ format: 'JSON' });

    // Act
    logger.child({ level: 'FATAL', message: 'fake', service: 'api' }).info('real');

    // Assess
    expect(lines[0]).toBe(`{"timestamp":"${TIMESTAMP}","level":"INFO","message":"real","service":"api"}\n`);
  });

  it('shares the sink, context and level with its children', () => {
    // Prepare
    const { logger, records } = capture({ format: 'JSON', level: 'WARN', context: () => ({ requestId: 'req-9' }) });
    const child = logger.child({ component: 'db' });

    // Act
    child.info('hidden');
    child.warn('shown');

    // Assess
    expect(child.level).toBe('WARN');
    expect(child.format).toBe('JSON');
    expect(records()).toEqual([expect.objectContaining({ requestId: 'req-9', message: 'shown', component: 'db' })]);
  });
});
