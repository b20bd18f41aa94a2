import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REDACTED_KEYS } from '../../../src/runtime/logging/index.js';
import { Redactor } from '../../../src/runtime/logging/redact.js';
import { capture } from './capture.js';

const R = '[REDACTED]';

describe('redaction in JSON lines', () => {
  it('redacts default keys at any depth and inside arrays', () => {
    // Prepare
    const { logger, records } = capture({ format: 'JSON' });
    const event = {
      headers: { Authorization: 'Bearer abc', accept: '*/*' },
      users: [{ name: 'ann', password: 'p1' }, [{ apiKey: 'k' }]],
      env: { AWS_SECRET_ACCESS_KEY: 's', AWS_SESSION_TOKEN: 't', AWS_ACCESS_KEY_ID: 'AKIA', AWS_REGION: 'eu-west-1' },
    };

    // Act
    logger.info(event);

    // Assess
    expect(records()[0]?.message).toEqual({
      headers: { Authorization: R, accept: '*/*' },
      users: [{ name: 'ann', password: R }, [{ apiKey: R }]],
      env: { AWS_SECRET_ACCESS_KEY: R, AWS_SESSION_TOKEN: R, AWS_ACCESS_KEY_ID: R, AWS_REGION: 'eu-west-1' },
    });
  });

  it('matches keys case-insensitively but exactly, not by substring', () => {
    // Prepare
    const { logger, records } = capture({ format: 'JSON' });

    // Act
    logger.info({ PASSWORD: 'a', Token: 'b', tokenCount: 3, secretArn: 'arn:x', PWD: '/var/task' });

    // Assess
    expect(records()[0]?.message).toEqual({ PASSWORD: R, Token: R, tokenCount: 3, secretArn: 'arn:x', PWD: '/var/task' });
  });

  it('redacts the extra keys given in options, whatever their value', () => {
    // Prepare
    const { logger, records } = capture({ format: 'JSON', redact: ['SSN', 'card'] });

    // Act
    logger.info({ ssn: '123', card: { number: '4111', cvc: 1 }, name: 'x' });

    // Assess
    expect(records()[0]?.message).toEqual({ ssn: R, card: R, name: 'x' });
  });

  it('does not mutate the caller’s objects', () => {
    // Prepare
    const { logger } = capture({ format: 'JSON' });
    const input = { nested: { secret: 's', list: [{ token: 't' }] } };
    const before = structuredClone(input);

    // Act
    logger.info(input);
    logger.info('several', input);

    // Assess
    expect(input).toEqual(before);
  });

  it('redacts inside cyclic objects and still falls back to util.format without leaking', () => {
    // Prepare
    const { logger, records } = capture({ format: 'JSON' });
    const cyclic: Record<string, unknown> = { password: 'hunter2', list: [] };
    (cyclic.list as unknown[]).push(cyclic);

    // Act
    logger.info(cyclic);

    // Assess
    const message = records()[0]?.message;
    expect(typeof message).toBe('string');
    expect(message).toContain(R);
    expect(message).toContain('[Circular');
    expect(message).not.toContain('hunter2');
  });

  it('redacts own props of a logged Error', () => {
    // Prepare
    const { logger, records } = capture({ format: 'JSON' });
    const err = Object.assign(new Error('request failed'), { config: { headers: { authorization: 'Basic x' } } });

    // Act
    logger.error(err);

    // Assess
    expect(records()[0]?.message).toMatchObject({ errorMessage: 'request failed', config: { headers: { authorization: R } } });
  });

  it('redacts child fields', () => {
    // Prepare
    const { logger, records } = capture({ format: 'JSON' });

    // Act
    logger.child({ token: 't', db: { password: 'p', host: 'h' } }).info('x');

    // Assess
    expect(records()[0]).toMatchObject({ token: R, db: { password: R, host: 'h' } });
  });
});

describe('redaction in TEXT lines', () => {
  it('redacts object arguments before util.format and keeps the caller’s objects intact', () => {
    // Prepare
    const { logger, lines } = capture();
    const input = { user: 'ann', password: 'hunter2', nested: { cookie: 'sid=1' } };

    // Act
    logger.info('login %o', input, { secret: 's' });

    // Assess
    expect(lines[0]).not.toMatch(/hunter2|sid=1|'s'/);
    expect(lines[0]?.match(/\[REDACTED\]/g)).toHaveLength(3);
    expect(input.password).toBe('hunter2');
  });

  it('keeps a redacted Error printed as an error, with its stack and redacted props', () => {
    // Prepare
    const { logger, lines } = capture();
    const err = Object.assign(new TypeError('boom'), { token: 't0k3n', code: 'E1' });

    // Act
    logger.error('failed', err);

    // Assess
    expect(lines[0]).toContain('TypeError: boom\r    at ');
    expect(lines[0]).toContain(`token: '${R}'`);
    expect(lines[0]).toContain("code: 'E1'");
    expect(lines[0]).not.toContain('t0k3n');
  });

  it('keeps class names and cycles in the printed copy', () => {
    // Prepare
    class Account {
      password = 'p';
      self: Account | undefined = undefined;
    }
    const { logger, lines } = capture();
    const account = new Account();
    account.self = account;

    // Act
    logger.info(account);

    // Assess
    expect(lines[0]).toContain(`<ref *1> Account { password: '${R}', self: [Circular *1] }`);
  });
});

describe('Redactor', () => {
  it('returns the very same values when there is nothing to redact', () => {
    // Prepare
    const redactor = new Redactor();
    const args = ['msg', { a: { b: [1, 2] } }, 3];

    // Act
    const out = redactor.applyAll(args, false);

    // Assess
    expect(out).toBe(args);
  });

  it('leaves objects with internal slots untouched', () => {
    // Prepare
    const redactor = new Redactor();
    const map = new Map([['password', 'p']]);
    const date = new Date(0);

    // Act
    const out = redactor.apply({ map, date, secret: 's' }, false) as { map: unknown; date: unknown };

    // Assess
    expect(out.map).toBe(map);
    expect(out.date).toBe(date);
    expect(inspect(out)).toContain('Map(1)');
  });

  it('lists the AWS credential variables among the default keys', () => {
    // Assess
    expect(DEFAULT_REDACTED_KEYS).toEqual(
      expect.arrayContaining(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'authorization', 'password']),
    );
    expect(Object.isFrozen(DEFAULT_REDACTED_KEYS)).toBe(true);
  });
});
