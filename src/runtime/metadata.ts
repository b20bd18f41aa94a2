import { ConfigurationError, RuntimeApiError } from '../errors.js';
import { connect, send } from './http.js';

/** What the Runtime Metadata API says about the execution environment. */
export interface RuntimeMetadata {
  /** The availability zone id, e.g. `use1-az1`. */
  availabilityZoneId?: string;
  [key: string]: unknown;
}

const PATH = '/2026-01-15/metadata/execution-environment';
// Per execution environment, not per invocation: the answer cannot change while the process lives.
let cached: Promise<RuntimeMetadata> | undefined;

/**
 * Reads the Runtime Metadata API (`AWS_LAMBDA_METADATA_API`, bearer `AWS_LAMBDA_METADATA_TOKEN`) once and
 * caches the answer. A failed read is not cached.
 * @throws ConfigurationError when the variables are not set; RuntimeApiError when the call fails.
 */
export function readRuntimeMetadata(env: NodeJS.ProcessEnv = process.env): Promise<RuntimeMetadata> {
  cached ??= fetchMetadata(env).catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

async function fetchMetadata(env: NodeJS.ProcessEnv): Promise<RuntimeMetadata> {
  const api = env.AWS_LAMBDA_METADATA_API;
  const token = env.AWS_LAMBDA_METADATA_TOKEN;
  if (!api || !token) {
    throw new ConfigurationError(
      'The Runtime Metadata API is not configured: AWS_LAMBDA_METADATA_API and AWS_LAMBDA_METADATA_TOKEN ' +
        'must both be set. Lambda sets them where the API is available; locally, set them yourself.',
    );
  }
  const client = connect(api);
  try {
    const res = await send(client, { method: 'GET', path: PATH, headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) {
      throw new RuntimeApiError(
        `The Runtime Metadata API answered ${res.status} to ${PATH}: ${res.body.toString('utf8').slice(0, 300)}`,
        PATH,
        res.status,
      );
    }
    return JSON.parse(res.body.toString('utf8')) as RuntimeMetadata;
  } catch (err) {
    if (err instanceof RuntimeApiError) throw err;
    throw new RuntimeApiError(`The Runtime Metadata API at ${api} failed: ${(err as Error).message}`, PATH, undefined, {
      cause: err,
    });
  } finally {
    void client.close();
  }
}

/** Forgets the cached metadata (for tests). */
export function resetRuntimeMetadata(): void {
  cached = undefined;
}
