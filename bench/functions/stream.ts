// A streaming handler sending 50 MiB in 64 KiB chunks with back-pressure, as a Node.js Writable is meant to be written.
import { once } from 'node:events';
import { runStream } from 'lambda-kernel/runtime';

const BYTES = 50 * 1024 * 1024;
const chunk = Buffer.alloc(64 * 1024, 97);

runStream(async (_event, stream) => {
  for (let sent = 0; sent < BYTES; sent += chunk.length) {
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
  stream.end();
});
