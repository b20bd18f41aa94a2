/**
 * @module
 * `lambda-kernel dev`: build, run on the emulator, serve the invoke endpoint (and a Function URL), rebuild and
 * restart on every change to the function's sources.
 */
import { relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FunctionUrlGateway, RuntimeApiEmulator } from '../emulator/index.js';
import { CommandError } from '../errors.js';
import { envPairs, integer, parse, single } from './args.js';
import { buildFunction, type BuiltFunction } from './build.js';
import { INVOKE_PATH } from './http-invoke.js';
import { scratchDir, spawnBundle } from './local-function.js';
import { SourceWatcher, sourceFiles } from './watcher.js';

/** Help text of `lambda-kernel dev`. */
export const DEV_USAGE = `Usage: lambda-kernel dev [entry=src/main.ts] [options]

Builds the function and runs it on a local Lambda emulator; rebuilds it when one of its source files changes
(the next invocation then cold-starts the new code). Function logs are printed as they come.
Serves on 127.0.0.1:
  POST http://127.0.0.1:<port>/2015-03-31/functions/function/invocations   (as the Runtime Interface Emulator)
  http://127.0.0.1:<url-port>/                                              (as a Function URL)

Options:
  --port N            invoke endpoint port (default 9000; 0 picks a free one)
  --url-port N        Function URL port (default 9001; 0 picks a free one)
  --concurrency N     invocations served at once (default 1; above 1 emulates Lambda Managed Instances)
  --timeout SECONDS   function timeout (default 300)
  --env KEY=VALUE     set a function environment variable (repeatable)
  --condition NAME    extra package.json export condition for resolving imports (repeatable)
  -h, --help          show this help`;

const OPTIONS = {
  port: { type: 'string' },
  'url-port': { type: 'string' },
  concurrency: { type: 'string' },
  timeout: { type: 'string' },
  env: { type: 'string', multiple: true },
  condition: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Starts a server, turning a taken port into a message that names the flag to change. */
async function listen<T>(flag: string, port: number, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new CommandError(`Port ${port} is in use; pick another with ${flag} (0 picks a free one).`, { cause: error });
  }
}

/** Runs `lambda-kernel dev` until SIGINT or SIGTERM; resolves with the exit code. */
export async function devCommand(argv: string[], out = console.log, err = console.error): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  if (values.help) return (out(DEV_USAGE), 0);
  const entry = single(positionals, 'src/main.ts');
  const port = integer(values.port, 'port', 9000);
  const urlPort = integer(values['url-port'], 'url-port', 9001);
  const maxConcurrency = integer(values.concurrency, 'concurrency', 1, 1, 1024);
  const timeoutMs = integer(values.timeout, 'timeout', 300, 1, 900 * 60) * 1000;
  const env = envPairs(values.env);

  // Undone in reverse on exit, or as far as they got when the start fails.
  const closers: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const close of closers.reverse()) await close();
  };
  let built: BuiltFunction;
  let emulator: RuntimeApiEmulator;
  let gateway: FunctionUrlGateway;
  let build: () => Promise<BuiltFunction>;
  try {
    const scratch = await scratchDir('dev');
    closers.push(scratch.remove);
    build = () => buildFunction({ entry, outDir: scratch.path, sourcemap: true, conditions: values.condition, zip: false });
    built = await build();
    emulator = await listen('--port', port, () => RuntimeApiEmulator.start({ port, maxConcurrency, timeoutMs }));
    closers.push(() => emulator.close());
    gateway = await listen('--url-port', urlPort, () => FunctionUrlGateway.start(emulator, { host: '127.0.0.1', port: urlPort }));
    closers.push(() => gateway.close());
  } catch (error) {
    await cleanup();
    throw error;
  }
  spawnBundle(emulator, built.bundlePath, {
    env,
    onOutput: (line, stream) => (stream === 'stderr' ? err(line) : out(line)),
  });

  const pending = new Set<string>();
  let building = false;
  const rebuild = async () => {
    if (building) return; // the running rebuild picks up what changed meanwhile
    building = true;
    while (pending.size > 0) {
      const names = [...pending].map((file) => relative(process.cwd(), file)).join(', ');
      pending.clear();
      out(`[dev] ${names} changed, rebuilding…`);
      const started = performance.now();
      try {
        built = await build();
        watcher.update(sourceFiles(built.metafile));
        // The next invocation cold-starts the new build, as after a deploy (an invocation in flight is cut).
        await emulator.shutdown('spindown');
        out(`[dev] rebuilt in ${Math.round(performance.now() - started)} ms; the next invocation runs the new code`);
      } catch (error) {
        err(`[dev] ${(error as Error).message}\n[dev] still serving the previous build`);
      }
    }
    building = false;
  };
  const watcher = new SourceWatcher((files) => {
    for (const file of files) pending.add(file);
    void rebuild();
  });
  watcher.update(sourceFiles(built.metafile));

  out(`[dev] serving ${entry} (${watcher.size} source files watched; Ctrl-C to stop)`);
  out(`[dev]   invoke       POST http://${emulator.address}${INVOKE_PATH}`);
  out(`[dev]   Function URL ${gateway.url}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  watcher.close();
  await cleanup();
  return 0;
}
