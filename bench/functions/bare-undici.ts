// The floor on undici: the bare loop and the hello handler.
import { loop } from './bare-undici-loop.js';

await loop(async () => 'Hello, world!');
