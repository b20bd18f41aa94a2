import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { InvocationContext } from '../../src/runtime/context.js';
import { resetRuntimeMetadata } from '../../src/runtime/metadata.js';
import { bufferedDriver, type Handler } from '../../src/runtime/run.js';
import { type InProcessRuntime, startInProcess } from '../helpers/in-process.js';

let rt: InProcessRuntime | undefined;
afterEach(async () => {
  await rt?.stop();
  rt = undefined;
  delete process.env._X_AMZN_TRACE_ID;
});

function serve<R>(handler: Handler<unknown, R>, options: Parameters<typeof startInProcess>[1] = {}) {
  return startInProcess(bufferedDriver(() => handler), options).then((r) => (rt = r));
}

describe('the invocation context', () => {
  it('counts the remaining time down from the deadline header (case 5)', async () => {
    const { emulator } = await serve(async (_e, ctx: InvocationContext) => {
      const first = ctx.getRemainingTimeInMillis();
      await new Promise((r) => setTimeout(r, 30));
      return { first, second: ctx.getRemainingTimeInMillis(), deadline: ctx.deadlineMs };
    });
    const deadlineMs = Date.now() + 3000;
    const { first, second, deadline } = (await emulator.invoke({}, { deadlineMs })).json<Record<string, number>>();
    expect(deadline).toBe(deadlineMs);
    expect(first).toBeLessThanOrEqual(3000);
    expect(first).toBeGreaterThan(2000);
    expect(second).toBeLessThan(first);
  });

  it('exposes the ARN and the function configuration unchanged, memory as a string and a number (case 6)', async () => {
    const { emulator } = await serve((_e, ctx: InvocationContext) => ({
      arn: ctx.invokedFunctionArn,
      name: ctx.functionName,
      version: ctx.functionVersion,
      memoryLimitInMB: ctx.memoryLimitInMB,
      memorySizeMb: ctx.function.memorySizeMb,
      logGroupName: ctx.logGroupName,
      logStreamName: ctx.logStreamName,
      region: ctx.function.region,
      awsRequestId: ctx.awsRequestId,
    }));
    const arn = 'arn:aws:lambda:eu-west-1:123456789012:function:orders:live';
    const outcome = await emulator.invoke({}, { functionArn: arn, requestId: 'req-6' });
    const env = emulator.functionEnv();
    expect(outcome.json()).toEqual({
      arn,
      name: env.AWS_LAMBDA_FUNCTION_NAME,
      version: env.AWS_LAMBDA_FUNCTION_VERSION,
      memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      memorySizeMb: Number(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE),
      logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
      logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
      region: env.AWS_REGION,
      awsRequestId: 'req-6',
    });
  });

  it('sets _X_AMZN_TRACE_ID per invocation and deletes it when the header is absent (case 7)', async () => {
    const { emulator } = await serve((_e, ctx: InvocationContext) => ({
      env: process.env._X_AMZN_TRACE_ID ?? null,
      traceId: ctx.traceId ?? null,
    }));
    const traceId = 'Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1';
    const traced = await emulator.invoke({}, { traceId });
    const untraced = await emulator.invoke({});
    expect(traced.json()).toEqual({ env: traceId, traceId });
    expect(untraced.json()).toEqual({ env: null, traceId: null });
  });

  it('parses the client context and the Cognito identity, and leaves them undefined when absent (case 8)', async () => {
    const { emulator } = await serve((_e, ctx: InvocationContext) => ({
      clientContext: ctx.clientContext ?? 'absent',
      identity: ctx.identity ?? 'absent',
    }));
    const clientContext = { client: { app_title: 'shop' }, custom: { a: 1 }, env: { locale: 'en' } };
    const cognitoIdentity = { cognitoIdentityId: 'id-1', cognitoIdentityPoolId: 'pool-1' };
    const present = await emulator.invoke({}, { clientContext, cognitoIdentity });
    const absent = await emulator.invoke({});
    expect(present.json()).toEqual({ clientContext, identity: cognitoIdentity });
    expect(absent.json()).toEqual({ clientContext: 'absent', identity: 'absent' });
  });

  it('reports a malformed client context as a Runtime error and keeps looping (case 9)', async () => {
    const { emulator } = await serve(() => 'handled');
    const bad = await emulator.invoke({}, { clientContext: '{not json' });
    const good = await emulator.invoke({});
    expect(bad.status).toBe('error');
    expect(bad.error?.errorType).toMatch(/^Runtime\./);
    expect(bad.error?.errorMessage).toContain('Lambda-Runtime-Client-Context');
    expect(good.json()).toBe('handled');
  });

  it('reports a deadline that is not a number, naming the header', async () => {
    const { emulator } = await serve(() => 'handled');
    for (const deadline of ['soon', '', '1700000000000 ms', '+1700000000000', '-1', '1.5', '17e11', '0x1f']) {
      const bad = await emulator.invoke({}, { headers: { 'Lambda-Runtime-Deadline-Ms': deadline } });
      expect(bad.error?.errorType, deadline).toBe('Runtime.InvalidEvent');
      expect(bad.error?.errorMessage).toContain('Lambda-Runtime-Deadline-Ms');
    }
    expect((await emulator.invoke({})).json()).toBe('handled');
  });

  it('reads a deadline of any number of digits as the number it spells', async () => {
    const { emulator } = await serve((_e, ctx: InvocationContext) => ctx.deadlineMs);
    for (const deadline of ['0', '0001700000000000', '1700000000123', '123456789012345678901']) {
      const answer = await emulator.invoke({}, { headers: { 'Lambda-Runtime-Deadline-Ms': deadline } });
      expect(answer.json(), deadline).toBe(Number(deadline));
    }
  });

  it('exposes the tenant id only for the invocation that has one (case 10)', async () => {
    const { emulator } = await serve((_e, ctx: InvocationContext) => ({ tenantId: ctx.tenantId ?? null }));
    expect((await emulator.invoke({}, { tenantId: 'tenant-a' })).json()).toEqual({ tenantId: 'tenant-a' });
    expect((await emulator.invoke({})).json()).toEqual({ tenantId: null });
  });

  it('aborts context.signal shortly before the deadline with an InvocationTimeoutError', async () => {
    const { emulator } = await serve(async (_e, ctx: InvocationContext) => {
      const reason = await new Promise<unknown>((resolve) => ctx.signal.addEventListener('abort', () => resolve(ctx.signal.reason)));
      return { name: (reason as Error).name, left: ctx.getRemainingTimeInMillis() };
    });
    const outcome = await emulator.invoke({}, { deadlineMs: Date.now() + 600 });
    const { name, left } = outcome.json<{ name: string; left: number }>();
    expect(name).toBe('InvocationTimeoutError');
    expect(left).toBeGreaterThan(0);
  });

  it('reads environment variables through env()', async () => {
    const { emulator } = await serve((_e, ctx: InvocationContext) => ctx.env('AWS_LAMBDA_FUNCTION_NAME') ?? null);
    expect((await emulator.invoke({})).json()).toBe(process.env.AWS_LAMBDA_FUNCTION_NAME ?? null);
  });

  it('posts the response and ends the loop with code 0 after forceTerminateAfterResponse()', async () => {
    const runtime = await serve((_e, ctx: InvocationContext) => {
      ctx.forceTerminateAfterResponse();
      return 'bye';
    });
    const outcome = await runtime.emulator.invoke({});
    expect(outcome.json()).toBe('bye');
    expect(await runtime.exited).toBe(0);
    expect(runtime.emulator.requests.filter((r) => r.path.endsWith('/next'))).toHaveLength(1);
  });
});

