import { afterEach, describe, expect, it, vi } from 'vitest';
import { RuntimeApiEmulator } from '../../src/emulator/index.js';
import { FakeRuntime, type Reply } from './fake-runtime.js';

let emulator: RuntimeApiEmulator | undefined;
afterEach(() => emulator?.close());

describe('maxConcurrency', () => {
  it('hands out exactly N invocations at once and parks the rest of the /next requests', async () => {
    // Prepare
    const n = 3;
    emulator = await RuntimeApiEmulator.start({ maxConcurrency: n });
    const runtime = new FakeRuntime(emulator);
    const got: Reply[] = [];
    const polls = Array.from({ length: n + 1 }, () => runtime.next().then((r) => (got.push(r), r)));
    await emulator.waitForParkedNext(n + 1);

    // Act
    const outcomes = Array.from({ length: n + 1 }, (_, i) => emulator!.invoke({ i }, { requestId: `id-${i}` }));
    await vi.waitFor(() => expect(got).toHaveLength(n));

    // Assess
    expect(emulator.parkedNextCount).toBe(1);
    expect(got.map((r) => r.headers['lambda-runtime-aws-request-id']).sort()).toEqual(['id-0', 'id-1', 'id-2']);

    // Act: one completion frees a slot for the parked /next
    await runtime.respond('id-1', '1');
    const all = await Promise.all(polls);

    // Assess
    expect(all.map((r) => r.headers['lambda-runtime-aws-request-id']).sort()).toEqual(['id-0', 'id-1', 'id-2', 'id-3']);
    for (const id of ['id-0', 'id-2', 'id-3']) await runtime.respond(id, '0');
    expect((await Promise.all(outcomes)).map((o) => o.status)).toEqual(['success', 'success', 'success', 'success']);
  });

  it('queues invokes until the single slot frees up', async () => {
    // Prepare
    emulator = await RuntimeApiEmulator.start();
    const runtime = new FakeRuntime(emulator);
    const first = emulator.invoke({}, { requestId: 'one' });
    const second = emulator.invoke({}, { requestId: 'two' });
    await runtime.next();

    // Act
    const parked = runtime.next();
    await emulator.waitForParkedNext(1);
    await runtime.respond('one', '1');
    const next = await parked;

    // Assess
    expect((await first).status).toBe('success');
    expect(next.headers['lambda-runtime-aws-request-id']).toBe('two');
    await runtime.respond('two', '2');
    expect((await second).text()).toBe('2');
  });

  it('answers 410 InvokeTimeout to a late post in Managed-Instances mode', async () => {
    // Prepare
    emulator = await RuntimeApiEmulator.start({ maxConcurrency: 2, timeoutMs: 50 });
    const runtime = new FakeRuntime(emulator);
    const outcome = emulator.invoke({}, { requestId: 'slow' });
    await runtime.next();

    // Act
    expect((await outcome).status).toBe('timeout');
    const late = await runtime.respond('slow', '1');

    // Assess
    expect(late.status).toBe(410);
    expect(late.json()).toEqual({ errorMessage: 'Invoke timeout', errorType: 'InvokeTimeout' });
  });

  it('rejects invokes after close and settles pending ones', async () => {
    // Prepare
    emulator = await RuntimeApiEmulator.start();
    const pending = emulator.invoke({});

    // Act
    await emulator.close();

    // Assess
    expect(await pending).toMatchObject({ status: 'error', errorType: 'Emulator.Closed' });
    await expect(emulator.invoke({})).rejects.toThrow(/closed/);
  });

  it('exports AWS_LAMBDA_MAX_CONCURRENCY only above 1', async () => {
    // Prepare
    emulator = await RuntimeApiEmulator.start({ maxConcurrency: 4, functionName: 'f', memorySizeMb: 512 });
    const single = await RuntimeApiEmulator.start();

    // Act
    const multiEnv = emulator.functionEnv({ EXTRA: '1' });
    const singleEnv = single.functionEnv();
    await single.close();

    // Assess
    expect(multiEnv).toMatchObject({
      AWS_LAMBDA_RUNTIME_API: emulator.address,
      AWS_LAMBDA_MAX_CONCURRENCY: '4',
      AWS_LAMBDA_FUNCTION_NAME: 'f',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/f',
      EXTRA: '1',
    });
    expect(singleEnv).not.toHaveProperty('AWS_LAMBDA_MAX_CONCURRENCY');
    expect(singleEnv).toMatchObject({ AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand', AWS_REGION: 'us-east-1' });
    expect(singleEnv['AWS_LAMBDA_LOG_STREAM_NAME']).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
  });
});
