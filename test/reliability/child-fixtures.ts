import { RuntimeApiEmulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { buildFunction } from '../helpers/build-fixture.js';

/** A plain `run()` function whose behaviour each event picks (`mode`). */
export const PLAIN_SOURCE = `import { run } from 'lambda-kernel/runtime';
run(async (event: { mode?: string; ms?: number }) => {
  if (event.mode === 'hang') {
    console.log('handler started');
    await new Promise(() => {});
  }
  if (event.mode === 'hang-alive') {
    console.log('handler started');
    setInterval(() => {}, 1_000);
    await new Promise(() => {});
  }
  if (event.mode === 'fail') throw new TypeError('asked to fail');
  if (event.mode === 'sleep') await new Promise((resolve) => setTimeout(resolve, event.ms));
  return { echo: event, pid: process.pid };
});
`;

/**
 * A kernel function for lifecycle faults, configured by environment: INIT_HANG, SHUTDOWN_HANG,
 * INIT_TIMEOUT_MS, SHUTDOWN_BUDGET_MS. The handler starts, says so, and finishes on SIGTERM (mode "until-sigterm") or never ("hang").
 */
export const KERNEL_SOURCE = `import { Handler, Kernel, OnInit, OnShutdown, Singleton, inject } from 'lambda-kernel';
@Singleton()
class Resource {
  @OnInit() async open() {
    if (process.env.INIT_HANG) { console.log('init hanging'); await new Promise(() => {}); }
  }
  @OnShutdown() async close() {
    console.log('shutdown hook started');
    if (process.env.SHUTDOWN_HANG) await new Promise(() => {});
    await new Promise((resolve) => setTimeout(resolve, 50)); // a flush that takes a moment
    console.log('shutdown hook finished');
  }
}
@Handler()
class Work {
  constructor(@inject(Resource) readonly resource: Resource) {}
  async handle(event: { mode?: string }) {
    console.log('handler started ' + event.mode);
    if (event.mode === 'until-sigterm') await new Promise((resolve) => process.once('SIGTERM', resolve));
    if (event.mode === 'hang') await new Promise(() => setInterval(() => {}, 1_000));
    console.log('handler finished');
    return 'done';
  }
}
const initTimeoutMs = process.env.INIT_TIMEOUT_MS ? Number(process.env.INIT_TIMEOUT_MS) : undefined;
const shutdownBudgetMs = process.env.SHUTDOWN_BUDGET_MS ? Number(process.env.SHUTDOWN_BUDGET_MS) : undefined;
Kernel.create({ handler: Work, providers: [Resource] }).run({ initTimeoutMs, shutdownBudgetMs });
`;

export interface ChildFunction {
  emulator: RuntimeApiEmulator;
  fn: ReturnType<RuntimeApiEmulator['spawnFunction']>;
  output: string[];
  /** Resolves once a line containing `text` was printed. */
  printed(text: string): Promise<void>;
}

/** Starts an emulator and the built function `file` as its child process. */
export async function startChild(file: string, env: Record<string, string> = {}, options: EmulatorOptions = {}): Promise<ChildFunction> {
  const emulator = await RuntimeApiEmulator.start(options);
  const output: string[] = [];
  const waiters: { text: string; resolve: () => void }[] = [];
  const fn = emulator.spawnFunction({
    command: process.execPath,
    args: [file],
    env,
    onOutput: (line) => {
      output.push(line);
      for (const w of waiters.filter((w) => line.includes(w.text))) w.resolve();
    },
  });
  const printed = (text: string) =>
    output.some((line) => line.includes(text)) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ text, resolve }));
  return { emulator, fn, output, printed };
}

export const buildPlain = () => buildFunction(PLAIN_SOURCE, 'plain');
export const buildKernel = () => buildFunction(KERNEL_SOURCE, 'kernel');
