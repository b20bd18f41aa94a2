/**
 * @module
 * A local Function URL: real HTTP in, one invocation of the emulated function per request, the result back
 * as an HTTP response (buffered or streamed). What `lambda-kernel dev` serves.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RuntimeApiEmulator } from './emulator.js';
import { toFunctionUrlEvent } from './gateway-event.js';
import { badGateway, sendBuffered, StreamForwarder } from './gateway-response.js';
import { readBody } from './http-util.js';
import { MAX_PAYLOAD_SIZE, send } from './rendering.js';

/** Options of {@link FunctionUrlGateway.start}. */
export interface GatewayOptions {
  /** Interface to bind. Default `'127.0.0.1'`. */
  host?: string;
  /** Port to bind; 0 picks a free one. Default 0. */
  port?: number;
}

/**
 * Serves a Function URL in front of an emulator: each request becomes a v2.0 Function URL event; buffered
 * results and streamed HTTP integration responses (status, headers and cookies from the prelude) become
 * HTTP responses. Streamed chunks are forwarded as they arrive; a mid-stream error aborts the connection.
 * @example
 * const gateway = await FunctionUrlGateway.start(emulator, { port: 3000 });
 * console.log(`Function URL: ${gateway.url}`);
 * await gateway.close();
 */
export class FunctionUrlGateway {
  readonly #server: Server;
  /** `http://host:port/`. */
  readonly url: string;

  private constructor(server: Server, url: string) {
    this.#server = server;
    this.url = url;
  }

  /** Starts listening. */
  static async start(emulator: RuntimeApiEmulator, options: GatewayOptions = {}): Promise<FunctionUrlGateway> {
    const host = options.host ?? '127.0.0.1';
    const server = createServer({ requestTimeout: 0 }, (req, res) => {
      handle(emulator, req, res).catch(() => badGateway(res, {}));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return new FunctionUrlGateway(server, `http://${host.includes(':') ? `[${host}]` : host}:${port}/`);
  }

  /** Stops listening and drops open connections. Idempotent. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }
}

async function handle(emulator: RuntimeApiEmulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const read = await readBody(req, MAX_PAYLOAD_SIZE);
  if (!read.complete) return;
  if (read.size > MAX_PAYLOAD_SIZE) {
    return send(res, 413, JSON.stringify({ message: 'Request Entity Too Large' }));
  }
  const requestId = randomUUID();
  const base = { 'x-amzn-requestid': requestId };
  const forwarder = new StreamForwarder(res, base);
  const outcome = await emulator.invoke(toFunctionUrlEvent(req, read.body, requestId), {
    requestId,
    onStreamStart: (contentType) => forwarder.start(contentType),
    onChunk: (data) => forwarder.chunk(data),
  });
  // A timeout mid-stream settles as a platform failure, not streamed, yet the headers may be out already.
  if (outcome.streamed || res.headersSent) forwarder.finish(outcome);
  else sendBuffered(res, outcome, base);
}
