/**
 * @module
 * A client for RIE's invoke endpoint (`lambda-kernel dev`, or the Runtime Interface Emulator itself) that hands
 * over the response body chunk by chunk, as it arrives.
 */
import { request } from 'node:http';
import { CommandError } from '../errors.js';

/** The invoke endpoint's path, as RIE serves it. */
export const INVOKE_PATH = '/2015-03-31/functions/function/invocations';

/** How an invocation through the endpoint ended. */
export interface HttpInvokeResult {
  status: number;
  /** `X-Amz-Function-Error` (`Unhandled`) when the function failed. */
  functionError?: string;
  requestId?: string;
  /** True when the server cut the response short (a streamed response that failed midway). */
  cut: boolean;
}

/** POSTs `payload` to `base` + {@link INVOKE_PATH}, calling `onChunk` for each piece of the response. */
export function invokeEndpoint(base: string, payload: Uint8Array, onChunk: (chunk: Buffer) => void): Promise<HttpInvokeResult> {
  const url = new URL(INVOKE_PATH, base.endsWith('/') ? base : `${base}/`);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-length': payload.byteLength } }, (res) => {
      const result: HttpInvokeResult = {
        status: res.statusCode ?? 0,
        functionError: header(res.headers['x-amz-function-error']),
        requestId: header(res.headers['x-amzn-requestid']),
        cut: false,
      };
      res.on('data', onChunk);
      res.on('end', () => resolve(result));
      // 'aborted' fires when the connection closes before the body is complete.
      res.on('aborted', () => resolve({ ...result, cut: true }));
      res.on('error', () => resolve({ ...result, cut: true }));
    });
    req.on('error', (error) =>
      reject(new CommandError(`Cannot reach ${url.origin}: ${error.message}. Is \`lambda-kernel dev\` running?`, { cause: error })),
    );
    req.end(payload);
  });
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
