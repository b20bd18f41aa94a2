import { SerializationError, StreamingError } from '../../errors.js';
import { noop, StreamCore } from './stream-core.js';

export type { ResponseStreamOptions } from './stream-core.js';

const EMPTY = Buffer.alloc(0);
const UNSAFE_CONTENT_TYPE = /[\r\n\0]/;

/** Strings and bytes go out as they are; anything else as JSON, as the Node.js runtime does. */
function toChunk(data: unknown): string | Uint8Array {
  if (typeof data === 'string' || data instanceof Uint8Array) return data;
  try {
    return JSON.stringify(data) ?? 'null';
  } catch (err) {
    throw new SerializationError(err);
  }
}

/** Keeps a promise from counting as an unhandled rejection while still rejecting whoever awaits it. */
function guarded<T>(promise: Promise<T>): Promise<T> {
  promise.catch(noop);
  return promise;
}

/**
 * The response of a streaming handler: a Node.js Writable (backpressure through `drain`, `pipeline()` works)
 * with the seed's methods. The streaming POST opens on `open()` or the first byte; `close()` ends the
 * response while the handler may keep working. A failure ends the body with Lambda's error trailers.
 * Writing before `open()` sends `application/octet-stream`.
 * @example
 * stream.open('text/plain');
 * await stream.publish('first line\n');
 * await pipeline(Readable.from(lines()), stream);
 */
export class ResponseStream extends StreamCore {
  /** Starts the response with `contentType`: the headers go out now, and the type cannot change afterwards. */
  open(contentType: string): this {
    this.setContentType(contentType);
    this.start(true);
    return this;
  }

  /** Starts the response with `contentType` and sends `prelude` first (e.g. the HTTP integration prelude). */
  openWith(contentType: string, prelude: string | Uint8Array): this {
    this.open(contentType);
    this.write(prelude);
    return this;
  }

  /** Sets the content type. @throws StreamingError once the response has started. */
  setContentType(contentType: string): void {
    if (this.started) {
      throw new StreamingError('Cannot set the content type, too late: the response started with its first write or open().');
    }
    if (typeof contentType !== 'string' || contentType === '' || UNSAFE_CONTENT_TYPE.test(contentType)) {
      throw new StreamingError(`Invalid content type ${JSON.stringify(contentType)}: expected a non-empty header value.`);
    }
    this.contentTypeBeforeStart = contentType;
  }

  override write(data: unknown, callback?: (error: Error | null | undefined) => void): boolean;
  override write(data: unknown, encoding: BufferEncoding, callback?: (error: Error | null | undefined) => void): boolean;
  override write(data: unknown, encoding?: unknown, callback?: unknown): boolean {
    this.start();
    return super.write(toChunk(data), encoding as BufferEncoding, callback as () => void);
  }

  override end(cb?: () => void): this;
  override end(data: unknown, cb?: () => void): this;
  override end(data: unknown, encoding: BufferEncoding, cb?: () => void): this;
  override end(data?: unknown, encoding?: unknown, cb?: unknown): this {
    // Writable.end(data) bypasses write(): route the last chunk through it for the same conversions.
    if (typeof data === 'function') return super.end(data as () => void);
    if (typeof encoding === 'function') [encoding, cb] = [undefined, encoding];
    if (data !== undefined && data !== null) this.write(data, encoding as BufferEncoding);
    return super.end(cb as () => void);
  }

  /** Sends what is buffered (also what `cork()` held) now; resolves once it left. */
  flush(): Promise<void> {
    while (this.writableCorked > 0) this.uncork();
    if (this.writableEnded || this.destroyed) return this.close();
    // An empty chunk queues behind everything written so far: its callback means all of it was sent.
    return guarded(new Promise((resolve, reject) => super.write(EMPTY, (err) => (err ? reject(err) : resolve()))));
  }

  /** Writes `data` and sends it at once. */
  publish(data: unknown): Promise<void> {
    this.write(data);
    return this.flush();
  }

  /** Ends the response; the handler may keep working. Resolves once Lambda acknowledged it, rejects if it failed. */
  close(): Promise<void> {
    if (!this.writableEnded && !this.destroyed) this.end();
    return guarded(
      this.whenEnded.then(async ({ error, answer }) => {
        if (error) throw error.value;
        await answer;
      }),
    );
  }
}
