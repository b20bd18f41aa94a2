import { describe, expect, it } from 'vitest';
import { InFlight } from '../../src/runtime/in-flight.js';
import type { Invocation } from '../../src/runtime/invocation.js';

// InFlight only keeps invocations by identity, so plain objects stand in for them.
const invocation = (name: string): Invocation => ({ name }) as unknown as Invocation;

describe('InFlight', () => {
  it('counts and lists overlapping invocations however they start and end', () => {
    const inFlight = new InFlight();
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(invocation) as [Invocation, Invocation, Invocation, Invocation];
    inFlight.track(a, true);
    inFlight.track(b, true);
    inFlight.track(c, true);
    expect(inFlight.size).toBe(3);
    expect(new Set(inFlight)).toEqual(new Set([a, b, c]));
    inFlight.track(a, false);
    inFlight.track(d, true);
    expect(inFlight.size).toBe(3);
    expect(new Set(inFlight)).toEqual(new Set([b, c, d]));
    inFlight.track(a, false);
    expect(inFlight.size).toBe(3);
    for (const done of [c, b, d]) inFlight.track(done, false);
    expect(inFlight.size).toBe(0);
    expect([...inFlight]).toEqual([]);
  });

  it('resolves idle() once the last running invocation ends, and at once when none runs', async () => {
    const inFlight = new InFlight();
    await inFlight.idle();
    const [a, b] = [invocation('a'), invocation('b')];
    inFlight.track(a, true);
    inFlight.track(b, true);
    let idle = false;
    const waiting = inFlight.idle().then(() => (idle = true));
    inFlight.track(a, false);
    await Promise.resolve();
    expect(idle).toBe(false);
    inFlight.track(b, false);
    await waiting;
    expect(idle).toBe(true);
  });
});
