// The kernel layer alone, in one process and without I/O: the DI hello's driver against the plain run() driver,
// fed the same invocations with a Runtime API client that answers at once. Prints one JSON line per round:
// CPU µs per invocation of each driver (process.cpuUsage, which the load of the machine barely moves).
import { Kernel } from 'lambda-kernel';
import { bufferedDriver, Invocation, InvocationContext, type InvocationDriver, Logger, readFunctionConfig, runInInvocation } from 'lambda-kernel/runtime';
import { helloApp } from './hello-di-app.js';

const rounds = Number(process.argv[2] ?? 7);
const count = Number(process.argv[3] ?? 20_000);
const config = readFunctionConfig({ AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001', AWS_LAMBDA_FUNCTION_NAME: 'bench' });
const logger = new Logger({ write: () => {} });
const accepted = { status: 202, headers: {}, body: Buffer.alloc(0) };
const client = { respond: () => Promise.resolve(accepted), fail: () => Promise.resolve(accepted) } as never;
const body = Buffer.from('{"name":"world"}');

const kernel = Kernel.create(helloApp);
await kernel.boot(config, logger);
const drivers: Record<string, InvocationDriver> = { plain: bufferedDriver(() => () => 'Hello, world!'), di: kernel.driver() };

async function measure(driver: InvocationDriver): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    const headers = { 'lambda-runtime-aws-request-id': String(i), 'lambda-runtime-deadline-ms': String(Date.now() + 900_000) };
    const context = new InvocationContext(headers, body, config);
    const invocation = new Invocation(context, JSON.parse(body.toString()), client, logger);
    await runInInvocation(context, () => driver(invocation));
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / count;
}

await measure(drivers.plain!);
await measure(drivers.di!);
for (let round = 0; round < rounds; round++) {
  const order = round % 2 ? ['di', 'plain'] : ['plain', 'di'];
  const result: Record<string, number> = {};
  for (const name of order) result[name] = await measure(drivers[name]!);
  console.log(JSON.stringify(result));
}
