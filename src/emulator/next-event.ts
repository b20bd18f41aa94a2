/**
 * @module
 * The `GET …/invocation/next` response: event bytes plus the invocation headers (runtime-api.md §1.2).
 */
import type { ServerResponse } from 'node:http';
import type { Invocation } from './invocation.js';

/** Values that vary per emulator rather than per invocation. */
export interface NextDefaults {
  functionArn: string;
  deadlineMs: number;
}

function encodeJsonish(value: string | object | undefined): string | undefined {
  return typeof value === 'object' ? JSON.stringify(value) : value;
}

/** Builds the header map; raw overrides win (case-insensitively) and empty values are omitted, as RIE does. */
export function nextHeaders(invocation: Invocation, defaults: NextDefaults): Record<string, string> {
  const o = invocation.options;
  const headers: Record<string, string | undefined> = {
    'Lambda-Runtime-Aws-Request-Id': invocation.id,
    'Lambda-Runtime-Deadline-Ms': String(o.deadlineMs ?? defaults.deadlineMs),
    'Lambda-Runtime-Invoked-Function-Arn': o.functionArn ?? defaults.functionArn,
    'Lambda-Runtime-Trace-Id': o.traceId,
    'Lambda-Runtime-Client-Context': encodeJsonish(o.clientContext),
    'Lambda-Runtime-Cognito-Identity': encodeJsonish(o.cognitoIdentity),
    'Lambda-Runtime-Aws-Tenant-Id': o.tenantId,
    'Content-Type': o.contentType || 'application/json',
  };
  for (const [name, value] of Object.entries(o.headers ?? {})) {
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === name.toLowerCase()) delete headers[key];
    }
    headers[name] = value;
  }
  const present: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && value !== '') present[name] = value;
  }
  return present;
}

/** Writes the event to a parked `/next` request. */
export function writeNextEvent(res: ServerResponse, invocation: Invocation, defaults: NextDefaults): void {
  res.writeHead(200, { ...nextHeaders(invocation, defaults), 'Content-Length': String(invocation.payload.length) });
  res.end(invocation.payload);
}

/** Event bytes: Buffers and Uint8Arrays as is, anything else JSON-encoded (`undefined` becomes `null`). */
export function encodeEvent(event: unknown): Buffer {
  if (Buffer.isBuffer(event)) return event;
  if (event instanceof Uint8Array) return Buffer.from(event.buffer, event.byteOffset, event.byteLength);
  return Buffer.from(JSON.stringify(event) ?? 'null');
}
