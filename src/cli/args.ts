/**
 * @module
 * Command-line parsing shared by the commands: node:util's strict `parseArgs`, with its errors turned into
 * {@link UsageError}s, and validators for the values the commands take.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';
import type { BuildLogLevel } from './bundle.js';

/** Option definitions in node:util's `parseArgs` format. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Target architectures, named as Lambda names them. */
export type Architecture = 'x86_64' | 'arm64';

/** What {@link parse} returns for options `O`. */
export type Parsed<O extends OptionSpec> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
>;

/** Parses `argv` strictly: unknown flags and missing values are usage errors. */
export function parse<O extends OptionSpec>(argv: string[], options: O): Parsed<O> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** At most one positional argument (the entry), or `fallback`. */
export function single(positionals: string[], fallback: string, what = 'entry'): string {
  if (positionals.length > 1) throw new UsageError(`Expected one ${what}, got ${positionals.join(' ')}.`);
  return positionals[0] ?? fallback;
}

/** An integer within [min, max], or the fallback when absent. */
export function integer(value: string | undefined, flag: string, fallback: number, min = 0, max = 65_535): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new UsageError(`--${flag} must be an integer from ${min} to ${max}, got "${value}".`);
  }
  return n;
}

/** `x86_64` (Lambda's default) or `arm64`; `amd64`, `x64` and `aarch64` are accepted as aliases. */
export function architecture(value: string | undefined): Architecture {
  const v = value?.toLowerCase();
  if (v === undefined || v === 'x86_64' || v === 'x64' || v === 'amd64') return 'x86_64';
  if (v === 'arm64' || v === 'aarch64') return 'arm64';
  throw new UsageError(`--arch must be x86_64 or arm64, got "${value}".`);
}

/** This machine's CPU as Lambda names it; undefined for a CPU Lambda does not offer. */
export function hostArchitecture(): Architecture | undefined {
  return process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'arm64' : undefined;
}

const LEVELS: readonly BuildLogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

/** A log level name, case-insensitive. */
export function logLevel(value: string | undefined): BuildLogLevel | undefined {
  if (value === undefined) return undefined;
  const level = value.toUpperCase() as BuildLogLevel;
  if (!LEVELS.includes(level)) throw new UsageError(`--log-level must be one of ${LEVELS.join(', ')}, got "${value}".`);
  return level;
}

/** `KEY=VALUE` pairs (repeatable `--env`) as an object. */
export function envPairs(values: string[] | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of values ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--env takes KEY=VALUE, got "${pair}".`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}
