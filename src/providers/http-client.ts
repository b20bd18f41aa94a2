import type { Agent, Dispatcher } from 'undici';
import { OnShutdown, Singleton } from '../kernel/decorators.js';
import { currentInvocation } from '../runtime/invocation-store.js';

/** Options of {@link HttpClient.request}. */
export interface HttpRequestOptions {
  method?: Dispatcher.HttpMethod;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Defaults to the current invocation's signal, which aborts shortly before its deadline. */
  signal?: AbortSignal;
}

/** A buffered HTTP response. */
export interface HttpClientResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text(): string;
  json<T = unknown>(): T;
}

/**
 * An HTTP client on one shared undici Agent (keep-alive connections reused across invocations), closed at
 * shutdown. Requests made during an invocation are aborted when its deadline nears.
 * @example
 * const res = await http.request('https://example.com/items', { method: 'POST', body: JSON.stringify(item) });
 */
@Singleton()
export class HttpClient {
  #agent: Promise<{ agent: Agent; request: (this: Dispatcher, o: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData> }> | undefined;

  // undici's Agent is loaded on first use: functions that never call out pay nothing at cold start.
  #load() {
    return (this.#agent ??= Promise.all([
      import('undici/lib/dispatcher/agent.js'),
      import('undici/lib/api/api-request.js'),
    ]).then(([a, r]) => ({ agent: new a.default({ keepAliveTimeout: 30_000 }), request: r.default })));
  }

  /** Sends a request and buffers the response. */
  async request(url: string | URL, options: HttpRequestOptions = {}): Promise<HttpClientResponse> {
    const { agent, request } = await this.#load();
    const target = new URL(url);
    const res = await request.call(agent, {
      origin: target.origin,
      path: `${target.pathname}${target.search}`,
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers: options.headers,
      body: options.body,
      signal: options.signal ?? currentInvocation()?.signal,
    });
    const body = Buffer.from(await res.body.arrayBuffer());
    return {
      status: res.statusCode,
      headers: res.headers,
      body,
      text: () => body.toString('utf8'),
      json: <T>() => JSON.parse(body.toString('utf8')) as T,
    };
  }

  /** Closes the pooled connections. */
  @OnShutdown()
  async close(): Promise<void> {
    const loaded = this.#agent;
    this.#agent = undefined;
    if (loaded) await (await loaded).agent.close();
  }
}
