import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFunction, cleanFixtures } from '../helpers/build-fixture.js';
import { fuzz } from '../reliability/fuzz-support.js';
import { startRaw } from './child.js';

// End to end through a real process: what a handler logs can never become a second log event. Lambda splits
// stdout into events on '\n' (runtime-api.md §5.1), so each console call must yield exactly one such line.
const LOGGER_SOURCE = `import { run } from 'lambda-kernel/runtime';
run((event: { calls: { level: 'log' | 'info' | 'warn' | 'error'; message: string }[] }) => {
  for (const call of event.calls) console[call.level](call.message);
  return event.calls.length;
});
`;

const FORGED = '2026-01-01T00:00:00.000Z\tforged-request-id\tERROR\tforged line';
const HOSTILE_PIECES = [
  '\n', '\r', '\r\n', '\n\r', '\u2028', '\u2029', '\u0085', '\0', '\x1b[2J\x1b[H', '\x7F', '\uD800', '\uDFFF', '\t', '"', '\\',
  `\n${FORGED}`, `\r\n${FORGED}\n`, `"}\n{"level":"ERROR","message":"forged"}`, '%s %d %j %o', '\u202Eevil', '</script>',
];

const message = fc
  .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom(...HOSTILE_PIECES)), { maxLength: 8 })
  .map((parts) => parts.join(''));
const calls = fc.array(fc.record({ level: fc.constantFrom('log', 'info', 'warn', 'error'), message }), { minLength: 1, maxLength: 5 });

let file: string;
beforeAll(async () => {
  file = await buildFunction(LOGGER_SOURCE, 'logger');
});
afterAll(cleanFixtures);

/** Invokes the function once per case (request id case-N) and returns stdout split as Lambda splits it. */
async function logAll(format: 'TEXT' | 'JSON', name: string) {
  const child = await startRaw(file, { AWS_LAMBDA_LOG_FORMAT: format });
  const sent: { requestId: string; calls: { level: string; message: string }[] }[] = [];
  await fuzz(name, 100, calls, async (c) => {
    const requestId = `case-${sent.length}`;
    sent.push({ requestId, calls: c });
    const outcome = await child.emulator.invoke({ calls: c }, { requestId });
    expect(outcome.json()).toBe(c.length);
  });
  const { stdout } = await child.finish();
  expect(stdout.endsWith('\n')).toBe(true);
  return { sent, lines: stdout.slice(0, -1).split('\n') };
}

describe('log lines written by a function process', () => {
  it('in TEXT format: exactly one line per console call, whatever the message holds', async () => {
    const { sent, lines } = await logAll('TEXT', 'text log lines');
    for (const { requestId, calls: c } of sent) {
      const own = lines.filter((line) => line.split('\t')[1] === requestId);
      expect(own).toHaveLength(c.length);
      for (const [i, line] of own.entries()) {
        expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\tcase-\d+\t(INFO|WARN|ERROR)\t/);
        expect(line.split('\t')[2]).toBe(c[i]!.level === 'log' ? 'INFO' : c[i]!.level.toUpperCase());
        expect(line).not.toMatch(/[\n\u2028\u2029]/);
      }
    }
    // No line anywhere claims to come from the forged request.
    expect(lines.filter((line) => line.split('\t')[1] === 'forged-request-id')).toEqual([]);
    expect(lines.every((line) => /^\d{4}-\d\d-\d\dT/.test(line))).toBe(true);
  });

  it('in JSON format: exactly one JSON object per console call, its message the exact text logged', async () => {
    const { sent, lines } = await logAll('JSON', 'json log lines');
    const records = lines.map((line) => JSON.parse(line) as { requestId?: string; level: string; message: unknown });
    for (const { requestId, calls: c } of sent) {
      const own = records.filter((r) => r.requestId === requestId);
      expect(own.map((r) => r.message)).toEqual(c.map((call) => call.message));
      expect(own.map((r) => r.level)).toEqual(c.map((call) => (call.level === 'log' ? 'INFO' : call.level.toUpperCase())));
    }
    expect(records.filter((r) => r.message === 'forged')).toEqual([]);
    expect(lines.every((line) => !/[\u2028\u2029]/.test(line))).toBe(true);
  });
});
