// debug: returns what the function sees — request metadata, function config, environment (secrets redacted) and the event.
import { DEFAULT_REDACTED_KEYS, run } from 'lambda-kernel/runtime';

// The logger's own list, so the answer hides what the logs hide.
const SECRET = new Set(DEFAULT_REDACTED_KEYS.map((key) => key.toLowerCase()));
const REDACTED = '[REDACTED]';

const isSecret = (key: string) => SECRET.has(key.toLowerCase());
// Variable names are SNAKE_CASE: a secret key as any run of segments (DB_PASSWORD, GITHUB_TOKEN, and the
// two-segment keys such as api_key in OPENAI_API_KEY) hides the value too.
const isSecretVariable = (name: string) => {
  const parts = name.split('_');
  return parts.some((_, from) => parts.some((__, to) => to >= from && isSecret(parts.slice(from, to + 1).join('_'))));
};

/** A deep copy with the values of secret keys replaced. */
function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, isSecret(key) ? REDACTED : redact(item)]));
}

run((event, context) => ({
  request: redact({
    requestId: context.requestId,
    deadline: new Date(context.deadlineMs).toISOString(),
    remainingTimeMs: context.getRemainingTimeInMillis(),
    invokedFunctionArn: context.invokedFunctionArn,
    traceId: context.traceId,
    clientContext: context.clientContext,
    identity: context.identity,
    tenantId: context.tenantId,
  }),
  function: redact(context.function),
  runtime: { node: process.version, arch: process.arch, pid: process.pid },
  env: Object.fromEntries(Object.entries(process.env).map(([name, v]) => [name, isSecretVariable(name) ? REDACTED : v])),
  event: redact(event),
}));
