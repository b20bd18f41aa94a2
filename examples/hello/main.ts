// hello: the smallest function — answers every event with "Hello, world!".
import { run } from 'lambda-kernel/runtime';

run(() => 'Hello, world!');
