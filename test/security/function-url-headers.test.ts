import { request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FunctionUrlGateway } from '../../src/emulator/index.js';
import { InvalidHeaderError } from '../../src/errors.js';
import { httpResponse } from '../../src/runtime/function-url/http-response.js';
import { openHttpStream } from '../../src/runtime/function-url/http-stream.js';
import type { HttpResponseInit } from '../../src/runtime/function-url/headers.js';
import { bufferedDriver } from '../../src/runtime/run.js';
import { streamDriver } from '../../src/runtime/streaming/stream-driver.js';
import { type InProcessRuntime, startInProcess } from '../helpers/in-process.js';
import { fuzz } from '../reliability/fuzz-support.js';

// Response splitting: a CR, LF or NUL in a header name, value or cookie must never reach the wire.
const BREAKERS = ['\r', '\n', '\0', '\r\n', '\r\nSet-Cookie: injected=1'];
const TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".split('');
const token = fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 1, maxLength: 12 });
const safeText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 30 });
/** A piece of text with, maybe, a line breaker planted at a random position. */
const text = (base: fc.Arbitrary<string>) =>
  fc.tuple(base, fc.option(fc.tuple(fc.constantFrom(...BREAKERS), fc.nat()), { nil: undefined })).map(([s, plant]) => {
    if (!plant) return s;
    const at = plant[1] % (s.length + 1);
    return s.slice(0, at) + plant[0] + s.slice(at);
  });

const init = fc.record({
  headers: fc.dictionary(text(token), text(safeText), { maxKeys: 4 }),
  cookies: fc.array(text(safeText), { maxLength: 3 }),
  statusCode: fc.integer({ min: 200, max: 599 }),
});

const breaks = (s: string) => /[\r\n\0]/.test(s);
const isBad = (i: HttpResponseInit) =>
  Object.entries(i.headers ?? {}).some(([name, value]) => breaks(name) || breaks(String(value))) || (i.cookies ?? []).some(breaks);

describe('Function URL responses', () => {
  it('refuse CR, LF and NUL in header names, values and cookies in every buffered builder, and keep the rest exact', async () => {
    await fuzz('buffered response headers', 300, init, async (i) => {
      const builders = [() => httpResponse.text('x', i), () => httpResponse.json({ a: 1 }, i), () => httpResponse.binary(new Uint8Array([1]), i)];
      for (const build of builders) {
        if (isBad(i)) {
          expect(build).toThrow(InvalidHeaderError);
        } else {
          const res = build();
          for (const [name, value] of Object.entries(i.headers)) expect(res.headers[name]).toBe(value);
          expect(res.cookies ?? []).toEqual(i.cookies);
        }
      }
    });
  });

  describe('streamed through the runtime', () => {
    let rt: InProcessRuntime;
    let current: HttpResponseInit = {};
    beforeAll(async () => {
      rt = await startInProcess(streamDriver(() => async (_event, stream) => {
        openHttpStream(stream, current);
        stream.end('body');
      }));
    });
    afterAll(() => rt.stop());

    it('never put a refused header into the prelude: the response ends with a Runtime.InvalidHeader error instead', async () => {
      await fuzz('streamed response headers', 150, init, async (i) => {
        current = i;
        const outcome = await rt.emulator.invoke({});
        if (isBad(i)) {
          expect(outcome.status).toBe('error');
          expect(outcome.trailers['lambda-runtime-function-error-type']).toBe('Runtime.InvalidHeader');
          // Nothing at all was streamed: no prelude, no body.
          expect(outcome.chunks.map((c) => c.data.length).reduce((a, b) => a + b, 0)).toBe(0);
        } else {
          expect(outcome.status).toBe('success');
          const end = outcome.body.indexOf(Buffer.alloc(8));
          const prelude = JSON.parse(outcome.body.subarray(0, end).toString('utf8'));
          expect(prelude).toEqual({ statusCode: i.statusCode, headers: i.headers, cookies: i.cookies });
          expect(outcome.body.subarray(end + 8).toString()).toBe('body');
        }
      });
    });
  });

  it('reach an HTTP client through the dev gateway without an injected header, even when a handler bypasses the builders', async () => {
    // Prepare: a handler returning a raw result with CRLF in a header value, served as a Function URL.
    const rt = await startInProcess(bufferedDriver(() => () => ({
      statusCode: 200,
      headers: { 'x-greeting': 'hi\r\nSet-Cookie: injected=1' },
      body: 'raw',
    })));
    const gateway = await FunctionUrlGateway.start(rt.emulator);
    try {
      // Act
      const res = await new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
        request(gateway.url, (r) => {
          r.resume();
          r.on('end', () => resolve({ status: r.statusCode ?? 0, headers: r.headers }));
        }).on('error', reject).end();
      });

      // Assess
      expect(res.status).toBe(502);
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.headers['x-greeting']).toBeUndefined();
    } finally {
      await gateway.close();
      await rt.stop();
    }
  });
});
