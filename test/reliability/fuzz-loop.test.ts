import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvocationOutcome, InvokeOptions } from '../../src/emulator/index.js';
import type { InvocationContext } from '../../src/runtime/context.js';
import { bufferedDriver } from '../../src/runtime/run.js';
import { type InProcessRuntime, startInProcess } from '../helpers/in-process.js';
import { expectExplainedError, fuzz, watchExit } from './fuzz-support.js';
import { thrownValue } from './hostile-values.js';

// One runtime per property, shared by every case: the loop itself must survive the whole run.
let rt: InProcessRuntime;
let exitCode: () => number | undefined;
let behaviour: (event: unknown, context: InvocationContext) => unknown = (event) => event;
let seq = 0;

beforeAll(async () => {
  rt = await startInProcess(bufferedDriver(() => (event: unknown, context: InvocationContext) => behaviour(event, context)), {
    // Platform-side bound for the one case the runtime cannot answer (no request id).
    emulator: { timeoutMs: 2_000 },
  });
  exitCode = watchExit(rt.exited);
});
afterAll(async () => {
  await rt.stop();
});

function expectAlive(): void {
  expect(exitCode()).toBeUndefined();
}

/** Invokes, failing at once (rather than waiting forever) if the loop ends meanwhile. */
function invoke(event: unknown, options?: InvokeOptions): Promise<InvocationOutcome> {
  const died = rt.exited.then((code) => Promise.reject(new Error(`The runtime loop ended with code ${code}: ${rt.lines.slice(-3).join('')}`)));
  return Promise.race([rt.emulator.invoke(event, options), died]);
}

/** What JSON.parse makes of the bytes, as the runtime's oracle: the echoed text, or 'invalid'. */
function oracle(body: Buffer): { text: string } | 'invalid' | 'unserialisable' {
  let value: unknown;
  try {
    value = body.length === 0 ? undefined : JSON.parse(body.toString('utf8'));
  } catch {
    return 'invalid';
  }
  try {
    return { text: JSON.stringify(value ?? null) };
  } catch {
    return 'unserialisable';
  }
}

const EDGE_PAYLOADS = [
  '', ' ', '\n', 'null', '0', '-0', '1e999', '"\\ud800"', '\uFEFF{}', '{"a":1,}', '{"a":1}{"b":2}', '[', ']',
  '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
  'nul\u0000byte', '"\u0000"', '{"a":"\\u0000"}', '9'.repeat(400), '['.repeat(5_000) + ']'.repeat(5_000), 'true false',
].map((s) => Buffer.from(s));

const payload: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null')) },
  // Valid JSON cut short or with a byte flipped: the typical corruption.
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.jsonValue(), fc.nat(), fc.integer({ min: 0, max: 255 }))
      .map(([v, at, byte]) => {
        const bytes = Buffer.from(JSON.stringify(v) ?? 'null');
        const cut = Buffer.from(bytes.subarray(0, at % (bytes.length + 1)));
        if (cut.length > 0 && byte % 2 === 0) cut[byte % cut.length] = byte;
        return cut;
      }),
  },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((s) => Buffer.from(`"${s}"`)) },
  { weight: 1, arbitrary: fc.constantFrom(...EDGE_PAYLOADS) },
);

