// The hello function on the plain runtime, as examples/hello has it.
import { run } from 'lambda-kernel/runtime';

run(() => 'Hello, world!');
