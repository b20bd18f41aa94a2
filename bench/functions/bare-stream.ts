// The streaming floor: 50 MiB in 64 KiB chunks as a chunked node:http POST with back-pressure, on a keep-alive agent.
import { Agent, request } from 'node:http';

const BYTES = 50 * 1024 * 1024;
const chunk = Buffer.alloc(64 * 1024, 97);
const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API!.split(':') as [string, string];
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const base = '/2018-06-01/runtime/invocation/';

function next(): Promise<string> {
  return new Promise((resolve, reject) => {
    request({ host, port, path: `${base}next`, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.headers['lambda-runtime-aws-request-id'] as string));
    }).on('error', reject).end();
  });
}

for (;;) {
  const id = await next();
  await new Promise<void>((resolve, reject) => {
    const headers = { 'content-type': 'application/octet-stream', 'lambda-runtime-function-response-mode': 'streaming', 'transfer-encoding': 'chunked' };
    const req = request({ host, port, method: 'POST', path: `${base}${id}/response`, agent, headers }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    let sent = 0;
    const pump = () => {
      while (sent < BYTES) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}
