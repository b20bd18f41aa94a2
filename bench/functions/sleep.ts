// A handler awaiting 10 ms of I/O: what multi-concurrency should overlap.
import { setTimeout as sleep } from 'node:timers/promises';
import { run } from 'lambda-kernel/runtime';

run(async () => {
  await sleep(10);
  return 'done';
});
