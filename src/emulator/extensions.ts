/**
 * @module
 * Extensions API 2020-01-01 (runtime-api.md §6). Every extension here is internal (runs inside the function
 * process), so only INVOKE may be subscribed; an invocation completes once each subscriber called `next` again.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { identifierRefusal, parseRegistration, wantsAccountId } from './extension-requests.js';
import type { Invocation } from './invocation.js';
import { rapidError, send } from './rendering.js';

const MAX_EXTENSIONS = 10;

interface Extension {
  id: string;
  name: string;
  subscribesInvoke: boolean;
  /** INVOKE events not yet delivered. */
  pending: { invocation: Invocation; event: string }[];
  /** Invocations delivered to this extension that wait for its next `event/next`. */
  owed: Invocation[];
  parked?: ServerResponse;
}

/** What registration returns. */
export interface FunctionMetadata {
  functionName: string;
  functionVersion: string;
  handler: string;
  accountId: string;
}

function forbidden(res: ServerResponse, type: string, message: string): void {
  send(res, 403, rapidError(type, message));
}

/** Registered extensions of the current execution environment. */
export class ExtensionRegistry {
  readonly #byId = new Map<string, Extension>();
  #closed = false;

  constructor(private readonly metadata: () => FunctionMetadata) {}

  /** Registered extensions. */
  get count(): number {
    return this.#byId.size;
  }

  /** Called at the runtime's first `/next`: the end of Init. */
  closeRegistration(): void {
    this.#closed = true;
  }

  /** A new execution environment: forget every extension and reopen registration. */
  reset(): void {
    for (const extension of this.#byId.values()) extension.parked?.destroy();
    this.#byId.clear();
    this.#closed = false;
  }

  /** `POST /extension/register`, checks in RAPID's order. */
  register(headers: Record<string, string>, body: Buffer, res: ServerResponse): void {
    const name = headers['lambda-extension-name'] ?? '';
    if (name === '') return forbidden(res, 'Extension.InvalidExtensionName', 'Empty extension name');
    const registration = parseRegistration(body);
    if (!('events' in registration)) return forbidden(res, registration.type, registration.message);
    if (this.#closed) return forbidden(res, 'Extension.RegistrationClosed', 'Extension registration closed already');
    if ([...this.#byId.values()].some((e) => e.name === name)) {
      return forbidden(res, 'Extension.InvalidExtensionState', 'Extension with this name already registered');
    }
    if (this.#byId.size >= MAX_EXTENSIONS) {
      return forbidden(res, 'Extension.TooManyExtensions', `Extension limit (${MAX_EXTENSIONS}) reached`);
    }
    const id = randomUUID();
    this.#byId.set(id, { id, name, subscribesInvoke: registration.events.length > 0, pending: [], owed: [] });
    const { accountId, ...meta } = this.metadata();
    const withAccount = wantsAccountId(headers['lambda-extension-accept-feature']);
    const reply = `${JSON.stringify(withAccount ? { ...meta, accountId } : meta)}\n`;
    send(res, 200, reply, { 'Lambda-Extension-Identifier': id });
  }

  /** `GET /extension/event/next`: acknowledges delivered INVOKEs, then long-polls for the next event. */
  next(headers: Record<string, string>, res: ServerResponse): void {
    const extension = this.#identify(headers, res);
    if (extension === undefined) return;
    if (extension.parked !== undefined && !extension.parked.destroyed) {
      const message = `State transition from Ready to Ready failed for extension ${extension.id}.`;
      return forbidden(res, 'Extension.InvalidExtensionState', `${message} Error: State transition is not allowed`);
    }
    const owed = extension.owed.splice(0);
    for (const invocation of owed) invocation.acknowledge(extension.id);
    extension.parked = res;
    res.once('close', () => {
      if (extension.parked === res) extension.parked = undefined;
    });
    this.#deliver(extension);
  }

  /** `POST /extension/{init,exit}/error`: identifier and error-type checks, then 202. */
  reportError(headers: Record<string, string>, res: ServerResponse): void {
    if (this.#identify(headers, res) === undefined) return;
    if (!headers['lambda-extension-function-error-type']) {
      return forbidden(res, 'Extension.MissingHeader', 'Missing Lambda-Extension-Function-Error-Type header');
    }
    send(res, 202, `${JSON.stringify({ status: 'OK' })}\n`);
  }

  /** Queues an INVOKE event for every subscriber; the invocation now waits for each of them. */
  dispatchInvoke(invocation: Invocation, invokedFunctionArn: string): void {
    const traceId = invocation.options.traceId;
    const event = JSON.stringify({
      eventType: 'INVOKE',
      deadlineMs: invocation.deadlineMs,
      requestId: invocation.id,
      invokedFunctionArn,
      ...(traceId ? { tracing: { type: 'X-Amzn-Trace-Id', value: traceId } } : {}),
    });
    for (const extension of this.#byId.values()) {
      if (!extension.subscribesInvoke) continue;
      invocation.awaiting.add(extension.id);
      extension.pending.push({ invocation, event });
      this.#deliver(extension);
    }
  }

  #identify(headers: Record<string, string>, res: ServerResponse): Extension | undefined {
    const id = headers['lambda-extension-identifier'];
    const refusal = identifierRefusal(id);
    if (refusal !== undefined) return void forbidden(res, refusal.type, refusal.message);
    const extension = this.#byId.get((id as string).toLowerCase());
    if (extension === undefined) forbidden(res, 'Extension.UnknownExtensionIdentifier', `Unknown extension ${id}`);
    return extension;
  }

  #deliver(extension: Extension): void {
    const res = extension.parked;
    if (res === undefined || res.destroyed) return;
    let next = extension.pending.shift();
    // An invocation that already ended (timeout, crash) is no longer announced.
    while (next !== undefined && next.invocation.state === 'settled') next = extension.pending.shift();
    if (next === undefined) return;
    extension.parked = undefined;
    extension.owed.push(next.invocation);
    send(res, 200, next.event, { 'Lambda-Extension-Event-Identifier': randomUUID() });
  }
}
