import { ConfigurationError } from '../errors.js';

/** The function's configuration, read once at init from Lambda's reserved environment variables. */
export interface FunctionConfig {
  /** `host:port` of the Runtime API (`AWS_LAMBDA_RUNTIME_API`). */
  readonly runtimeApi: string;
  readonly region: string | undefined;
  readonly functionName: string | undefined;
  readonly functionVersion: string | undefined;
  /** Memory in MB, as a number. */
  readonly memorySizeMb: number | undefined;
  /** `on-demand`, `provisioned-concurrency`, `snap-start`, `lambda-managed-instances`. */
  readonly initializationType: string | undefined;
  readonly handler: string | undefined;
  readonly logGroupName: string | undefined;
  readonly logStreamName: string | undefined;
  readonly credentials: Readonly<{ accessKeyId?: string; secretAccessKey?: string; sessionToken?: string }>;
  /** Invocations one process serves at once: `AWS_LAMBDA_MAX_CONCURRENCY`, 1 when absent or invalid. */
  readonly maxConcurrency: number;
  /** True when `AWS_LAMBDA_MAX_CONCURRENCY` is set to more than 1 (Lambda Managed Instances). */
  readonly multiConcurrency: boolean;
}

/** Parses `AWS_LAMBDA_MAX_CONCURRENCY` as the Go runtime does: invalid or below 1 means 1. */
export function parseMaxConcurrency(value: string | undefined): number {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return 1;
  const n = Number.parseInt(value, 10);
  return n >= 1 ? n : 1;
}

/**
 * Reads the function configuration from the environment.
 * @throws ConfigurationError when `AWS_LAMBDA_RUNTIME_API` is missing or not `host:port`.
 */
export function readFunctionConfig(env: NodeJS.ProcessEnv = process.env): FunctionConfig {
  const runtimeApi = env.AWS_LAMBDA_RUNTIME_API;
  if (!runtimeApi) {
    throw new ConfigurationError(
      'AWS_LAMBDA_RUNTIME_API is not set. Lambda sets it for every function; to run locally, start the ' +
        'emulator (`lambda-kernel dev`) or set it to the host:port of a Runtime API.',
    );
  }
  const colon = runtimeApi.lastIndexOf(':');
  const port = Number(runtimeApi.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new ConfigurationError(
      `AWS_LAMBDA_RUNTIME_API is "${runtimeApi}", expected host:port (for example 127.0.0.1:9001).`,
    );
  }
  const memory = Number(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE);
  const maxConcurrency = parseMaxConcurrency(env.AWS_LAMBDA_MAX_CONCURRENCY);
  return Object.freeze({
    runtimeApi,
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    memorySizeMb: Number.isFinite(memory) && memory > 0 ? memory : undefined,
    initializationType: env.AWS_LAMBDA_INITIALIZATION_TYPE,
    handler: env._HANDLER,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    credentials: Object.freeze({
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      sessionToken: env.AWS_SESSION_TOKEN,
    }),
    maxConcurrency,
    multiConcurrency: maxConcurrency > 1,
  });
}
