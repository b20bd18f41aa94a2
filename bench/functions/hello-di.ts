// The hello function on the kernel (see hello-di-app.ts).
import { Kernel } from 'lambda-kernel';
import { helloApp } from './hello-di-app.js';

Kernel.create(helloApp).run();
