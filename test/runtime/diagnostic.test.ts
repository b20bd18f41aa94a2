import { describe, expect, it } from 'vitest';
import { toDiagnostic } from '../../src/runtime/diagnostic.js';
import { InvalidEventError } from '../../src/errors.js';

describe('toDiagnostic', () => {
  it('keeps an error’s name, message and stack lines (case 12)', () => {
    const err = new TypeError('x');
    const d = toDiagnostic(err);
    expect(d.errorType).toBe('TypeError');
    expect(d.errorMessage).toBe('x');
    expect(d.stackTrace[0]).toBe('TypeError: x');
    expect(d.stackTrace.length).toBeGreaterThan(1);
  });

  it('reports a thrown string with its typeof and an empty trace (case 13)', () => {
    expect(toDiagnostic('boom')).toEqual({ errorType: 'string', errorMessage: 'boom', stackTrace: [] });
  });

  it('reports a rejection with undefined as errorType "undefined" (case 14)', () => {
    expect(toDiagnostic(undefined)).toEqual({ errorType: 'undefined', errorMessage: 'undefined', stackTrace: [] });
  });

  it('reports numbers, plain objects, null and symbols by their typeof', () => {
    expect(toDiagnostic(42)).toEqual({ errorType: 'number', errorMessage: '42', stackTrace: [] });
    expect(toDiagnostic({ a: 1 })).toEqual({ errorType: 'object', errorMessage: '[object Object]', stackTrace: [] });
    expect(toDiagnostic(null)).toEqual({ errorType: 'object', errorMessage: 'null', stackTrace: [] });
    expect(toDiagnostic(Symbol('s'))).toEqual({ errorType: 'symbol', errorMessage: 'Symbol(s)', stackTrace: [] });
  });

  it('replaces DEL with %7F in the type, the message and the trace (case 15)', () => {
    const err = new Error('a\x7Fb');
    err.name = 'Bad\x7FName';
    const d = toDiagnostic(err);
    expect(d.errorType).toBe('Bad%7FName');
    expect(d.errorMessage).toBe('a%7Fb');
    expect(d.stackTrace.join('\n')).not.toContain('\x7F');
  });

  it('falls back to errorType "handled" when reading the error throws (case 16)', () => {
    const hostile = new Error('x');
    Object.defineProperty(hostile, 'message', { get: () => { throw new Error('getter'); } });
    expect(toDiagnostic(hostile).errorType).toBe('handled');
    expect(toDiagnostic(Object.create(null)).errorType).toBe('handled');
  });

  it('uses a lambda-kernel error’s errorType', () => {
    expect(toDiagnostic(new InvalidEventError('bad')).errorType).toBe('Runtime.InvalidEvent');
  });

  it('appends the cause chain to the stack trace', () => {
    const root = new RangeError('disk full');
    const err = new Error('save failed', { cause: new Error('write failed', { cause: root }) });
    const trace = toDiagnostic(err).stackTrace;
    expect(trace).toContain('Caused by: Error: write failed');
    expect(trace).toContain('Caused by: RangeError: disk full');
  });

  it('appends a non-error cause as text', () => {
    expect(toDiagnostic(new Error('x', { cause: 'because' })).stackTrace).toContain('Caused by: because');
  });

  it('stops following a cyclic cause chain', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(toDiagnostic(a).stackTrace.filter((l) => l.startsWith('Caused by')).length).toBeLessThanOrEqual(8);
  });
});
