/**
 * @module
 * Records every request the runtime makes, in arrival order, and lets tests wait for one.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { EmulatorError } from './emulator-error.js';
import { lowerHeaders } from './http-util.js';
import type { RecordedRequest } from './types.js';

interface Waiter {
  predicate: (r: RecordedRequest) => boolean;
  resolve: (r: RecordedRequest) => void;
  reject: (e: unknown) => void;
  timer: NodeJS.Timeout;
}

/** The request journal behind `requests`, `initErrors` and `waitFor`. */
export class RequestLog {
  readonly requests: RecordedRequest[] = [];
  readonly initErrors: RecordedRequest[] = [];
  readonly #final = new WeakSet<RecordedRequest>();
  readonly #waiters = new Set<Waiter>();

  /** Appends a record at arrival; body, trailers and status are filled in later. */
  begin(req: IncomingMessage): RecordedRequest {
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: lowerHeaders(req.headers),
      body: Buffer.alloc(0),
      trailers: {},
      status: 0,
      at: performance.now(),
    };
    this.requests.push(record);
    return record;
  }

  /** Finalises the record when the response finishes, or with status 0 when the connection closes first. */
  track(record: RecordedRequest, res: ServerResponse): void {
    res.once('finish', () => this.finalise(record, res.statusCode));
    res.once('close', () => this.finalise(record));
  }

  /** Makes a record visible to `waitFor` (answered, reset, hung or dropped). Idempotent. */
  finalise(record: RecordedRequest, status?: number): void {
    if (this.#final.has(record)) return;
    if (status !== undefined) record.status = status;
    this.#final.add(record);
    for (const waiter of [...this.#waiters]) this.#offer(waiter, record);
  }

  /** Resolves with the first finalised record matching `predicate`, past or future. */
  waitFor(predicate: (r: RecordedRequest) => boolean, timeoutMs: number): Promise<RecordedRequest> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        const seen = this.requests.map((r) => `${r.method} ${r.path} ${r.status}`).join('; ') || 'none';
        reject(new EmulatorError(`No matching request within ${timeoutMs} ms. Requests so far: ${seen}`));
      }, timeoutMs);
      const waiter: Waiter = { predicate, resolve, reject, timer };
      this.#waiters.add(waiter);
      for (const record of this.requests) {
        if (this.#final.has(record) && this.#offer(waiter, record)) return;
      }
    });
  }

  /** Rejects every pending `waitFor` (used by `close()`). */
  rejectAll(error: Error): void {
    for (const waiter of this.#waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.#waiters.clear();
  }

  #offer(waiter: Waiter, record: RecordedRequest): boolean {
    if (!this.#waiters.has(waiter)) return false;
    let matched: boolean;
    try {
      matched = waiter.predicate(record);
    } catch (error) {
      matched = false;
      this.#waiters.delete(waiter);
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    if (!matched) return false;
    this.#waiters.delete(waiter);
    clearTimeout(waiter.timer);
    waiter.resolve(record);
    return true;
  }
}
