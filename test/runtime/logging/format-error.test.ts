import { describe, expect, it } from 'vitest';
import { formatError } from '../../../src/runtime/logging/index.js';

describe('formatError', () => {
  it('uses the constructor name, the message and the stack lines of an Error', () => {
    // Prepare
    class PaymentError extends Error {}
    const err = new PaymentError('declined');

    // Act
    const formatted = formatError(err);

    // Assess
    expect(formatted).toEqual({ errorType: 'PaymentError', errorMessage: 'declined', stackTrace: err.stack?.split('\n') });
  });

  it('describes non-Error values by their type and string form', () => {
    // Act
    const formatted = [formatError('boom'), formatError(42), formatError(undefined), formatError({})];

    // Assess
    expect(formatted).toEqual([
      { errorType: 'string', errorMessage: 'boom', stackTrace: [] },
      { errorType: 'number', errorMessage: '42', stackTrace: [] },
      { errorType: 'undefined', errorMessage: 'undefined', stackTrace: [] },
      { errorType: 'object', errorMessage: '[object Object]', stackTrace: [] },
    ]);
  });

  it('never throws, even when getters and toString do', () => {
    // Prepare
    const err = new Error('x');
    Object.defineProperty(err, 'message', {
      get() {
        throw new Error('getter');
      },
    });
    const hostile = Object.create(null) as object;

    // Act
    const formatted = [formatError(err), formatError(hostile)];

    // Assess
    expect(formatted[0]).toMatchObject({ errorType: 'Error', errorMessage: '' });
    expect(formatted[1]).toEqual({ errorType: 'object', errorMessage: '[object Object]', stackTrace: [] });
  });
});
