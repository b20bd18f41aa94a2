// stream: server-sent events — an opening line, three messages 500 ms apart, then close the stream and keep working.
import { inject, Kernel, Logger, type ResponseStream, StreamHandler } from 'lambda-kernel';

// STREAM_INTERVAL_MS shortens the pauses (the tests use it); 500 ms otherwise.
const INTERVAL_MS = Number(process.env['STREAM_INTERVAL_MS'] ?? 500);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

@StreamHandler()
class Ticker {
  constructor(@inject(Logger) private readonly logger: Logger) {}

  async handle(_event: unknown, stream: ResponseStream): Promise<void> {
    stream.open('text/event-stream');
    await stream.publish('data: Streaming started\n\n');
    for (let n = 1; n <= 3; n++) {
      await sleep(INTERVAL_MS);
      // publish() sends each event at once instead of waiting for more data.
      await stream.publish(`data: This is message number ${n}\n\n`);
    }
    await stream.close();
    // The caller has the whole response now; what follows no longer delays it, but still counts as run time.
    await sleep(INTERVAL_MS);
    this.logger.info('Stream closed; the work after it is done.');
  }
}

Kernel.create({ handler: Ticker }).run();
