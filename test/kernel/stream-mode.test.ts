import { afterEach, describe, expect, it } from 'vitest';
import { AfterResponse, BeforeInvoke, inject, Singleton, StreamHandler } from '../../src/kernel/index.js';
import type { InvocationContext } from '../../src/runtime/context.js';
import type { InvocationOutcome } from '../../src/runtime/invocation.js';
import type { ResponseStream } from '../../src/runtime/streaming/response-stream.js';
import { TestKernel } from '../../src/testing/index.js';

let app: TestKernel | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('@StreamHandler()', () => {
  it('calls handle(event, stream, context) with injected services and yields its content type and chunks', async () => {
    // Prepare
    @Singleton()
    class Greeter {
      greet(name: string) {
        return `Hello, ${name}`;
      }
    }
    @StreamHandler()
    class Greetings {
      constructor(@inject(Greeter) readonly greeter: Greeter) {}
      async handle(event: { names: string[] }, stream: ResponseStream, context: InvocationContext) {
        stream.open('text/plain');
        for (const name of event.names) await stream.publish(`${this.greeter.greet(name)}\n`);
        stream.end(`(${context.requestId})`);
      }
    }
    app = await TestKernel.create({ handler: Greetings, providers: [Greeter] });

    // Act
    const result = await app.invokeStream({ names: ['Ada', 'Alan'] }, { requestId: 'r-1' });

    // Assess
    expect(result.contentType).toBe('text/plain');
    expect(result.chunks.map(String)).toEqual(['Hello, Ada\n', 'Hello, Alan\n', '(r-1)']);
    expect(result.body.toString()).toBe('Hello, Ada\nHello, Alan\n(r-1)');
    expect(result.error).toBeUndefined();
  });

  it('runs @AfterResponse() after Lambda acknowledged the stream with its 202', async () => {
    // Prepare
    const seen: { status: number; outcome: InvocationOutcome }[] = [];
    @StreamHandler()
    class Streamer {
      async handle(_event: unknown, stream: ResponseStream) {
        stream.end('body');
      }
      @AfterResponse() after(outcome: InvocationOutcome) {
        const post = app!.emulator.requests.find((r) => r.path.endsWith('/response'))!;
        seen.push({ status: post.status, outcome });
      }
    }
    app = await TestKernel.create({ handler: Streamer });

    // Act
    await app.invokeStream({});

    // Assess
    expect(seen).toEqual([{ status: 202, outcome: { ok: true, result: undefined } }]);
  });

  it('reports a throw through the trailers and hands the error to @AfterResponse()', async () => {
    // Prepare
    const outcomes: InvocationOutcome[] = [];
    @StreamHandler()
    class Failing {
      async handle(_event: unknown, stream: ResponseStream) {
        await stream.publish('partial');
        throw new TypeError('kernel stream broke');
      }
      @AfterResponse() after(outcome: InvocationOutcome) {
        outcomes.push(outcome);
      }
    }
    app = await TestKernel.create({ handler: Failing });

    // Act
    const result = await app.invokeStream({});

    // Assess
    expect(result.body.toString()).toBe('partial');
    expect(result.error).toMatchObject({ errorType: 'TypeError', errorMessage: 'kernel stream broke' });
    expect(result.trailers['lambda-runtime-function-error-type']).toBe('TypeError');
    expect(outcomes[0]).toMatchObject({ ok: false, error: { message: 'kernel stream broke' } });
  });

  it('reports a failing @BeforeInvoke() hook as an invocation error, the stream never opened', async () => {
    @StreamHandler()
    class Guarded {
      @BeforeInvoke() check() {
        throw new Error('not allowed');
      }
      async handle(_event: unknown, stream: ResponseStream) {
        stream.end('never');
      }
    }
    app = await TestKernel.create({ handler: Guarded });
    const outcome = await app.invokeRaw({});
    expect(outcome).toMatchObject({ status: 'error', streamed: false, error: { errorType: 'Runtime.HookError' } });
  });
});
