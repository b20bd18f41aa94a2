import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RuntimeApiEmulator } from '../../src/emulator/index.js';
import { createRuntimeLogger, startRuntime } from '../../src/runtime/runtime.js';
import { streamDriver } from '../../src/runtime/streaming/stream-driver.js';

/**
 * A TCP proxy in front of the emulator that cuts a streaming POST once `marker` has gone through: the
 * connection drops mid-stream, as when the platform goes away under a response.
 */
async function droppingProxy(target: RuntimeApiEmulator, marker: string) {
  let onDrop!: () => void;
  const dropped = new Promise<void>((resolve) => (onDrop = resolve));
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
    let seen = '';
    client.on('data', (chunk: Buffer) => {
      seen += chunk.toString('latin1');
      const streaming = /lambda-runtime-function-response-mode: streaming/i.test(seen);
      if (streaming && seen.includes(marker)) {
        // Forward what came before the marker, then drop both sides.
        upstream.write(chunk.subarray(0, chunk.indexOf(marker)), () => {
          client.destroy();
          upstream.destroy();
          onDrop();
        });
        return;
      }
      if (!streaming) seen = seen.slice(-200);
      upstream.write(chunk);
    });
    upstream.pipe(client);
    client.on('end', () => upstream.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    dropped,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let emulator: RuntimeApiEmulator | undefined;
let proxy: Awaited<ReturnType<typeof droppingProxy>> | undefined;
const controller = new AbortController();
afterEach(async () => {
  controller.abort();
  await emulator?.close();
  await proxy?.close();
  emulator = proxy = undefined;
});

describe('a connection dropped in the middle of a streamed response', () => {
  it('ends the runtime with a non-zero code (the Runtime API is gone) and the platform records a truncated response', async () => {
    // Prepare: the runtime talks to the emulator through a proxy that cuts the streaming POST.
    emulator = await RuntimeApiEmulator.start();
    proxy = await droppingProxy(emulator, 'CUT-HERE');
    const dropped = proxy.dropped;
    const lines: string[] = [];
    const env = { ...emulator.functionEnv(), AWS_LAMBDA_RUNTIME_API: proxy.address };
    let handlerEnded = false;
    const exited = startRuntime(
      streamDriver(() => async (_event, stream) => {
        stream.write('first chunk;');
        stream.write('CUT-HERE');
        await dropped;
        // Writing to a dead response must neither hang nor throw out of the handler.
        stream.write('after the drop');
        stream.end();
        handlerEnded = true;
      }),
      { env, exit: false, patchConsole: false, processGuards: false, signal: controller.signal, logger: createRuntimeLogger(env, (l) => lines.push(l)) },
    );

    // Act
    const outcome = await emulator.invoke({});
    const code = await exited;

    // Assess
    expect(code).toBe(1);
    expect(handlerEnded).toBe(true);
    expect(outcome.status).toBe('error');
    expect(outcome.errorType).toBe('Runtime.TruncatedResponse');
    expect(outcome.body.toString()).not.toContain('after the drop');
    expect(lines.join('')).toMatch(/response of .* failed|could not be reached|socket hang up|ECONNRESET/i);
  });
});
