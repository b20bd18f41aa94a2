import fc from 'fast-check';

const boom = (): never => {
  throw new Error('hostile getter');
};

/** A Proxy whose every trap throws: even `instanceof` and `typeof`-guarded reads of it fail. */
function throwingProxy(target: object = {}): object {
  const trap = () => boom();
  return new Proxy(target, {
    get: trap, has: trap, ownKeys: trap, getPrototypeOf: trap, getOwnPropertyDescriptor: trap,
    defineProperty: trap, set: trap, deleteProperty: trap, isExtensible: trap, preventExtensions: trap,
  });
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

function cyclicObject(): object {
  const o: Record<string, unknown> = { name: 'cycle' };
  o.self = o;
  o.list = [o, { back: o }];
  return o;
}

function cyclicError(): Error {
  const a = new Error('a');
  const b = new Error('b', { cause: a });
  (a as { cause?: unknown }).cause = b;
  return a;
}

function errorWith(fields: Record<string, unknown>, base: Error = new Error('base message')): Error {
  for (const [key, value] of Object.entries(fields)) {
    Object.defineProperty(base, key, { value, configurable: true, writable: true, enumerable: false });
  }
  return base;
}

/**
 * Thrown values a handler (or a library under it) can produce, built fresh per use so that a mutation by
 * one case never leaks into another. Each entry is [label, factory].
 */
export const HOSTILE_FACTORIES: readonly [string, () => unknown][] = [
  ['null', () => null],
  ['undefined', () => undefined],
  ['symbol', () => Symbol('thrown')],
  ['symbol without description', () => Symbol()],
  ['empty string', () => ''],
  ['bigint', () => 10n ** 30n],
  ['function', () => function named() {}],
  ['null-prototype object', () => Object.create(null)],
  ['object with throwing getters', () => ({ get name() { return boom(); }, get message() { return boom(); }, get stack() { return boom(); } })],
  ['object whose toString throws', () => ({ toString: boom })],
  ['object whose toString returns an object', () => ({ toString: () => ({}) })],
  ['object whose toString returns an empty string', () => ({ toString: () => '' })],
  ['object with a throwing Symbol.toPrimitive', () => ({ [Symbol.toPrimitive]: boom })],
  ['cyclic object', cyclicObject],
  ['cyclic cause chain', cyclicError],
  ['self-caused error', () => { const e = new Error('me'); (e as { cause?: unknown }).cause = e; return e; }],
  ['throwing Proxy', () => throwingProxy()],
  ['throwing Proxy around an Error', () => throwingProxy(new Error('inside'))],
  ['revoked Proxy', revokedProxy],
  ['error with a numeric name', () => errorWith({ name: 42 })],
  ['error with an empty name', () => errorWith({ name: '' })],
  ['error with a symbol name', () => errorWith({ name: Symbol('n') })],
  ['error with an object name', () => errorWith({ name: { toString: boom } })],
  ['error with an empty message', () => new Error()],
  ['error with an object message', () => errorWith({ message: { text: 'x' } })],
  ['error with a numeric stack', () => errorWith({ stack: 7 })],
  ['error without a stack', () => errorWith({ stack: undefined })],
  ['error with throwing name getter', () => { const e = new Error('g'); Object.defineProperty(e, 'name', { get: boom }); return e; }],
  ['error with throwing cause getter', () => { const e = new Error('c'); Object.defineProperty(e, 'cause', { get: boom }); return e; }],
  ['frozen error', () => Object.freeze(new TypeError('frozen'))],
  ['error with control characters', () => new Error('line1\nline2\r\0\x7F\u2028\uD800 end')],
  ['error with a 1 MiB message', () => new RangeError('x'.repeat(1 << 20))],
  ['AggregateError', () => new AggregateError([new Error('one'), 'two'], 'many')],
  ['DOMException', () => new DOMException('aborted', 'AbortError')],
  ['error-like plain object', () => ({ name: 'Custom', message: 'looks like an error', stack: 'Custom: looks like an error\n    at nowhere' })],
  ['handled rejected promise', () => { const p = Promise.reject(new Error('inner')); p.catch(() => {}); return p; }],
  ['boxed primitive', () => Object('boxed')],
  ['array', () => [1, 'two', { three: 3 }]],
  ['Map', () => new Map([[1, 2]])],
  ['Date', () => new Date(Number.NaN)],
];

/** One of the hostile factories, or an Error built from random parts, or any value fast-check can make. */
export const thrownValue: fc.Arbitrary<{ label: string; make: () => unknown }> = fc.oneof(
  fc.constantFrom(...HOSTILE_FACTORIES).map(([label, make]) => ({ label, make })),
  fc
    .record({
      ctor: fc.constantFrom(Error, TypeError, RangeError, SyntaxError, URIError, EvalError),
      message: fc.string({ unit: 'binary', maxLength: 200 }),
      name: fc.option(fc.oneof(fc.string({ maxLength: 20 }), fc.anything({ maxDepth: 1 })), { nil: undefined }),
      cause: fc.option(fc.anything({ maxDepth: 2 }), { nil: undefined }),
    })
    .map(({ ctor, message, name, cause }) => ({
      label: `${ctor.name}(${JSON.stringify(message).slice(0, 40)}) name=${typeof name}`,
      make: () => {
        const err = new ctor(message, cause === undefined ? undefined : { cause });
        if (name !== undefined) Object.defineProperty(err, 'name', { value: name, configurable: true, writable: true });
        return err;
      },
    })),
  fc
    .anything({ withBigInt: true, withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withDate: true, withTypedArray: true, withSparseArray: true, maxDepth: 3 })
    .map((value) => ({ label: 'fc.anything', make: () => value })),
);
