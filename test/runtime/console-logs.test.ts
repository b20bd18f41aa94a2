import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeApiEmulator } from '../../src/emulator/index.js';
import { buildFunction, cleanFixtures } from '../helpers/build-fixture.js';

let emulator: RuntimeApiEmulator | undefined;
let file: string;
beforeAll(async () => {
  file = await buildFunction(
    `import { run } from 'lambda-kernel/runtime';
run((event: { text: string }) => {
  console.log('hi');
  console.error('failed', new TypeError('bad input'));
  console.debug('debugging');
  console.warn(event.text);
  return 'logged';
});\n`,
    'logs',
  );
});
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});
afterAll(cleanFixtures);

async function invokeWith(env: Record<string, string>, text = 'plain') {
  emulator = await RuntimeApiEmulator.start();
  const lines: string[] = [];
  // The function's stdout reaches us on its own pipe, after the response at times: wait for the last console call
  // of the second invocation (its warn, kept at every level the tests use) rather than for the response alone.
  let printedLast!: () => void;
  const last = new Promise<void>((resolve) => (printedLast = resolve));
  const onOutput = (line: string) => {
    lines.push(line);
    if (line.includes('log-req-2') && line.includes('second')) printedLast();
  };
  emulator.spawnFunction({ command: process.execPath, args: [file], env, onOutput });
  await emulator.invoke({ text }, { requestId: 'log-req', tenantId: env.TENANT ? 'tenant-9' : undefined });
  await emulator.invoke({ text: 'second' }, { requestId: 'log-req-2' });
  await last;
  return lines;
}

describe('console output of a function process', () => {
  it('emits one JSON object per console call carrying the request id (case 46, 47)', async () => {
    const lines = (await invokeWith({ AWS_LAMBDA_LOG_FORMAT: 'JSON', TENANT: '1' })).map((l) => JSON.parse(l));
    const ofFirst = lines.filter((l) => l.requestId === 'log-req');
    expect(ofFirst[0]).toEqual({ timestamp: expect.any(String), level: 'INFO', requestId: 'log-req', tenantId: 'tenant-9', message: 'hi' });
    expect(ofFirst[1]).toMatchObject({ level: 'ERROR', errorType: 'TypeError', errorMessage: 'bad input', message: expect.stringContaining('failed TypeError: bad input') });
    expect(ofFirst[1].stackTrace[0]).toBe('TypeError: bad input');
    expect(lines.filter((l) => l.requestId === 'log-req-2').every((l) => !('tenantId' in l))).toBe(true);
  });

  it('drops info, log and debug below AWS_LAMBDA_LOG_LEVEL=WARN (case 48)', async () => {
    const lines = (await invokeWith({ AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: 'WARN' })).map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.requestId === 'log-req').map((l) => l.level)).toEqual(['ERROR', 'WARN']);
  });

  it('keeps a multi-line message on one tab-separated text line (case 49)', async () => {
    const lines = await invokeWith({}, 'line one\nline two\r\nFAKE\tINFO\tforged');
    const warn = lines.filter((l) => l.includes('\tWARN\t'));
    expect(warn).toHaveLength(2);
    const [timestamp, requestId, level, message] = warn[0]!.split('\t');
    expect(new Date(timestamp!).toISOString()).toBe(timestamp);
    expect([requestId, level]).toEqual(['log-req', 'WARN']);
    expect(message).toBe('line one\rline two\rFAKE');
    expect(lines.some((l) => l.startsWith('line two') || l.startsWith('FAKE'))).toBe(false);
  });
});