describe('fuzzing the runtime loop', () => {
  it('answers every random, malformed or non-UTF-8 event with its echo or an InvalidEvent error', async () => {
    behaviour = (event) => event;
    await fuzz('events', 300, payload, async (bytes) => {
      const outcome = await invoke(bytes);
      const expected = oracle(bytes);
      if (expected === 'invalid') {
        expectExplainedError(outcome);
        expect(outcome.error?.errorType).toBe('Runtime.InvalidEvent');
        expect(outcome.error?.errorMessage).toContain('not valid JSON');
      } else if (expected === 'unserialisable') {
        expectExplainedError(outcome);
      } else {
        expect(outcome.status).toBe('success');
        expect(outcome.text()).toBe(expected.text);
      }
      expectAlive();
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers invocations with odd, malformed or huge headers, or reports what was wrong with them', async () => {
    behaviour = (_event, context) => ({
      requestId: context.requestId,
      deadlineMs: context.deadlineMs,
      clientContext: context.clientContext,
      identity: context.identity,
      traceId: context.traceId ?? null,
      tenantId: context.tenantId ?? null,
    });
    // Header values travel as bytes; like Lambda (Go) the emulator sends a string's UTF-8 bytes, hence latin1 here.
    const wire = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
    const printable = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });
    const jsonObject = fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 });
    const jsonHeader = fc.oneof(
      fc.constant(undefined),
      jsonObject.map((o) => ({ raw: wire(JSON.stringify(o)), valid: true })),
      printable.map((s) => ({ raw: s, valid: s === '' || isJson(s) })),
      fc.constantFrom('{', 'null', '1', '[]', '"s"', '{"a":}', '\\u0000').map((s) => ({ raw: s, valid: isJson(s) })),
      fc.integer({ min: 1_000, max: 100_000 }).map((n) => ({ raw: JSON.stringify({ custom: { big: "x".repeat(n) } }), valid: true })),
    );
    const deadline = fc.oneof(
      fc.integer({ min: 1_000, max: 600_000 }).map((ms) => ({ raw: String(Date.now() + ms), valid: true })),
      fc.constantFrom('abc', '-5', '1.5', '1e12', '0x10', '١٢٣', 'NaN', 'Infinity', '12 34').map((raw) => ({ raw: wire(raw), valid: false })),
      fc.constantFrom('99999999999999999999999', '0', '000001').map((raw) => ({ raw, valid: true })),
      fc.constant({ raw: undefined, valid: false }),
    );
    const casing = fc.constantFrom('lower', 'upper', 'mixed');
    const spell = (name: string, how: string) =>
      how === 'lower' ? name.toLowerCase() : how === 'upper' ? name.toUpperCase() : name.replace(/[a-z]/g, (c, i: number) => (i % 2 ? c.toUpperCase() : c));
    const headersCase = fc.record({
      id: printable.filter((s) => s.length > 0),
      deadline,
      clientContext: jsonHeader,
      identity: jsonHeader,
      traceId: fc.option(printable, { nil: undefined }),
      tenantId: fc.option(printable, { nil: undefined }),
      casing,
    });
    await fuzz('headers', 300, headersCase, async (c) => {
      const requestId = `${c.id}-${seq++}`;
      const headers: Record<string, string | undefined> = {
        [spell('Lambda-Runtime-Deadline-Ms', c.casing)]: c.deadline.raw,
        [spell('Lambda-Runtime-Client-Context', c.casing)]: c.clientContext?.raw,
        [spell('Lambda-Runtime-Cognito-Identity', c.casing)]: c.identity?.raw,
        [spell('Lambda-Runtime-Trace-Id', c.casing)]: c.traceId,
        [spell('Lambda-Runtime-Aws-Tenant-Id', c.casing)]: c.tenantId,
      };
      const outcome = await invoke({}, { requestId, headers, timeoutMs: 3_000 });
      const headersValid = c.deadline.valid && (c.clientContext?.valid ?? true) && (c.identity?.valid ?? true);
      if (!headersValid) {
        expectExplainedError(outcome);
        expect(outcome.error?.errorType).toBe('Runtime.InvalidEvent');
        expect(outcome.error?.errorMessage).toMatch(/Lambda-Runtime-(Deadline-Ms|Client-Context|Cognito-Identity)/);
      } else {
        expect(outcome.status).toBe('success');
        const seen = outcome.json<Record<string, unknown>>();
        expect(seen.requestId).toBe(requestId);
        expect(seen.deadlineMs).toBe(Number(c.deadline.raw));
        const decoded = (h?: { raw: string }) => (h && h.raw !== '' ? JSON.parse(Buffer.from(h.raw, 'latin1').toString('utf8')) : undefined);
        expect(seen.clientContext).toEqual(decoded(c.clientContext));
        expect(seen.identity).toEqual(decoded(c.identity));
      }
      expectAlive();
    });
  });

  it('logs and skips an invocation without a request id, then serves the next one', async () => {
    let calls = 0;
    behaviour = (event) => {
      calls += 1;
      return event;
    };
    const anonymous = await invoke({}, { headers: { 'Lambda-Runtime-Aws-Request-Id': undefined }, timeoutMs: 300 });
    // The runtime cannot answer it, so the platform times it out; the handler never ran.
    expect(anonymous.status).toBe('timeout');
    expect(calls).toBe(0);
    expect(rt.lines.join('')).toContain('without Lambda-Runtime-Aws-Request-Id');
    expect((await invoke({ after: 1 })).json()).toEqual({ after: 1 });
    expectAlive();
  });

  it('reports any thrown value as an error that says what was thrown', async () => {
    await fuzz('thrown values', 300, thrownValue, async ({ make }) => {
      behaviour = () => {
        throw make();
      };
      const outcome = await invoke({});
      expectExplainedError(outcome);
      expectAlive();
    });
  });

  it('reports any rejected value the same way as a thrown one', async () => {
    await fuzz('rejected values', 100, thrownValue, async ({ make }) => {
      behaviour = () => Promise.reject(make());
      expectExplainedError(await invoke({}));
      expectAlive();
    });
  });

  it('posts any returned value as JSON, or reports why it cannot be serialised', async () => {
    // (A returned promise is awaited; the rejected one among these values is covered above.)
    const returned = thrownValue.filter(({ label }) => label !== 'handled rejected promise');
    await fuzz('returned values', 200, returned, async ({ make }) => {
      const value = make();
      behaviour = () => value;
      const outcome = await invoke({});
      let expected: string | undefined;
      try {
        expected = value instanceof Uint8Array ? undefined : (JSON.stringify(value === undefined ? null : value) ?? 'null');
      } catch {
        expected = 'unserialisable';
      }
      if (expected === 'unserialisable') {
        // A hostile Proxy may fail before JSON.stringify runs; its own error is then the report.
        expectExplainedError(outcome);
      } else if (expected !== undefined) {
        expect(outcome.status).toBe('success');
        expect(outcome.text()).toBe(expected);
      } else {
        expect(outcome.status).toBe('success');
      }
      expectAlive();
    });
  });
});

function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}
