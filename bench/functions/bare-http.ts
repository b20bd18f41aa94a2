// The floor on node:http: a keep-alive agent, `/next` → parse → handler → post, nothing else.
import { Agent, request } from 'node:http';

const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API!.split(':') as [string, string];
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const base = '/2018-06-01/runtime/invocation/';
const handler = async (_event: unknown) => 'Hello, world!';

function call(method: string, path: string, body?: string): Promise<{ headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, method, path, agent }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (data += chunk));
      res.on('end', () => resolve({ headers: res.headers, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

for (;;) {
  const next = await call('GET', `${base}next`);
  const id = next.headers['lambda-runtime-aws-request-id'] as string;
  const result = await handler(JSON.parse(next.body));
  await call('POST', `${base}${id}/response`, JSON.stringify(result));
}
