import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RuntimeApiEmulator } from '../../src/emulator/index.js';
import { FakeRuntime, type Reply } from './fake-runtime.js';

let emulator: RuntimeApiEmulator;
let runtime: FakeRuntime;

beforeEach(async () => {
  emulator = await RuntimeApiEmulator.start({ functionName: 'fn', handler: 'index.handler' });
  runtime = new FakeRuntime(emulator);
});
afterEach(() => emulator.close());

const register = (name: string, body = '{"events":[]}', headers: Record<string, string> = {}): Promise<Reply> =>
  runtime.call('POST', '/2020-01-01/extension/register', { body, headers: { 'Lambda-Extension-Name': name, ...headers } });
const eventNext = (id?: string): Promise<Reply> => {
  const headers: Record<string, string> = id === undefined ? {} : { 'Lambda-Extension-Identifier': id };
  return runtime.call('GET', '/2020-01-01/extension/event/next', { headers });
};
const errorTypeOf = (r: Reply) => [r.status, r.json<{ errorType: string }>().errorType];

describe('extension registration', () => {
  it('returns an identifier and the function metadata', async () => {
    // Act
    const plain = await register('one');
    const withAccount = await register('two', '{"events":["INVOKE"]}', { 'Lambda-Extension-Accept-Feature': 'accountId' });

    // Assess
    expect(plain.status).toBe(200);
    expect(plain.headers['lambda-extension-identifier']).toMatch(/^[0-9a-f-]{36}$/);
    expect(plain.json()).toEqual({ functionName: 'fn', functionVersion: '$LATEST', handler: 'index.handler' });
    expect(withAccount.json()).toMatchObject({ accountId: '123456789012' });
    expect(emulator.extensionCount).toBe(2);
  });

  it('refuses empty names, SHUTDOWN, duplicates, an eleventh extension and registration after the first /next', async () => {
    // Act
    const empty = await register('');
    const shutdown = await register('s', '{"events":["INVOKE","SHUTDOWN"]}');
    await register('dup');
    const duplicate = await register('dup');
    for (let i = 1; i < 10; i += 1) await register(`e${i}`);
    const eleventh = await register('e10');
    const polling = runtime.next();
    await emulator.waitForParkedNext(1);
    const late = await register('late');

    // Assess
    expect([empty, shutdown, duplicate, eleventh, late].map(errorTypeOf)).toEqual([
      [403, 'Extension.InvalidExtensionName'],
      [403, 'Extension.InvalidEventType'],
      [403, 'Extension.InvalidExtensionState'],
      [403, 'Extension.TooManyExtensions'],
      [403, 'Extension.RegistrationClosed'],
    ]);
    void emulator.close();
    await polling.catch(() => undefined);
  });

  it('checks the identifier on event/next', async () => {
    // Act
    const replies = await Promise.all([eventNext(), eventNext('not-a-uuid'), eventNext(randomUUID())]);

    // Assess
    expect(replies.map(errorTypeOf)).toEqual([
      [403, 'Extension.MissingExtensionIdentifier'],
      [403, 'Extension.InvalidExtensionIdentifier'],
      [403, 'Extension.UnknownExtensionIdentifier'],
    ]);
  });
});

describe('INVOKE events', () => {
  it('completes an invocation only once each INVOKE subscriber calls event/next again', async () => {
    // Prepare
    const ext = (await register('watcher', '{"events":["INVOKE"]}')).headers['lambda-extension-identifier']!;
    const firstEvent = eventNext(ext);
    let settled = false;
    const outcome = emulator.invoke({}, { requestId: 'inv', traceId: 'Root=1-x' });
    void outcome.then(() => (settled = true));

    // Act
    const next = await runtime.next();
    const event = await firstEvent;
    const posted = await runtime.respond('inv', '"done"');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const settledBeforeAck = settled;
    const secondEvent = eventNext(ext);

    // Assess
    expect(posted.status).toBe(202);
    expect(settledBeforeAck).toBe(false);
    expect((await outcome).text()).toBe('"done"');
    expect(event.headers['lambda-extension-event-identifier']).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.json()).toEqual({
      eventType: 'INVOKE',
      deadlineMs: Number(next.headers['lambda-runtime-deadline-ms']),
      requestId: 'inv',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fn',
      tracing: { type: 'X-Amzn-Trace-Id', value: 'Root=1-x' },
    });
    void emulator.close();
    await secondEvent.catch(() => undefined);
  });
});
