import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Config } from '../../src/providers/config.js';
import { Logger } from '../../src/runtime/logging/logger.js';
import { bufferedDriver } from '../../src/runtime/run.js';
import { type InProcessRuntime, startInProcess } from '../helpers/in-process.js';
import { fuzz } from '../reliability/fuzz-support.js';

const FORBIDDEN = ['__proto__', 'constructor', 'prototype'];
const PAYLOADS = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"a":{"__proto__":{"polluted":"yes"}},"b":[{"__proto__":{"polluted":"yes"}}]}',
  '[{"constructor":{"prototype":{"polluted":"yes"}}},{"prototype":{"polluted":"yes"}}]',
  '{"__proto__":{"__proto__":{"polluted":"yes"}},"ok":1}',
];

/** Random JSON text with forbidden keys planted at random depths, carrying a pollution payload. */
const hostileJson = fc
  .tuple(fc.jsonValue({ maxDepth: 3 }), fc.array(fc.tuple(fc.constantFrom(...FORBIDDEN), fc.nat(3)), { minLength: 1, maxLength: 4 }))
  .map(([base, plants]) => {
    let text = JSON.stringify({ base });
    for (const [key, depth] of plants) {
      const payload = depth === 0 ? '{"polluted":"yes"}' : `{"prototype":{"polluted":"yes"},"x":${'['.repeat(depth)}1${']'.repeat(depth)}}`;
      text = `{"${key}":${payload},"wrapped":${text}}`;
    }
    return text;
  });

/** Own keys named like a prototype anywhere in the value. */
function forbiddenKeys(value: unknown, found: string[] = []): string[] {
  if (typeof value !== 'object' || value === null) return found;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN.includes(key)) found.push(key);
    forbiddenKeys((value as Record<string, unknown>)[key], found);
  }
  return found;
}

function expectNoPollution(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
}

let rt: InProcessRuntime | undefined;
afterEach(async () => {
  await rt?.stop();
  rt = undefined;
  delete (Object.prototype as Record<string, unknown>).polluted;
});

describe('configuration and events parsed from JSON never pollute prototypes', () => {
  it.each(PAYLOADS)('Config.json drops prototype keys from %s', (payload) => {
    const parsed = new Config({ SETTINGS: payload }).json('SETTINGS');
    expectNoPollution();
    expect(forbiddenKeys(parsed)).toEqual([]);
  });

  it('Config.json keeps every other key and never pollutes, for random JSON with planted prototype keys', async () => {
    await fuzz('Config.json payloads', 300, hostileJson, async (text) => {
      const parsed = new Config({ SETTINGS: text }).json<Record<string, unknown>>('SETTINGS');
      expectNoPollution();
      expect(forbiddenKeys(parsed)).toEqual([]);
      // Dropping those keys is all it does: the base value survives, nested under "wrapped".
      let inner: unknown = parsed;
      while (inner !== null && typeof inner === 'object' && 'wrapped' in inner) inner = (inner as { wrapped: unknown }).wrapped;
      const base = JSON.parse(text, (k, v) => (FORBIDDEN.includes(k) ? undefined : v));
      let expected: unknown = base;
      while (expected !== null && typeof expected === 'object' && 'wrapped' in expected) expected = (expected as { wrapped: unknown }).wrapped;
      expect(inner).toEqual(expected);
    });
  });

  it('an event carrying __proto__ reaches the handler as plain data and pollutes nothing, logged or spread', async () => {
    const lines: string[] = [];
    const logger = new Logger({ format: 'JSON', write: (line) => lines.push(line) });
    rt = await startInProcess(
      bufferedDriver(() => (event: Record<string, unknown>) => {
        logger.info(event);
        logger.child({ ...event }).info('child');
        const merged = { ...event, ...Object.assign({}, event) };
        return { ownProto: Object.hasOwn(event, '__proto__'), merged: Object.keys(merged) };
      }),
    );
    for (const payload of PAYLOADS.filter((p) => p.startsWith('{'))) {
      const outcome = await rt.emulator.invoke(Buffer.from(payload));
      expect(outcome.status).toBe('success');
      expectNoPollution();
    }
    expect(lines.length).toBeGreaterThan(0);
  });
});
