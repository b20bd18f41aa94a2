/**
 * @module
 * Injected faults: consumed in injection order by the next matching request(s).
 */
import type { ServerResponse } from 'node:http';
import { EmulatorError } from './emulator-error.js';
import { defaultFaultBody, send } from './rendering.js';
import type { RequestLog } from './request-log.js';
import type { Fault, FaultRoute, RecordedRequest } from './types.js';

const ROUTES: readonly FaultRoute[] = ['next', 'response', 'error', 'init-error', 'register', 'extension-next'];

/** True for route names that faults can target. */
export function isFaultRoute(name: string): name is FaultRoute {
  return (ROUTES as readonly string[]).includes(name);
}

/** True when the fault replaces normal handling (a `delay` alone does not). */
export function isTerminal(fault: Fault): boolean {
  return fault.status !== undefined || fault.action === 'reset' || fault.action === 'hang';
}

/** Pending faults. */
export class FaultStore {
  readonly #pending: { fault: Fault; remaining: number }[] = [];

  /** Validates and queues a fault. */
  add(fault: Fault): void {
    if (!isFaultRoute(fault.route)) throw new EmulatorError(`Unknown fault route "${String(fault.route)}".`);
    if (fault.status === undefined && fault.action === undefined) {
      throw new EmulatorError('A fault needs a status or an action (reset, hang, delay).');
    }
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new EmulatorError(`Fault times must be ≥ 1, got ${times}.`);
    this.#pending.push({ fault, remaining: times });
  }

  /** Takes one use of the oldest fault for `route`. */
  take(route: FaultRoute): Fault | undefined {
    const at = this.#pending.findIndex((p) => p.fault.route === route);
    if (at < 0) return undefined;
    const entry = this.#pending[at];
    entry.remaining -= 1;
    if (entry.remaining === 0) this.#pending.splice(at, 1);
    return entry.fault;
  }
}

function renderBody(body: unknown, status: number): string | Buffer {
  if (body === undefined) return defaultFaultBody(status);
  if (typeof body === 'string' || Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body);
  return JSON.stringify(body);
}

/** Applies a terminal fault once the request body has been read. */
export function applyFault(fault: Fault, res: ServerResponse, record: RecordedRequest, log: RequestLog): void {
  if (fault.action === 'reset') {
    res.socket?.destroy();
    return;
  }
  if (fault.action === 'hang') {
    // Never answered; visible to waitFor with status 0. close() destroys the socket.
    log.finalise(record, 0);
    return;
  }
  const status = fault.status ?? 500;
  send(res, status, renderBody(fault.body, status));
}
