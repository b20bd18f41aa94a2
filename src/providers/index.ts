/**
 * @module
 * Ready services to inject: configuration, HTTP client, clock and the request-scoped logger.
 */
export { Config } from './config.js';
export { HttpClient, type HttpRequestOptions, type HttpClientResponse } from './http-client.js';
export { CLOCK, systemClock, type Clock } from './clock.js';
export { Logger } from '../runtime/logging/index.js';
