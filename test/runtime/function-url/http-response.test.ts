import type { APIGatewayProxyStructuredResultV2, LambdaFunctionURLEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { InvalidHeaderError } from '../../../src/errors.js';
import { type FunctionUrlEvent, type FunctionUrlResult, requestBody } from '../../../src/runtime/function-url/event.js';
import { httpResponse } from '../../../src/runtime/function-url/http-response.js';

describe('buffered Function URL responses', () => {
  it('builds text, HTML and JSON bodies with their content types', () => {
    expect(httpResponse.text('hi')).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: 'hi',
      isBase64Encoded: false,
    });
    expect(httpResponse.html('<p>x</p>', { statusCode: 500 })).toMatchObject({ statusCode: 500, headers: { 'content-type': 'text/html; charset=utf-8' } });
    expect(httpResponse.json({ a: 1 })).toMatchObject({ body: '{"a":1}', headers: { 'content-type': 'application/json' } });
  });

  it('base64-encodes binary bodies and flags them', () => {
    const bytes = new Uint8Array([0, 1, 2, 255]);
    const res = httpResponse.binary(bytes, { contentType: 'image/png', headers: { 'content-disposition': 'attachment' } });
    expect(res).toMatchObject({ isBase64Encoded: true, headers: { 'content-type': 'image/png', 'content-disposition': 'attachment' } });
    expect(Buffer.from(res.body, 'base64')).toEqual(Buffer.from(bytes));
  });

  it('keeps a content-type header given in any case over the default, and carries cookies', () => {
    const res = httpResponse.text('x', { headers: { 'Content-Type': 'text/csv', 'x-n': 3 }, cookies: ['a=1'] });
    expect(res.headers).toEqual({ 'Content-Type': 'text/csv', 'x-n': '3' });
    expect(res.cookies).toEqual(['a=1']);
  });

  it('builds redirects and empty responses', () => {
    expect(httpResponse.redirect('/home')).toEqual({ statusCode: 302, headers: { location: '/home' }, body: '', isBase64Encoded: false });
    expect(httpResponse.empty()).toMatchObject({ statusCode: 204, body: '' });
  });

  it('refuses header names and values that would split the response', () => {
    expect(() => httpResponse.text('x', { headers: { 'x-a': 'v\r\nx-b: 1' } })).toThrow(InvalidHeaderError);
    expect(() => httpResponse.text('x', { headers: { 'bad name': 'v' } })).toThrow(/HTTP token/);
    expect(() => httpResponse.text('x', { cookies: ['a=\0'] })).toThrow(/CR, LF or NUL/);
    expect(() => httpResponse.redirect('/x\r\n')).toThrow(InvalidHeaderError);
  });

  it('decodes request bodies, base64 or not', () => {
    expect(requestBody({ body: 'aGk=', isBase64Encoded: true }).toString()).toBe('hi');
    expect(requestBody({ body: 'hi', isBase64Encoded: false }).toString()).toBe('hi');
    expect(requestBody({ isBase64Encoded: false }).length).toBe(0);
  });

  it('declares types interchangeable with @types/aws-lambda', () => {
    // Checked by tsc: each assignment fails to compile if the shapes drift apart.
    const fromAws: FunctionUrlEvent = {} as LambdaFunctionURLEvent;
    const toAws: LambdaFunctionURLEvent = {} as FunctionUrlEvent;
    const result: APIGatewayProxyStructuredResultV2 = httpResponse.text('x') satisfies FunctionUrlResult;
    expect([fromAws, toAws, result]).toHaveLength(3);
  });
});
