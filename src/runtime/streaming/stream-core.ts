import { Writable } from 'node:stream';
import { ResponseSizeError, StreamingError } from '../../errors.js';
import type { ApiResponse } from '../http.js';
import { errorTrailers } from './error-trailers.js';
import { DEFAULT_STREAM_CONTENT_TYPE, MAX_STREAMED_RESPONSE_BYTES, type StreamSink } from './transport.js';

/** Options of a response stream. */
export interface ResponseStreamOptions {
  /** Streamed response limit in bytes (default 200 MiB). */
  limit?: number;
  /** Bytes buffered before `write()` returns false (default {@link DEFAULT_STREAM_HIGH_WATER_MARK}). */
  highWaterMark?: number;
}

/** How a stream ended, for the driver: its error, and the Runtime API's answer (none if it never opened). */
export interface StreamEnd {
  error?: { value: unknown };
  answer?: Promise<ApiResponse>;
}

/** What the invocation driver (and nothing else) may do to a stream. */
export interface StreamControl {
  /** Ends the response with error trailers unless it already ended (or was closed, unless `force`); false if not. */
  fail(error: unknown, force?: boolean): boolean;
  readonly ended: Promise<StreamEnd>;
}

/** Opens the streaming POST with the chosen content type. */
export type StreamOpener = (contentType: string) => Promise<StreamSink>;

export const noop = (): void => {};

/**
 * 1 MiB: with Node's 16 KiB default a 50 MB stream reached 0.67-0.76x the throughput of a bare chunked node:http
 * POST (`npm run bench`), with 1 MiB it matches it; memory stays bounded by this per invocation.
 */
export const DEFAULT_STREAM_HIGH_WATER_MARK = 1024 * 1024;
let control!: (stream: StreamCore) => StreamControl;

/**
 * The wire side of a response stream: a Writable that opens the streaming POST on the first byte (or on
 * `start()`), enforces the size limit, and ends the body plainly on `end()` or with error trailers on
 * `destroy(err)`. {@link ResponseStream} adds the handler-facing methods.
 */
export class StreamCore extends Writable {
  static {
    // The driver's side stays off the public surface: only this module can hand it out.
    control = (s) => ({ fail: (error, force) => s.#fail(error, force), ended: s.#ended });
  }

  readonly #opener: StreamOpener;
  readonly #limit: number;
  #contentType = DEFAULT_STREAM_CONTENT_TYPE;
  #started = false;
  #sink: Promise<StreamSink> | undefined;
  #bytes = 0;
  #error: { value: unknown } | undefined;
  #settled = false;
  #settle!: (end: StreamEnd) => void;
  readonly #ended = new Promise<StreamEnd>((resolve) => (this.#settle = resolve));

  constructor(opener: StreamOpener, options: ResponseStreamOptions = {}) {
    super({ highWaterMark: options.highWaterMark ?? DEFAULT_STREAM_HIGH_WATER_MARK });
    this.#opener = opener;
    this.#limit = options.limit ?? MAX_STREAMED_RESPONSE_BYTES;
    // A failed response is reported to Lambda; an unobserved 'error' event must not crash the process.
    this.on('error', noop);
  }

  /** The content type the response is (or will be) sent with. */
  get contentType(): string {
    return this.#contentType;
  }

  /** True once the response started (first write or open): the content type is fixed. */
  get started(): boolean {
    return this.#started;
  }

  protected set contentTypeBeforeStart(value: string) {
    this.#contentType = value;
  }

  /** Marks the response started; with `open`, sends the request headers now. */
  protected start(open = false): void {
    this.#started = true;
    if (open) void this.#open().catch(noop);
  }

  /** Resolves once the stream ended (plainly or with error trailers). */
  protected get whenEnded(): Promise<StreamEnd> {
    return this.#ended;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#send(chunk).then(() => callback(), callback);
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    // Handed over all at once, in order (the sink queues them); done when the last one was taken.
    Promise.all(coalesce(chunks).map((piece) => this.#send(piece))).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#open().then((sink) => {
      if (this.#settled) return callback();
      sink.end();
      this.#finish({ answer: sink.answer });
      callback();
    }, callback);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    if (this.#settled) return callback(err);
    const error = this.#error ?? { value: err ?? new StreamingError('The response stream was destroyed before it was closed.') };
    this.#error = error;
    this.#open()
      .then(
        (sink) => {
          if (this.#settled) return;
          sink.end(errorTrailers(error.value));
          this.#finish({ error, answer: sink.answer });
        },
        () => this.#finish({ error }),
      )
      .finally(() => callback(err));
  }

  #open(): Promise<StreamSink> {
    this.#started = true;
    if (!this.#sink) {
      this.#sink = this.#opener(this.#contentType);
      this.#sink.catch(noop);
    }
    return this.#sink;
  }

  async #send(chunk: Buffer): Promise<void> {
    if (chunk.length === 0) return; // a flush marker: everything queued before it has been sent
    const size = this.#bytes + chunk.length;
    if (size > this.#limit) throw new ResponseSizeError(size, this.#limit, 'streamed');
    this.#bytes = size;
    const sink = await this.#open();
    await sink.write(chunk);
  }

  #finish(end: StreamEnd): void {
    this.#settled = true;
    this.#settle(end);
  }

  #fail(value: unknown, force = false): boolean {
    if (this.#settled || this.destroyed || (this.writableEnded && !force)) return false;
    this.#error = { value };
    this.destroy(value instanceof Error ? value : undefined);
    return true;
  }
}

/** Pieces below this size that cork() or backpressure held are sent together. */
const COALESCE_BYTES = 16 * 1024;

/**
 * What cork() or backpressure held, as it goes out: runs of small pieces (a server-sent event written in parts)
 * joined into one chunk, large chunks as they are. Joining everything cost a quarter of a 50 MiB stream's CPU on
 * Node 24 in Buffer.concat and the garbage it left (`npm run bench -- --node 24`).
 */
function coalesce(chunks: { chunk: Buffer }[]): Buffer[] {
  const pieces: Buffer[] = [];
  let run: Buffer[] = [];
  let runBytes = 0;
  const endRun = () => {
    if (run.length > 0) pieces.push(run.length === 1 ? run[0]! : Buffer.concat(run, runBytes));
    run = [];
    runBytes = 0;
  };
  for (const { chunk } of chunks) {
    if (chunk.length >= COALESCE_BYTES) {
      endRun();
      pieces.push(chunk);
      continue;
    }
    run.push(chunk);
    runBytes += chunk.length;
    if (runBytes >= COALESCE_BYTES) endRun();
  }
  endRun();
  return pieces;
}

/** The driver's handle on a stream. */
export function streamControl(stream: StreamCore): StreamControl {
  return control(stream);
}