describe('the Runtime Metadata API', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.close();
    resetRuntimeMetadata();
    delete process.env.AWS_LAMBDA_METADATA_API;
    delete process.env.AWS_LAMBDA_METADATA_TOKEN;
  });

  it('is read with the bearer token once and cached', async () => {
    const seen: string[] = [];
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization}`);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ availabilityZoneId: 'use1-az4' }));
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    process.env.AWS_LAMBDA_METADATA_API = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env.AWS_LAMBDA_METADATA_TOKEN = 'tok-123';
    const { emulator } = await serve(async (_e, ctx: InvocationContext) => (await ctx.runtimeMetadata()).availabilityZoneId);
    expect((await emulator.invoke({})).json()).toBe('use1-az4');
    expect((await emulator.invoke({})).json()).toBe('use1-az4');
    expect(seen).toEqual(['GET /2026-01-15/metadata/execution-environment Bearer tok-123']);
  });

  it('fails with a clear error when it is not configured', async () => {
    const { emulator } = await serve(async (_e, ctx: InvocationContext) => ctx.runtimeMetadata());
    const outcome = await emulator.invoke({});
    expect(outcome.error?.errorType).toBe('Runtime.ConfigInvalid');
    expect(outcome.error?.errorMessage).toContain('AWS_LAMBDA_METADATA_API');
  });
});
