import { RuntimeApiError } from '../errors.js';
import type { AnswerHandler, ApiResponse } from './http.js';
import type { RuntimeApiClient } from './client.js';
import type { InvocationContext } from './context.js';
import { toDiagnostic } from './diagnostic.js';
import { encodeResult } from './encode.js';
import type { Logger } from './logging/index.js';

/** How an invocation ended, as hooks after the response see it. */
export type InvocationOutcome = { ok: true; result: unknown } | { ok: false; error: unknown };

/** Ends an invocation from outside its handler; resolves once the answer was posted. */
export type Interrupter = (error: unknown) => Promise<void>;

/**
 * One invocation in flight: its context and decoded event, and the one-shot methods that answer it.
 * Answering applies the Runtime API status rules of runtime-api.md §1.6: 400/403/410/413 are logged and the
 * loop goes on; a 500 or a lost connection marks the invocation fatal and the loop exits.
 */
export class Invocation<E = unknown> {
  readonly context: InvocationContext;
  readonly event: E;
  readonly #client: RuntimeApiClient;
  readonly #logger: Logger;
  #outcome: InvocationOutcome | undefined;
  #interrupter: Interrupter | undefined;
  /** Set when the Runtime API answered 500 or could not be reached: the runtime must exit. */
  fatal: RuntimeApiError | undefined;

  constructor(context: InvocationContext, event: E, client: RuntimeApiClient, logger: Logger) {
    this.context = context;
    this.event = event;
    this.#client = client;
    this.#logger = logger;
  }

  /** The outcome once answered, else `undefined`. */
  get outcome(): InvocationOutcome | undefined {
    return this.#outcome;
  }

  /** True once a response or an error has been posted (or handed to a stream). */
  get answered(): boolean {
    return this.#outcome !== undefined;
  }

  /** Encodes and posts the handler's result; an unencodable or oversize result is posted as an error. */
  respond(result: unknown): Promise<void> {
    let encoded;
    try {
      encoded = encodeResult(result);
    } catch (err) {
      return this.fail(err);
    }
    return this.respondRaw(encoded.body, encoded.contentType, result);
  }

  /** Posts bytes or text as the response, unencoded. */
  respondRaw(body: string | Uint8Array, contentType: string, result: unknown = body): Promise<void> {
    const refused = this.#claim({ ok: true, result });
    if (refused) return refused;
    return this.#client.respond(this.context.requestId, body, contentType, this.#handler('response'));
  }

  /** Posts an error for this invocation and logs it. */
  fail(error: unknown): Promise<void> {
    const refused = this.#claim({ ok: false, error });
    if (refused) return refused;
    this.#logger.error('Invoke Error', error);
    return this.#postError(error);
  }

  /**
   * Ends the invocation with `error` from outside its handler (an uncaught exception, a shutdown), through the
   * response it has open if any; the caller logs the error. Resolves once posted; does nothing once answered.
   */
  interrupt(error: unknown): Promise<void> {
    if (this.answered) return Promise.resolve();
    if (this.#interrupter) return this.#interrupter(error);
    this.#outcome = { ok: false, error };
    return this.#postError(error);
  }

  /**
   * Routes {@link interrupt} through an open response: once a streaming POST has started, Lambda refuses
   * `/error`, so a stream ends with error trailers instead (runtime-api.md §3.1).
   */
  set interrupter(interrupter: Interrupter | undefined) {
    this.#interrupter = interrupter;
  }

  /** The Runtime API client answering this invocation (a streamed response opens its own request to it). */
  get client(): RuntimeApiClient {
    return this.#client;
  }

  /** The runtime's logger. */
  get logger(): Logger {
    return this.#logger;
  }

  /**
   * Records the outcome of a streamed response (sent by the stream itself, error trailers included) and applies
   * the status rules to the Runtime API's answer to the streaming POST. The caller logs a failed outcome.
   */
  respondStreamed(outcome: InvocationOutcome, answer: Promise<ApiResponse>): Promise<void> {
    const refused = this.#claim(outcome);
    if (refused) return refused;
    const handler = this.#handler('response');
    return answer.then(
      (res) => handler.answered(res),
      (err: Error) => handler.unreachable(err),
    );
  }

  /** Records the outcome; a second answer is refused with a rejected promise, as the answering methods are async. */
  #claim(outcome: InvocationOutcome): Promise<never> | undefined {
    if (this.#outcome !== undefined) return Promise.reject(this.#twice());
    this.#outcome = outcome;
    return undefined;
  }

  #postError(error: unknown): Promise<void> {
    return this.#client.fail(this.context.requestId, toDiagnostic(error), this.#handler('error'));
  }

  #twice(): Error {
    return new Error(`Invocation ${this.context.requestId} was already answered; a result is posted only once.`);
  }

  // Applies the status rules to the Runtime API's answer; the client calls it in place of resolving a promise
  // with the answer, since every promise on the per-invocation path costs CPU (more so with async hooks on).
  #handler(kind: 'response' | 'error'): AnswerHandler {
    return {
      answered: (res) => this.#check(kind, res),
      unreachable: (err) => {
        this.fatal = err as RuntimeApiError;
        this.#logger.error(`Posting the ${kind} of ${this.context.requestId} failed:`, err);
      },
    };
  }

  #check(kind: 'response' | 'error', res: ApiResponse): void {
    if (res.status === 202) return;
    const detail = res.body.toString('utf8').slice(0, 300);
    if (res.status >= 500) {
      const path = `/invocation/${this.context.requestId}/${kind}`;
      this.fatal = new RuntimeApiError(`The Runtime API answered ${res.status} to ${path}: ${detail}`, path, res.status);
      this.#logger.error(this.fatal.message);
    } else if (res.status === 413) {
      this.#logger.error(`The Runtime API rejected the ${kind} of ${this.context.requestId} as too large (413): ${detail}`);
    } else {
      this.#logger.warn(`The Runtime API answered ${res.status} to the ${kind} of ${this.context.requestId}: ${detail}`);
    }
  }
}
