/**
 * @module
 * Emulator options with defaults applied, and the environment a function process gets.
 */
import { randomBytes } from 'node:crypto';
import { EmulatorError } from './emulator-error.js';
import { MAX_PAYLOAD_SIZE } from './rendering.js';
import type { EmulatorOptions } from './types.js';

/** {@link EmulatorOptions} with every default filled in. */
export interface EmulatorConfig {
  host: string;
  port: number;
  maxConcurrency: number;
  timeoutMs: number;
  functionName: string;
  functionVersion: string;
  memorySizeMb: number;
  region: string;
  responseLimit: number;
  streamLimit: number;
  handler?: string;
  accountId: string;
  /** Fixed per emulator, in Lambda's `YYYY/MM/DD/[version]<hex>` shape. */
  logStreamName: string;
}

/** Applies defaults and rejects values the emulator cannot honour. */
export function resolveConfig(options: EmulatorOptions = {}): EmulatorConfig {
  const maxConcurrency = options.maxConcurrency ?? 1;
  if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) {
    throw new EmulatorError(`maxConcurrency must be an integer ≥ 1, got ${maxConcurrency}.`);
  }
  const functionVersion = options.functionVersion ?? '$LATEST';
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    maxConcurrency,
    timeoutMs: options.timeoutMs ?? 300_000,
    functionName: options.functionName ?? 'test-function',
    functionVersion,
    memorySizeMb: options.memorySizeMb ?? 128,
    region: options.region ?? 'us-east-1',
    responseLimit: options.responseLimit ?? MAX_PAYLOAD_SIZE,
    streamLimit: options.streamLimit ?? 200 * 1024 * 1024,
    ...(options.handler === undefined ? {} : { handler: options.handler }),
    accountId: options.accountId ?? '123456789012',
    logStreamName: `${day}/[${functionVersion}]${randomBytes(16).toString('hex')}`,
  };
}

/** True when the emulator behaves as Lambda Managed Instances (runtime-api.md §7). */
export function isManagedInstances(config: EmulatorConfig): boolean {
  return config.maxConcurrency > 1;
}

/** The unqualified ARN of the emulated function. */
export function defaultFunctionArn(config: EmulatorConfig): string {
  return `arn:aws:lambda:${config.region}:${config.accountId}:function:${config.functionName}`;
}

/** The variables Lambda sets for the runtime process (runtime-api.md §4), plus `extra`. */
export function functionEnv(
  config: EmulatorConfig,
  address: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  const managed = isManagedInstances(config);
  return {
    AWS_LAMBDA_RUNTIME_API: address,
    AWS_LAMBDA_FUNCTION_NAME: config.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: config.functionVersion,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(config.memorySizeMb),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${config.functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: config.logStreamName,
    AWS_REGION: config.region,
    AWS_DEFAULT_REGION: config.region,
    // Managed Instances announce themselves this way (RIE MI `interop/model.go`).
    AWS_LAMBDA_INITIALIZATION_TYPE: managed ? 'lambda-managed-instances' : 'on-demand',
    ...(managed ? { AWS_LAMBDA_MAX_CONCURRENCY: String(config.maxConcurrency) } : {}),
    ...(config.handler === undefined ? {} : { _HANDLER: config.handler }),
    // AWS's documented example credentials: obviously fake, yet well-formed for SDK clients.
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_SESSION_TOKEN: 'lambda-kernel-emulator-session-token',
    ...extra,
  };
}
