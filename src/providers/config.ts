import { ConfigurationError } from '../errors.js';
import { OnInit, Singleton } from '../kernel/decorators.js';
import type { Provider } from '../kernel/providers.js';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Typed access to the function's environment. Declare required variables with {@link Config.require}: init
 * fails once, listing every missing one, instead of the first invocation failing on the first.
 * @example
 * Kernel.create({ handler: Orders, providers: [Config.require('TABLE_NAME', 'QUEUE_URL')] });
 * // in a service: constructor(@inject(Config) config: Config) { this.table = config.require('TABLE_NAME'); }
 */
@Singleton()
export class Config {
  readonly #env: NodeJS.ProcessEnv;
  readonly #required: readonly string[];

  constructor(env: NodeJS.ProcessEnv = process.env, required: readonly string[] = []) {
    this.#env = env;
    this.#required = required;
  }

  /** A Config provider that checks, at init, that every key is set and not empty. */
  static require(...keys: string[]): Provider {
    return { provide: Config, useFactory: () => new Config(process.env, keys) };
  }

  /** A Config provider reading from the given variables instead of `process.env` (tests). */
  static from(env: Record<string, string | undefined>, required: string[] = []): Provider {
    return { provide: Config, useValue: new Config({ ...env }, required) };
  }

  @OnInit()
  validate(): void {
    const missing = this.#required.filter((key) => !this.#env[key]);
    if (missing.length > 0) {
      throw new ConfigurationError(
        `Missing environment variable${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}. ` +
          'Set them in the function configuration (Environment variables) or in the dev command’s environment.',
      );
    }
  }

  /** The value of `key`, or `undefined`. */
  get(key: string): string | undefined {
    return this.#env[key];
  }

  /** The value of `key`. @throws ConfigurationError when it is unset or empty. */
  require(key: string): string {
    const value = this.#env[key];
    if (!value) throw new ConfigurationError(`Environment variable ${key} is not set; set it in the function configuration.`);
    return value;
  }

  /** `key` as a number, or `fallback` when unset. @throws ConfigurationError when it is not a number. */
  number(key: string, fallback?: number): number {
    const raw = this.#env[key];
    if (raw === undefined || raw === '') return this.#fallback(key, fallback);
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new ConfigurationError(`Environment variable ${key} is "${raw}", expected a number.`);
    return value;
  }

  /** `key` as a boolean (`true/false/1/0/yes/no`), or `fallback` when unset. */
  boolean(key: string, fallback?: boolean): boolean {
    const raw = this.#env[key]?.toLowerCase();
    if (raw === undefined || raw === '') return this.#fallback(key, fallback);
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    throw new ConfigurationError(`Environment variable ${key} is "${raw}", expected true or false.`);
  }

  /** `key` parsed as JSON; `__proto__`, `constructor` and `prototype` keys are dropped so nothing can pollute prototypes. */
  json<T = unknown>(key: string, fallback?: T): T {
    const raw = this.#env[key];
    if (raw === undefined || raw === '') return this.#fallback(key, fallback);
    try {
      return JSON.parse(raw, (k, v) => (FORBIDDEN_KEYS.has(k) ? undefined : v)) as T;
    } catch (err) {
      throw new ConfigurationError(`Environment variable ${key} is not valid JSON: ${(err as Error).message}`, { cause: err });
    }
  }

  #fallback<T>(key: string, fallback: T | undefined): T {
    if (fallback === undefined) throw new ConfigurationError(`Environment variable ${key} is not set and has no default.`);
    return fallback;
  }
}
