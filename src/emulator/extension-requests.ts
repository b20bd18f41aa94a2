/**
 * @module
 * Validation of Extensions API requests, in RAPID's order and with its error types (RIE `rapi/handler`).
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A 403 refusal: error type and message. */
export interface Refusal {
  type: string;
  message: string;
}

/** Parses a register body into its event list; internal extensions may subscribe to INVOKE only. */
export function parseRegistration(body: Buffer): { events: string[] } | Refusal {
  let listed: unknown;
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { events?: unknown; configurationKeys?: unknown };
    if (Array.isArray(parsed.configurationKeys) && parsed.configurationKeys.length > 0) {
      const message = 'configurationKeys are deprecated; use environment variables instead';
      return { type: 'InvalidRequestFormat', message };
    }
    listed = parsed.events ?? [];
  } catch (error) {
    return { type: 'InvalidRequestFormat', message: (error as Error).message };
  }
  if (!Array.isArray(listed)) return { type: 'InvalidRequestFormat', message: 'events must be an array' };
  for (const event of listed as unknown[]) {
    if (event !== 'INVOKE') {
      return { type: 'Extension.InvalidEventType', message: `${String(event)}: not supported by internal extensions` };
    }
  }
  return { events: listed as string[] };
}

/** Checks the `Lambda-Extension-Identifier` header's presence and shape; unknown ids are checked by the caller. */
export function identifierRefusal(id: string | undefined): Refusal | undefined {
  if (id === undefined || id === '') {
    return { type: 'Extension.MissingExtensionIdentifier', message: 'Missing Lambda-Extension-Identifier header' };
  }
  if (!UUID.test(id)) {
    return { type: 'Extension.InvalidExtensionIdentifier', message: 'Invalid Lambda-Extension-Identifier' };
  }
  return undefined;
}

/** True when the register request asked for the `accountId` feature. */
export function wantsAccountId(header: string | undefined): boolean {
  return (header ?? '').split(',').some((feature) => feature.trim() === 'accountId');
}
