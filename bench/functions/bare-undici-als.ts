// The floor for lambda-kernel: the bare undici loop plus what lambda-kernel cannot do without. One
// AsyncLocalStorage `run()` per invocation, since invocations may overlap (on Node.js 20 and 22 this enables
// async hooks, whose cost every promise, tick and I/O callback of the process then pays); and the
// `Content-Type: application/json` a JSON response carries (runtime-api.md §8, case 3).
import { AsyncLocalStorage } from 'node:async_hooks';
import { loop } from './bare-undici-loop.js';

const current = new AsyncLocalStorage<{ requestId: string }>();
await loop((_event, requestId) => current.run({ requestId }, async () => 'Hello, world!'), { 'content-type': 'application/json' });
