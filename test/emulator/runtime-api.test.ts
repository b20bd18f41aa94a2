import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RuntimeApiEmulator } from '../../src/emulator/index.js';
import { FakeRuntime, startFakeRuntime } from './fake-runtime.js';

let emulator: RuntimeApiEmulator;
let runtime: FakeRuntime;

beforeEach(async () => ({ emulator, runtime } = await startFakeRuntime()));
afterEach(() => emulator.close());

describe('GET /next', () => {
  it('hands out the event with every invocation header that has a value', async () => {
    // Prepare
    const outcome = emulator.invoke({ a: 1 }, {
      requestId: 'req-1',
      traceId: 'Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1',
      clientContext: { client: { app_title: 'x' } },
      cognitoIdentity: '{"cognitoIdentityId":"id","cognitoIdentityPoolId":"pool"}',
      tenantId: 'tenant-7',
      functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f:alias',
    });

    // Act
    const next = await runtime.next();

    // Assess
    expect(next.status).toBe(200);
    expect(next.json()).toEqual({ a: 1 });
    expect(next.headers['lambda-runtime-aws-request-id']).toBe('req-1');
    expect(Number(next.headers['lambda-runtime-deadline-ms'])).toBeGreaterThan(Date.now() + 200_000);
    expect(next.headers['lambda-runtime-invoked-function-arn']).toMatch(/:function:f:alias$/);
    expect(next.headers['lambda-runtime-trace-id']).toMatch(/^Root=1-/);
    expect(JSON.parse(next.headers['lambda-runtime-client-context']!)).toEqual({ client: { app_title: 'x' } });
    expect(next.headers['lambda-runtime-cognito-identity']).toContain('cognitoIdentityPoolId');
    expect(next.headers['lambda-runtime-aws-tenant-id']).toBe('tenant-7');
    expect(next.headers['content-type']).toBe('application/json');
    await runtime.respond('req-1', 'null');
    await outcome;
  });

  it('omits optional headers that are empty and lets raw overrides remove or rename one', async () => {
    // Prepare
    void emulator.invoke(Buffer.from('raw'), {
      requestId: 'req-2',
      contentType: 'application/octet-stream',
      headers: { 'Lambda-Runtime-Deadline-Ms': undefined, 'lambda-runtime-trace-id': 'Root=odd-case' },
    });

    // Act
    const next = await runtime.next();

    // Assess
    expect(next.text()).toBe('raw');
    expect(next.headers['content-type']).toBe('application/octet-stream');
    expect(next.headers['lambda-runtime-deadline-ms']).toBeUndefined();
    expect(next.headers['lambda-runtime-trace-id']).toBe('Root=odd-case');
    for (const absent of ['client-context', 'cognito-identity', 'aws-tenant-id']) {
      expect(next.headers[`lambda-runtime-${absent}`]).toBeUndefined();
    }
    const defaultArn = 'arn:aws:lambda:us-east-1:123456789012:function:test-function';
    expect(next.headers['lambda-runtime-invoked-function-arn']).toBe(defaultArn);
  });
});

describe('POST /response', () => {
  it('answers 202 {"status":"OK"} and resolves the outcome with the body and content type', async () => {
    // Prepare
    const outcome = emulator.invoke({ q: 1 });
    const id = (await runtime.next()).headers['lambda-runtime-aws-request-id']!;

    // Act
    const reply = await runtime.respond(id, '{"ok":true}', { 'Content-Type': 'application/json' });

    // Assess
    expect(reply.status).toBe(202);
    expect(reply.json()).toEqual({ status: 'OK' });
    const result = await outcome;
    expect(result).toMatchObject({ requestId: id, status: 'success', contentType: 'application/json', streamed: false });
    expect(result.json()).toEqual({ ok: true });
    expect(result.headers['content-type']).toBe('application/json');
  });

  it('decodes a percent-encoded request id in the path', async () => {
    // Prepare
    const id = 'a/b c+d%e';
    const outcome = emulator.invoke({}, { requestId: id });
    await runtime.next();

    // Act
    const reply = await runtime.respond(id, '"ok"');

    // Assess
    expect(reply.status).toBe(202);
    expect((await outcome).requestId).toBe(id);
    expect(emulator.requests.at(-1)?.path).toBe('/2018-06-01/runtime/invocation/a%2Fb%20c%2Bd%25e/response');
  });

  it('accepts 6,291,556 bytes and answers 413 with the RIE body to 6,291,557 bytes', async () => {
    // Prepare
    const first = emulator.invoke({}, { requestId: 'fits' });
    await runtime.next();
    const second = emulator.invoke({}, { requestId: 'too-big' });

    // Act
    const accepted = await runtime.respond('fits', Buffer.alloc(6_291_556, 0x61));
    await runtime.next();
    const refused = await runtime.respond('too-big', Buffer.alloc(6_291_557, 0x61));

    // Assess
    expect(accepted.status).toBe(202);
    expect((await first).body.length).toBe(6_291_556);
    expect(refused.status).toBe(413);
    expect(refused.text()).toBe(
      '{"errorMessage":"Exceeded maximum allowed payload size (6291556 bytes).","errorType":"RequestEntityTooLarge"}\n',
    );
    expect(await second).toMatchObject({ status: 'error', errorType: 'Function.ResponseSizeTooLarge' });
  });

  it('refuses unknown, queued, malformed and already answered ids and bad response modes', async () => {
    // Prepare
    const outcome = emulator.invoke({}, { requestId: 'live' });
    await runtime.next();
    void emulator.invoke({}, { requestId: 'queued' });

    // Act
    const unknown = await runtime.respond('nope', '1');
    const queued = await runtime.respond('queued', '1');
    const malformed = await runtime.call('POST', '/2018-06-01/runtime/invocation/%E0%A4%A/response', { body: '1' });
    const first = await runtime.respond('live', '1');
    const second = await runtime.respond('live', '2');
    const asError = await runtime.fail('live', '{}');

    // Assess
    for (const r of [unknown, queued, malformed]) {
      expect(r.status).toBe(400);
      expect(r.json()).toEqual({ errorMessage: 'Invalid request ID', errorType: 'InvalidRequestID' });
    }
    expect(first.status).toBe(202);
    expect(second.status).toBe(403);
    expect(second.json()).toMatchObject({ errorType: 'InvalidStateTransition' });
    expect(asError.status).toBe(403);
    expect((await outcome).text()).toBe('1');
  });

  it('answers 400 InvalidFunctionResponseMode and fails the invocation for an unknown response mode', async () => {
    // Prepare
    const outcome = emulator.invoke({}, { requestId: 'mode' });
    await runtime.next();

    // Act
    const reply = await runtime.respond('mode', 'x', { 'Lambda-Runtime-Function-Response-Mode': 'buffered' });

    // Assess
    expect(reply.status).toBe(400);
    expect(reply.text()).toBe(
      '{"errorMessage":"Invalid function response mode","errorType":"InvalidFunctionResponseMode"}\n',
    );
    expect(await outcome).toMatchObject({ status: 'error', errorType: 'Runtime.InvalidResponseModeHeader' });
  });
});

