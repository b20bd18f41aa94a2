/**
 * @module
 * `lambda-kernel invoke`: send one event to a running `dev` server (or any RIE endpoint), or build an entry and
 * invoke it once on an embedded emulator. The response goes to stdout as it arrives, byte for byte; function
 * logs and failures go to stderr, and a failed invocation exits with status 1.
 */
import { readFile } from 'node:fs/promises';
import { RuntimeApiEmulator } from '../emulator/index.js';
import { UsageError } from '../errors.js';
import { envPairs, parse, type Parsed } from './args.js';
import { buildFunction } from './build.js';
import { EXAMPLE_EVENTS, exampleEvent } from './events/index.js';
import { invokeEndpoint } from './http-invoke.js';
import { scratchDir, spawnBundle } from './local-function.js';

const EXAMPLES = Object.keys(EXAMPLE_EVENTS).join(', ');

/** Help text of `lambda-kernel invoke`. */
export const INVOKE_USAGE = `Usage: lambda-kernel invoke [--data JSON | --file F | --example NAME] [--url URL | --entry FILE]

Invokes the function once and prints the response as it arrives (streamed responses chunk by chunk).
By default it calls a running \`lambda-kernel dev\`; with --entry it builds FILE and runs it on its own emulator.

Options:
  --data JSON         the event (default {})
  --file F            read the event from file F (- for stdin); sent byte for byte
  --example NAME      a typical event: ${EXAMPLES}
  --url URL           the dev server or RIE to call (default http://127.0.0.1:9000)
  --entry FILE        no server: build FILE and invoke it once on an embedded emulator
  --env KEY=VALUE     with --entry: a function environment variable (repeatable)
  --condition NAME    with --entry: extra package.json export condition (repeatable)
  -h, --help          show this help`;

const OPTIONS = {
  data: { type: 'string' },
  file: { type: 'string' },
  example: { type: 'string' },
  url: { type: 'string' },
  entry: { type: 'string' },
  env: { type: 'string', multiple: true },
  condition: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = Parsed<typeof OPTIONS>['values'];

async function payloadOf(values: Values): Promise<Buffer> {
  const given = [values.data, values.file, values.example].filter((v) => v !== undefined);
  if (given.length > 1) throw new UsageError('Pass one of --data, --file and --example.');
  if (values.file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
  if (values.file !== undefined) return readFile(values.file);
  if (values.example !== undefined) {
    const event = exampleEvent(values.example);
    if (event === undefined) throw new UsageError(`Unknown example "${values.example}"; try one of ${EXAMPLES}.`);
    return Buffer.from(JSON.stringify(event, null, 2));
  }
  return Buffer.from(values.data ?? '{}');
}

/** Runs `lambda-kernel invoke`; resolves with the exit code. */
export async function invokeCommand(
  argv: string[],
  write: (chunk: Uint8Array) => void = (chunk) => process.stdout.write(chunk),
  err: (line: string) => void = console.error,
): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  if (values.help) return (write(Buffer.from(`${INVOKE_USAGE}\n`)), 0);
  if (positionals.length > 0) throw new UsageError(`Unexpected argument ${positionals[0]}; see --help.`);
  if (values.url !== undefined && values.entry !== undefined) throw new UsageError('Pass --url or --entry, not both.');
  const payload = await payloadOf(values);
  let last: number | undefined;
  const print = (chunk: Uint8Array) => {
    if (chunk.byteLength > 0) last = chunk[chunk.byteLength - 1];
    write(chunk);
  };
  const failed =
    values.entry === undefined
      ? await viaServer(values.url ?? 'http://127.0.0.1:9000', payload, print, err)
      : await oneShot(values.entry, values, payload, print, err);
  // A terminal prompt should not glue onto the response; pipes get the bytes untouched.
  if (process.stdout.isTTY && last !== undefined && last !== 0x0a) write(Buffer.from('\n'));
  return failed ? 1 : 0;
}

async function viaServer(url: string, payload: Buffer, print: (c: Uint8Array) => void, err: (l: string) => void) {
  const result = await invokeEndpoint(url, payload, print);
  if (result.cut) err('[invoke] the response was cut short: the function failed while streaming');
  else if (result.status !== 200) err(`[invoke] HTTP ${result.status}`);
  else if (result.functionError) err(`[invoke] the function failed (${result.functionError})`);
  return result.cut || result.status !== 200 || result.functionError !== undefined;
}

async function oneShot(entry: string, values: Values, payload: Buffer, print: (c: Uint8Array) => void, err: (l: string) => void) {
  const scratch = await scratchDir('invoke');
  const emulator = await RuntimeApiEmulator.start();
  try {
    const built = await buildFunction({ entry, outDir: scratch.path, sourcemap: true, conditions: values.condition, zip: false });
    spawnBundle(emulator, built.bundlePath, { env: envPairs(values.env), onOutput: (line) => err(line) });
    const outcome = await emulator.invoke(payload, { onChunk: print });
    if (outcome.status === 'success') {
      if (!outcome.streamed) print(outcome.body);
      return false;
    }
    // A streamed failure already printed its bytes; the error body (or the platform's message) goes to stderr.
    if (outcome.streamed) err(`[invoke] the stream failed: ${JSON.stringify(outcome.error ?? {})}`);
    else print(outcome.body);
    err(`[invoke] the function failed (${outcome.error?.errorType ?? outcome.errorType ?? outcome.status})`);
    return true;
  } finally {
    await emulator.close();
    await scratch.remove();
  }
}
