// terminate: answers, then ends its process, so the next invocation gets a fresh one (a cold start).
import { run } from 'lambda-kernel/runtime';

const startedAt = new Date().toISOString();

run((_event, context) => {
  // For state you cannot trust any more (a leaked handle, a poisoned cache): respond first, then exit.
  context.forceTerminateAfterResponse();
  return { pid: process.pid, startedAt };
});
