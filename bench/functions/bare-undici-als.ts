// The floor for a runtime that keeps the current invocation in AsyncLocalStorage (as lambda-kernel must, since
// invocations may overlap): the bare undici loop with one `run()` per invocation. On Node.js 20 and 22 this
// enables async hooks, whose cost every promise, tick and I/O callback of the process then pays.
import { AsyncLocalStorage } from 'node:async_hooks';
import { loop } from './bare-undici-loop.js';

const current = new AsyncLocalStorage<{ requestId: string }>();
await loop((_event, requestId) => current.run({ requestId }, async () => 'Hello, world!'));
