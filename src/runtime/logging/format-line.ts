/**
 * @module
 * Builds one log line (spec §5.1, §5.2). Every line ends with exactly one '\n' and holds no other line terminator,
 * so no message can forge a second log event.
 */
import { format } from 'node:util';
import { formatError, isError } from './format-error.js';
import type { LogLevel } from './levels.js';
import type { Redactor } from './redact.js';

/** JSON keys the logger owns; static fields with these names are dropped rather than shadow them. */
const RESERVED_KEYS = new Set(['timestamp', 'level', 'requestId', 'tenantId', 'message', 'errorType', 'errorMessage', 'stackTrace']);

// Lambda splits stdout events on '\n' (AWS uses '\r' inside an event). '\r\n' becomes one '\r', and U+2028/U+2029
// go too: JavaScript and many viewers treat them as line breaks, which would let a message fake a line on screen.
const TEXT_BREAKS = /\r\n|[\n\u2028\u2029]/g;
// JSON.stringify already escapes '\n' and '\r' but leaves U+2028/U+2029 raw; escaping them is lossless.
const JSON_BREAKS = /[\u2028\u2029]/g;

const escapeJsonBreak = (char: string): string => (char === '\u2028' ? '\\u2028' : '\\u2029');

/** What a line needs besides the arguments. */
export interface LineContext {
  timestamp: string;
  level: LogLevel;
  requestId: string | undefined;
  tenantId: string | undefined;
}

/** `<timestamp>\t<requestId|undefined>\t<LEVEL>\t<util.format(...args)>\n`; tenant and static fields are not shown. */
export function textLine(line: LineContext, args: readonly unknown[], redactor: Redactor): string {
  const message = format(...redactor.applyAll(args, false));
  // The request id is sanitised with the message: it comes from an HTTP header the function does not control.
  const text = `${line.timestamp}\t${line.requestId ?? 'undefined'}\t${line.level}\t${message}`;
  return `${text.replace(TEXT_BREAKS, '\r')}\n`;
}

/** `{"timestamp","level","requestId",["tenantId"],"message",...}` plus the pre-serialised static `fields` fragment. */
export function jsonLine(line: LineContext, args: readonly unknown[], redactor: Redactor, fields: string): string {
  // Field order is part of the format; requestId is omitted (undefined) before the first invocation, as in AWS's client.
  const record: Record<string, unknown> = { timestamp: line.timestamp, level: line.level, requestId: line.requestId };
  if (line.tenantId) record.tenantId = line.tenantId;
  let json: string;
  if (args.length === 1) {
    json = singleValueJson(record, args[0], redactor);
  } else {
    record.message = format(...redactor.applyAll(args, false));
    const err = args.find(isError);
    if (err !== undefined) Object.assign(record, formatError(err));
    json = JSON.stringify(record);
  }
  if (fields !== '') json = `${json.slice(0, -1)},${fields}}`;
  return `${json.replace(JSON_BREAKS, escapeJsonBreak)}\n`;
}

/** One argument: the message is the value itself, or util.format of it when JSON cannot represent it. */
function singleValueJson(record: Record<string, unknown>, value: unknown, redactor: Redactor): string {
  // undefined, functions and symbols would silently drop the key; BigInt and cycles throw.
  const kind = typeof value;
  if (kind !== 'undefined' && kind !== 'function' && kind !== 'symbol') {
    record.message = redactor.apply(value, true);
    try {
      return JSON.stringify(record);
    } catch {
      // Fall through to the text rendering below.
    }
  }
  record.message = format(redactor.apply(value, false));
  return JSON.stringify(record);
}

/** Serialises static fields once, without braces, so each line only appends a string. */
export function serializeFields(fields: Record<string, unknown>, redactor: Redactor): string {
  const safe = redactor.apply(fields, true) as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(safe)) {
    if (RESERVED_KEYS.has(key)) continue;
    let json: string | undefined;
    try {
      json = JSON.stringify(safe[key]);
    } catch {
      json = JSON.stringify(format(redactor.apply(fields[key], false)));
    }
    if (json !== undefined) parts.push(`${JSON.stringify(key)}:${json}`);
  }
  return parts.join(',');
}
