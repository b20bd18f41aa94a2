/**
 * @module
 * The `lambda-kernel` command: dispatch to `build`, `dev` and `invoke`, and the exit codes (0 ok, 1 failure,
 * 2 usage error). Dev tooling: nothing here is ever bundled into a function.
 * @example
 * npx lambda-kernel build src/main.ts --arch arm64 --release
 * npx lambda-kernel dev src/main.ts
 * npx lambda-kernel invoke --example sqs
 */
import { isLambdaKernelError, UsageError } from '../errors.js';
import { VERSION } from '../version.js';
import { buildCommand } from './build-command.js';
import { devCommand } from './dev-command.js';
import { invokeCommand } from './invoke-command.js';

/** Help text of `lambda-kernel`. */
export const USAGE = `Usage: lambda-kernel <command> [options]

Commands:
  build [entry]   bundle a function and package it for Lambda (bootstrap + lambda.zip)
  dev [entry]     run a function on a local Lambda emulator, rebuilding on changes
  invoke          invoke a running dev server, or build and invoke an entry once

Run lambda-kernel <command> --help for a command's options.`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  build: (argv) => buildCommand(argv),
  dev: (argv) => devCommand(argv),
  invoke: (argv) => invokeCommand(argv),
};

/** Runs the CLI with `argv` (without `node` and the script); sets `process.exitCode` and resolves with it. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  let code: number;
  try {
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
      console.log(USAGE);
      code = name === undefined ? 2 : 0;
    } else if (name === '--version' || name === '-v') {
      console.log(VERSION);
      code = 0;
    } else {
      const command = COMMANDS[name];
      if (command === undefined) throw new UsageError(`Unknown command "${name}".`);
      code = await command(rest);
    }
  } catch (error) {
    code = report(error, name);
  }
  process.exitCode = code;
  return code;
}

function report(error: unknown, command: string | undefined): number {
  if (error instanceof UsageError) {
    const help = command !== undefined && command in COMMANDS ? `lambda-kernel ${command} --help` : 'lambda-kernel --help';
    console.error(`lambda-kernel: ${error.message}\nRun ${help} for usage.`);
    return 2;
  }
  // Our own errors carry a message written for the user; anything else is a bug worth its stack.
  console.error(isLambdaKernelError(error) ? `lambda-kernel: ${error.message}` : error);
  return 1;
}
