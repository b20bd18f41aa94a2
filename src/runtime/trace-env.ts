/** The variable X-Ray, the AWS SDK and OpenTelemetry read the trace header from (runtime-api.md §1.7). */
export const TRACE_ENV = '_X_AMZN_TRACE_ID';

interface Installed {
  real: NodeJS.ProcessEnv;
  proxy: NodeJS.ProcessEnv;
  users: number;
}

// The value lives here, not in the real environment: writing `process.env` calls setenv(3), and glibc never frees
// a value it replaces (getenv callers may still hold it). A new trace id per invocation thus leaked about 150 bytes
// each time, and the tree glibc keeps of every value ever set made each later write slower (measured: +140 MB RSS
// per million invocations). Like the variable it stands for, it is process-wide, and single-concurrency mode only.
let traceId: string | undefined;
let installed: Installed | undefined;

/**
 * Serves `process.env._X_AMZN_TRACE_ID` from memory: `process.env` becomes a Proxy over the real environment that
 * answers that one key itself and passes every other read and write through. Child processes still inherit it
 * (they copy `process.env`). Returns the release; the last release puts the real object back with the last value.
 */
export function installTraceEnv(): () => void {
  if (installed === undefined) {
    const real = process.env;
    traceId = real[TRACE_ENV];
    installed = { real, proxy: new Proxy(real, handler), users: 0 };
    process.env = installed.proxy;
  }
  const current = installed;
  current.users++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--current.users > 0 || installed !== current) return;
    installed = undefined;
    if (process.env === current.proxy) process.env = current.real;
    if (traceId === undefined) delete current.real[TRACE_ENV];
    else current.real[TRACE_ENV] = traceId;
  };
}

/** Sets the trace header for the invocation starting now (`undefined` deletes it), per §1.7. */
export function setTraceEnv(value: string | undefined): void {
  if (installed !== undefined) traceId = value;
  else if (value === undefined) delete process.env[TRACE_ENV];
  else process.env[TRACE_ENV] = value;
}

const handler: ProxyHandler<NodeJS.ProcessEnv> = {
  get: (env, key) => (key === TRACE_ENV ? traceId : Reflect.get(env, key)),
  has: (env, key) => (key === TRACE_ENV ? traceId !== undefined : Reflect.has(env, key)),
  set(env, key, value) {
    if (key !== TRACE_ENV) return Reflect.set(env, key, value);
    traceId = String(value);
    return true;
  },
  deleteProperty(env, key) {
    if (key !== TRACE_ENV) return Reflect.deleteProperty(env, key);
    traceId = undefined;
    return true;
  },
  defineProperty(env, key, descriptor) {
    if (key !== TRACE_ENV) return Reflect.defineProperty(env, key, descriptor);
    traceId = String(descriptor.value);
    return true;
  },
  ownKeys(env) {
    const keys = Reflect.ownKeys(env).filter((key) => key !== TRACE_ENV);
    if (traceId !== undefined) keys.push(TRACE_ENV);
    return keys;
  },
  getOwnPropertyDescriptor(env, key) {
    if (key !== TRACE_ENV) return Reflect.getOwnPropertyDescriptor(env, key);
    return traceId === undefined ? undefined : { value: traceId, writable: true, enumerable: true, configurable: true };
  },
};
