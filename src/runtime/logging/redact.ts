/**
 * @module
 * Redaction of secret-keyed values in logged objects. Copy-on-need: a value with nothing to hide is returned as is,
 * so the common case allocates nothing, and the caller's objects are never mutated.
 */
import { formatError, isError, readSafely } from './format-error.js';

const REDACTED = '[REDACTED]';
const INSPECT_CUSTOM = Symbol.for('nodejs.util.inspect.custom');

/**
 * Keys whose values are always redacted (exact key match, case-insensitive; `token` does not match `tokenCount`).
 * Exact names, not substrings, so ids such as `secretArn` or `passwordPolicy` stay readable.
 * - Lambda's execution-role credentials (§4), as env vars and as AWS SDK credential objects. The access key id is
 *   not secret on its own, but it names the credential and reveals the account (`sts get-access-key-info`) and
 *   helps no debugging, so it goes too.
 * - HTTP headers that carry credentials (API Gateway events log them under these names); `cookies` is the HTTP API
 *   v2 event field. `PWD` is deliberately absent: it is the working directory in `process.env`.
 * - Common credential field names in snake_case and camelCase.
 */
export const DEFAULT_REDACTED_KEYS: readonly string[] = Object.freeze([
  'AWS_ACCESS_KEY_ID', 'AWS_ACCESS_KEY', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'accessKeyId', 'secretAccessKey', 'sessionToken',
  'authorization', 'proxy-authorization', 'x-api-key', 'cookie', 'set-cookie', 'cookies',
  'password', 'passwd', 'secret', 'client_secret', 'clientSecret', 'token', 'access_token', 'accessToken',
  'refresh_token', 'refreshToken', 'id_token', 'idToken', 'api_key', 'apiKey', 'private_key', 'privateKey',
]);

const OPAQUE = 0;
const ARRAY = 1;
const ERROR = 2;
const OBJECT = 3;

/** How a value is walked: Map, Date, Buffer, URL… hold internal slots a copy would lose, so only ordinary objects are. */
function kindOf(value: object, json: boolean): number {
  if (Array.isArray(value)) return ARRAY;
  if (isError(value)) return ERROR;
  if (Object.prototype.toString.call(value) !== '[object Object]') return OPAQUE;
  // An object that renders itself (toJSON for JSON, inspect.custom for text) keeps control of its output.
  return typeof readSafely(value, json ? 'toJSON' : INSPECT_CUSTOM) === 'function' ? OPAQUE : OBJECT;
}

function define(target: object, key: string, value: unknown, enumerable: boolean): void {
  // defineProperty, not assignment: a `__proto__` key from JSON.parse must stay a plain key.
  Object.defineProperty(target, key, { value, enumerable, writable: true, configurable: true });
}

/** Replaces the values of secret keys with "[REDACTED]" in deep copies of logged values. */
export class Redactor {
  readonly #keys: ReadonlySet<string>;
  readonly #lengths: ReadonlySet<number>;

  constructor(extraKeys: readonly string[] = []) {
    const keys = new Set([...DEFAULT_REDACTED_KEYS, ...extraKeys].map((key) => key.toLowerCase()));
    this.#keys = keys;
    this.#lengths = new Set([...keys].map((key) => key.length));
  }

  /** True when `key` names a secret (case-insensitive). */
  isSecret(key: string): boolean {
    // Length first: most keys are rejected without allocating a lower-cased copy.
    return this.#lengths.has(key.length) && this.#keys.has(key.toLowerCase());
  }

  /** `value` itself when nothing needs changing, else a redacted deep copy; `json` also turns Errors into plain objects. */
  apply(value: unknown, json: boolean): unknown {
    if (typeof value !== 'object' || value === null) return value;
    return this.#needsCopy(value, json, new Set()) ? this.#copy(value, json, new Map()) : value;
  }

  /** Applies {@link apply} to each argument; returns `args` itself when no argument changed. */
  applyAll(args: readonly unknown[], json: boolean): readonly unknown[] {
    let out = args;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (typeof arg !== 'object' || arg === null) continue;
      const redacted = this.apply(arg, json);
      if (redacted === arg) continue;
      if (out === args) out = args.slice();
      (out as unknown[])[i] = redacted;
    }
    return out;
  }

  // Two passes (scan, then copy everything reachable) so a cycle in a copy points at the copy, never at the original.
  #needsCopy(value: unknown, json: boolean, seen: Set<object>): boolean {
    if (typeof value !== 'object' || value === null || seen.has(value)) return false;
    seen.add(value);
    const kind = kindOf(value, json);
    if (kind === OPAQUE) return false;
    if (kind === ARRAY) return (value as unknown[]).some((item) => this.#needsCopy(item, json, seen));
    if (kind === ERROR && (json || this.#needsCopy(readSafely(value, 'cause'), json, seen))) return true;
    for (const key of Object.keys(value)) {
      if (this.isSecret(key) || this.#needsCopy(readSafely(value, key), json, seen)) return true;
    }
    return false;
  }

  #copy(value: unknown, json: boolean, memo: Map<object, unknown>): unknown {
    if (typeof value !== 'object' || value === null) return value;
    if (memo.has(value)) return memo.get(value);
    const kind = kindOf(value, json);
    if (kind === OPAQUE) return value;
    if (kind === ARRAY) {
      const out: unknown[] = [];
      memo.set(value, out);
      for (const item of value as unknown[]) out.push(this.#copy(item, json, memo));
      return out;
    }
    // JSON lines show an Error as {errorType, errorMessage, stackTrace, ...own enumerable props} (§5.2).
    const out: object = kind === ERROR && json ? { ...formatError(value) } : Object.create(Object.getPrototypeOf(value));
    memo.set(value, out);
    if (kind === ERROR && !json) {
      // Keep what inspect prints of an error but Object.keys misses.
      for (const key of ['stack', 'message', 'cause']) {
        if (Object.hasOwn(value, key)) define(out, key, this.#copy(readSafely(value, key), json, memo), false);
      }
    }
    for (const key of Object.keys(value)) {
      define(out, key, this.isSecret(key) ? REDACTED : this.#copy(readSafely(value, key), json, memo), true);
    }
    return out;
  }
}
