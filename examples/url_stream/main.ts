// url_stream: a streamed HTML page behind a Function URL — status 206, then three updates 500 ms apart.
import { type FunctionUrlEvent, openHttpStream, runStream } from 'lambda-kernel/runtime';

// STREAM_INTERVAL_MS shortens the pauses (the tests use it); 500 ms otherwise.
const INTERVAL_MS = Number(process.env['STREAM_INTERVAL_MS'] ?? 500);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

runStream<FunctionUrlEvent>(async (event, stream) => {
  // Status, headers and cookies travel in the prelude, sent before the first byte of the page.
  openHttpStream(stream, {
    statusCode: 206,
    contentType: 'text/html; charset=utf-8',
    headers: { 'cache-control': 'no-store' },
  });
  await stream.publish(`<!doctype html>\n<title>Streaming</title>\n<h1>Updates for ${event.rawPath}</h1>\n`);
  for (let n = 1; n <= 3; n++) {
    await sleep(INTERVAL_MS);
    await stream.publish(`<p>Update ${n} of 3</p>\n`);
  }
  stream.end('<p>Done.</p>\n');
});
