import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bundle } from '../../src/cli/bundle.js';
import { RuntimeApiEmulator } from '../../src/emulator/index.js';
import { buildCli, cacheDir, cleanCacheDirs, CliProcess, root, runCli } from './cli-process.js';

const SOURCE = '--condition=lambda-kernel:source';
let cli: string;
let streamer: string;
beforeAll(async () => {
  const dir = cacheDir('invoke');
  // Streams a first chunk, waits until the test opens the gate (an HTTP request it answers), then a second.
  const entry = join(dir, 'streamer.ts');
  writeFileSync(
    entry,
    `import { runStream } from 'lambda-kernel/runtime';
runStream(async (event: { gate: string }, stream) => {
  stream.write('first chunk\\n');
  await fetch(event.gate);
  stream.end('second chunk\\n');
});\n`,
  );
  [cli, streamer] = await Promise.all([
    buildCli(),
    bundle({ entry, outfile: join(dir, 'streamer.mjs'), conditions: ['lambda-kernel:source'] }).then((r) => r.outfile),
  ]);
});
afterAll(cleanCacheDirs);

let emulator: RuntimeApiEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** An HTTP endpoint whose requests wait until `open()`. */
async function gate() {
  const waiting: ServerResponse[] = [];
  let opened = false;
  const server = createServer((_req, res) => (opened ? res.end() : waiting.push(res)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const open = () => {
    opened = true;
    for (const res of waiting.splice(0)) res.end();
  };
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { url, open, close };
}

describe('lambda-kernel invoke', () => {
  it("prints a streamed response as it arrives from a server's invoke endpoint", async () => {
    // Prepare
    emulator = await RuntimeApiEmulator.start();
    emulator.spawnFunction({ command: process.execPath, args: [streamer] });
    const barrier = await gate();

    // Act
    const invoke = new CliProcess(cli, ['invoke', '--url', `http://${emulator.address}`, '--data', JSON.stringify({ gate: barrier.url })]);
    await invoke.waitFor(/first chunk\n/);

    // Assess: the first chunk is out while the function still waits to write the second.
    expect(invoke.stdout).toBe('first chunk\n');
    barrier.open();
    expect((await invoke.exited).code).toBe(0);
    expect(invoke.stdout).toBe('first chunk\nsecond chunk\n');
    expect(invoke.chunks.length).toBeGreaterThanOrEqual(2);
    await barrier.close();
  });

  it('--entry builds the function and invokes it once on an embedded emulator, streaming too', async () => {
    const barrier = await gate();
    barrier.open();
    const streamerEntry = join(streamer, '..', 'streamer.ts');
    const { code, stdout } = await runCli(cli, ['invoke', '--entry', streamerEntry, SOURCE, '--data', JSON.stringify({ gate: barrier.url })]);
    expect(code).toBe(0);
    expect(stdout).toBe('first chunk\nsecond chunk\n');
    await barrier.close();
  });

  it('sends --example events as AWS would and prints the response byte for byte', async () => {
    const { code, stdout } = await runCli(cli, ['invoke', '--entry', 'examples/echo/main.ts', SOURCE, '--example', 'sqs']);
    expect(code).toBe(0);
    const event = JSON.parse(stdout) as { Records: { eventSource: string; body: string }[] };
    expect(event).toEqual(JSON.parse(readFileSync(join(root, 'src/cli/events/sqs.json'), 'utf8')));
    expect(event.Records[0]!.eventSource).toBe('aws:sqs');
  });

  it('sends a --file byte for byte, from a path or from stdin', async () => {
    const bytes = randomBytes(2048);
    const file = join(cacheDir('payload'), 'event.bin');
    writeFileSync(file, bytes);
    const fromFile = await runCli(cli, ['invoke', '--entry', 'examples/echo/main.ts', SOURCE, '--file', file]);
    expect(fromFile.stdoutBytes.equals(bytes)).toBe(true);
    const fromStdin = await runCli(cli, ['invoke', '--entry', 'examples/echo/main.ts', SOURCE, '--file', '-'], { input: bytes });
    expect(fromStdin.stdoutBytes.equals(bytes)).toBe(true);
  });

  it('prints the error and exits 1 when the function fails', async () => {
    const { code, stdout, stderr } = await runCli(cli, ['invoke', '--entry', 'examples/fail/main.ts', SOURCE, '--data', '{"orderId":"o-1"}']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ errorType: 'OrderNotFoundError', errorMessage: 'Order o-1 does not exist' });
    expect(stderr).toContain('[invoke] the function failed (OrderNotFoundError)');
  });

  it('says how to start a server when none answers, and rejects unknown examples', async () => {
    const closed = await RuntimeApiEmulator.start();
    const url = `http://${closed.address}`;
    await closed.close();
    const unreachable = await runCli(cli, ['invoke', '--url', url]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain(`Cannot reach ${url}`);
    expect(unreachable.stderr).toContain('Is `lambda-kernel dev` running?');
    const unknown = await runCli(cli, ['invoke', '--example', 'kinesis']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown example "kinesis"; try one of url, apigw-http, sqs, sns, s3, dynamodb, eventbridge, firehose.');
  });
});
