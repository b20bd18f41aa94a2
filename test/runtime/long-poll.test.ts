import { afterEach, describe, expect, it, vi } from 'vitest';
import { bufferedDriver } from '../../src/runtime/run.js';
import { type InProcessRuntime, startInProcess } from '../helpers/in-process.js';

let rt: InProcessRuntime | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await rt?.stop();
  rt = undefined;
});

describe('the /next long poll', () => {
  it('is still waiting after the clock jumps past undici’s default 300 s timeouts (case 23)', async () => {
    // Prepare: fake only the timer functions, so sockets stay real while timers can jump ahead.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] });
    rt = await startInProcess(bufferedDriver(() => (event: unknown) => event));
    await vi.waitFor(() => expect(rt!.emulator.parkedNextCount).toBe(1), { interval: 5 });

    // Act: as after a long freeze, every armed timer fires at once.
    await vi.advanceTimersByTimeAsync(400_000);
    await new Promise((r) => setImmediate(r));

    // Assess: the same long poll still delivers the next event.
    expect(rt.emulator.parkedNextCount).toBe(1);
    vi.useRealTimers();
    expect((await rt.emulator.invoke({ after: 'freeze' })).json()).toEqual({ after: 'freeze' });
    expect(rt.emulator.requests.filter((r) => r.path.endsWith('/next') && r.status === 200)).toHaveLength(1);
  });
});