describe('POST /error and /init/error', () => {
  it('records the error body and normalises the error type header as RAPID does', async () => {
    // Prepare
    const cases: [string | undefined, string][] = [
      ['Runtime.HandlerNotFound', 'Runtime.HandlerNotFound'],
      ['Unhandled', 'Runtime.Unknown'],
      ['Function.x', 'Function.Unknown'],
      [undefined, 'Runtime.Unknown'],
    ];
    for (const [header, expected] of cases) {
      const outcome = emulator.invoke({});
      const id = (await runtime.next()).headers['lambda-runtime-aws-request-id']!;
      const body = JSON.stringify({ errorType: 'TypeError', errorMessage: 'x', stackTrace: ['at y'] });

      // Act
      const headers: Record<string, string> = header === undefined ? {} : { 'Lambda-Runtime-Function-Error-Type': header };
      const reply = await runtime.fail(id, body, headers);

      // Assess
      expect(reply.status).toBe(202);
      const result = await outcome;
      expect(result).toMatchObject({ status: 'error', errorType: expected });
      expect(result.error).toEqual({ errorType: 'TypeError', errorMessage: 'x', stackTrace: ['at y'] });
    }
  });

  it('fails every pending invocation with the init error and refuses init errors after the first /next', async () => {
    // Prepare
    const pending = [emulator.invoke({}), emulator.invoke({})];
    const body = JSON.stringify({ errorType: 'Runtime.ImportModuleError', errorMessage: 'nope' });

    // Act
    const accepted = await runtime.call('POST', '/2018-06-01/runtime/init/error', {
      body,
      headers: { 'Lambda-Runtime-Function-Error-Type': 'Runtime.ImportModuleError', 'Content-Type': 'application/json' },
    });

    // Assess
    expect(accepted.status).toBe(202);
    for (const outcome of await Promise.all(pending)) {
      expect(outcome).toMatchObject({ status: 'error', errorType: 'Runtime.ImportModuleError' });
      expect(outcome.error?.errorMessage).toBe('nope');
    }
    expect(emulator.initErrors).toHaveLength(1);
    void emulator.invoke({});
    await runtime.next();
    const late = await runtime.call('POST', '/2018-06-01/runtime/init/error', { body });
    expect(late.status).toBe(403);
  });

  it('fails the next invoke with an init error posted while nothing was pending', async () => {
    // Act
    await runtime.call('POST', '/2018-06-01/runtime/init/error', { body: '{"errorType":"Runtime.UserCodeSyntaxError"}' });
    const outcome = await emulator.invoke({});

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.error?.errorType).toBe('Runtime.UserCodeSyntaxError');
  });
});

describe('routing and journal', () => {
  it('answers unknown routes and other API versions with a JSON 404', async () => {
    // Act
    const replies = await Promise.all([
      runtime.call('GET', '/2018-06-01/runtime/nope'),
      runtime.call('GET', '/2019-01-01/runtime/invocation/next'),
      runtime.call('PUT', '/2022-07-01/telemetry', { body: '{}' }),
    ]);

    // Assess
    for (const reply of replies) {
      expect(reply.status).toBe(404);
      expect(reply.json()).toMatchObject({ errorType: 'NotFound' });
    }
  });

  it('waitFor matches past and future requests once they are answered', async () => {
    // Prepare
    await runtime.call('GET', '/nope');
    const future = emulator.waitFor((r) => r.path.endsWith('/response'));

    // Act
    const past = await emulator.waitFor((r) => r.path === '/nope');
    void emulator.invoke({}, { requestId: 'w' });
    await runtime.next();
    await runtime.respond('w', '"x"');

    // Assess
    expect(past.status).toBe(404);
    expect(await future).toMatchObject({ method: 'POST', status: 202 });
    expect((await future).body.toString()).toBe('"x"');
  });
});
