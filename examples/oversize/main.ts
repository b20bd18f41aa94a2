// oversize: returns about 8 MiB, over Lambda's 6 MiB buffered limit, so the invocation fails with Function.ResponseSizeTooLarge.
import { run } from 'lambda-kernel/runtime';

const EIGHT_MIB = 8 * 1024 * 1024;

run(() => 'x'.repeat(EIGHT_MIB));
