import { RuntimeApiError } from '../errors.js';
import { connect, send } from './http.js';

const BASE = '/2020-01-01/extension';

/** A registered internal extension. */
export interface InternalExtension {
  id: string;
  /** Closes the extension's connection. */
  close(): Promise<void>;
}

/**
 * Registers an internal extension with no events, so that Lambda sends the runtime SIGTERM at shutdown
 * (it sends none when no extension is registered, runtime-api.md §6.2), then parks one `/event/next` so that
 * init can complete. Must run before the first `/runtime/invocation/next`.
 * @throws RuntimeApiError when registration is refused.
 */
export async function registerInternalExtension(address: string, name = 'lambda-kernel'): Promise<InternalExtension> {
  const client = connect(address);
  const res = await send(client, {
    method: 'POST',
    path: `${BASE}/register`,
    headers: { 'lambda-extension-name': name, 'content-type': 'application/json' },
    body: JSON.stringify({ events: [] }),
  }).catch((err: Error) => {
    void client.close();
    throw new RuntimeApiError(`Registering the ${name} extension failed: ${err.message}`, `${BASE}/register`, undefined, { cause: err });
  });
  const id = res.headers['lambda-extension-identifier'];
  if (res.status !== 200 || !id) {
    void client.close();
    throw new RuntimeApiError(
      `Registering the ${name} extension was refused (${res.status}): ${res.body.toString('utf8').slice(0, 300)}`,
      `${BASE}/register`,
      res.status,
    );
  }
  // Internal extensions receive no SHUTDOWN event; this call only tells Lambda the extension is ready.
  void send(client, { method: 'GET', path: `${BASE}/event/next`, headers: { 'lambda-extension-identifier': id } }).catch(() => {});
  return { id, close: () => client.destroy().catch(() => {}) };
}
