// lambda-kernel imports undici's Client module alone: the package entry loads fetch, WebSocket and more
// (about 60 ms of cold start), the Client module about a third of that.
declare module 'undici/lib/dispatcher/client.js' {
  import { Client } from 'undici';
  export default Client;
}

declare module 'undici/lib/dispatcher/agent.js' {
  import { Agent } from 'undici';
  export default Agent;
}

declare module 'undici/lib/api/api-request.js' {
  import type { Dispatcher } from 'undici';
  function request(this: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
  export default request;
}

declare module 'undici/lib/core/util.js' {
  /** Lower-cases a raw header name; well-known names come interned from a lookup tree, without decoding. */
  export function headerNameToString(value: Buffer | string): string;
}
