// The floor on undici: one `Client` (its module alone, as the runtime loads it), raw `dispatch`, nothing else.
import Client from 'undici/lib/dispatcher/client.js';

const client = new Client(`http://${process.env.AWS_LAMBDA_RUNTIME_API}`, { headersTimeout: 0, bodyTimeout: 0 });
const base = '/2018-06-01/runtime/invocation/';

function call(method: 'GET' | 'POST', path: string, body?: string, headers?: Record<string, string>): Promise<{ id: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    let id = '';
    const chunks: Buffer[] = [];
    client.dispatch({ method, path, body: body ?? null, headers }, {
      onConnect() {},
      onHeaders(_status: number, headers: Buffer[]) {
        for (let i = 0; i < headers.length; i += 2) {
          if (headers[i]!.toString().toLowerCase() === 'lambda-runtime-aws-request-id') id = headers[i + 1]!.toString();
        }
        return true;
      },
      onData: (chunk: Buffer) => chunks.push(chunk) > 0,
      onComplete: () => resolve({ id, body: Buffer.concat(chunks) }),
      onError: reject,
    } as never);
  });
}

/** `/next` → parse → handler → post (with `headers`), forever. */
export async function loop(handler: (event: unknown, id: string) => Promise<unknown>, headers?: Record<string, string>): Promise<never> {
  for (;;) {
    const next = await call('GET', `${base}next`);
    const result = await handler(JSON.parse(next.body.toString()), next.id);
    await call('POST', `${base}${next.id}/response`, JSON.stringify(result), headers);
  }
}
