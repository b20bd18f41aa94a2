import { afterEach, describe, expect, it } from 'vitest';
import { EVENT, Handler, inject, InvocationScope, INVOCATION_SCOPE, Scoped, Singleton } from '../../src/kernel/index.js';
import { InvocationContext } from '../../src/runtime/context.js';
import { TestKernel } from '../../src/testing/index.js';

let app: TestKernel | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('singletons and invocation scopes', () => {
  it('resolves a singleton once, during init, and shares it across invocations', async () => {
    // Prepare
    let created = 0;
    @Singleton()
    class Counter {
      readonly id = ++created;
      hits = 0;
    }
    @Handler()
    class CountHandler {
      constructor(@inject(Counter) private counter: Counter) {}
      handle() {
        return { id: this.counter.id, hits: ++this.counter.hits };
      }
    }

    // Act
    app = await TestKernel.create({ handler: CountHandler, providers: [Counter] });
    const createdAtBoot = created;
    const results = [await app.invoke({}), await app.invoke({}), await app.invoke({})];

    // Assess
    expect(createdAtBoot).toBe(1);
    expect(results).toEqual([{ id: 1, hits: 1 }, { id: 1, hits: 2 }, { id: 1, hits: 3 }]);
    expect(created).toBe(1);
  });

  it('creates a scoped service per invocation and disposes it on success and on error', async () => {
    const log: string[] = [];
    let next = 0;
    @Scoped()
    class UnitOfWork {
      readonly id = ++next;
      constructor(@inject(InvocationContext) readonly ctx: InvocationContext) {}
      async [Symbol.asyncDispose ?? Symbol.for('nodejs.asyncDispose')]() {
        log.push(`dispose ${this.id} ${this.ctx.requestId}`);
      }
    }
    @Handler()
    class WorkHandler {
      constructor(@inject(UnitOfWork) private first: UnitOfWork, @inject(UnitOfWork) private second: UnitOfWork) {}
      handle(event: { fail: boolean }) {
        log.push(`handle ${this.first.id} same=${this.first === this.second}`);
        if (event.fail) throw new Error('handler failed');
        return this.first.id;
      }
    }
    app = await TestKernel.create({ handler: WorkHandler, providers: [UnitOfWork] });

    expect(await app.invoke({ fail: false }, { requestId: 'ok-1' })).toBe(1);
    await expect(app.invoke({ fail: true }, { requestId: 'fail-2' })).rejects.toThrow('handler failed');
    expect(await app.invoke({ fail: false }, { requestId: 'ok-3' })).toBe(3);

    expect(log).toEqual([
      'handle 1 same=true', 'dispose 1 ok-1',
      'handle 2 same=true', 'dispose 2 fail-2',
      'handle 3 same=true', 'dispose 3 ok-3',
    ]);
  });

  it('reports an async handler that rejects as the invocation error, disposes its scope and serves the next', async () => {
    const log: string[] = [];
    @Scoped()
    class Unit {
      dispose() {
        log.push('disposed');
      }
    }
    @Handler()
    class AsyncHandler {
      constructor(@inject(Unit) readonly unit: Unit) {}
      async handle(event: { fail: boolean }) {
        await sleep(1);
        if (event.fail) throw new Error('async handler failed');
        return 'done';
      }
    }
    app = await TestKernel.create({ handler: AsyncHandler, providers: [Unit] });
    const failed = await app.invokeRaw({ fail: true });
    expect(failed.status).toBe('error');
    expect(failed.error).toMatchObject({ errorType: 'Error', errorMessage: 'async handler failed' });
    expect(await app.invoke({ fail: false })).toBe('done');
    expect(log).toEqual(['disposed', 'disposed']);
  });

  it('disposes scoped services with a plain dispose() method, newest first', async () => {
    const log: string[] = [];
    @Scoped()
    class Inner {
      dispose() {
        log.push('inner');
      }
    }
    @Scoped()
    class Outer {
      constructor(@inject(Inner) readonly inner: Inner) {}
      dispose() {
        log.push('outer');
      }
    }
    @Handler()
    class H {
      constructor(@inject(Outer) readonly outer: Outer) {}
      handle() {
        return 'ok';
      }
    }
    app = await TestKernel.create({ handler: H, providers: [Inner, Outer] });
    await app.invoke({});
    expect(log).toEqual(['outer', 'inner']);
  });

  it('disposes a mix of synchronous, asynchronous and plain services newest first, collecting every failure', async () => {
    const log: string[] = [];
    @Scoped()
    class Oldest {
      async [Symbol.asyncDispose]() {
        await sleep(5);
        log.push('oldest');
      }
    }
    @Scoped()
    class Plain {
      constructor(@inject(Oldest) readonly oldest: Oldest) {}
    }
    @Scoped()
    class Failing {
      constructor(@inject(Plain) readonly plain: Plain) {}
      dispose() {
        log.push('failing');
        throw new Error('cannot close');
      }
    }
    @Scoped()
    class Newest {
      constructor(@inject(Failing) readonly failing: Failing) {}
    }
    @Handler()
    class H {
      constructor(@inject(Newest) readonly newest: Newest) {}
      handle() {
        return 'ok';
      }
    }
    app = await TestKernel.create({ handler: H, providers: [Oldest, Plain, Failing, Newest] });
    expect(await app.invoke({})).toBe('ok');
    expect(log).toEqual(['failing', 'oldest']);
    expect(app.logs.join('')).toContain('Disposing a scoped service failed');
    expect(app.logs.join('')).toContain('cannot close');
    // The next invocation gets new instances and disposes them the same way.
    expect(await app.invoke({})).toBe('ok');
    expect(log).toEqual(['failing', 'oldest', 'failing', 'oldest']);
  });

  it('injects the event, the context and the scope itself', async () => {
    @Handler()
    class H {
      constructor(
        @inject(EVENT) private event: { n: number },
        @inject(InvocationContext) private ctx: InvocationContext,
        @inject(INVOCATION_SCOPE) private scope: InvocationScope,
      ) {}
      handle(event: { n: number }) {
        return { same: event === this.event, n: this.event.n, id: this.ctx.requestId, scoped: this.scope.context === this.ctx };
      }
    }
    app = await TestKernel.create({ handler: H });
    expect(await app.invoke({ n: 7 }, { requestId: 'r-7' })).toEqual({ same: true, n: 7, id: 'r-7', scoped: true });
  });

  it('never lets two concurrent invocations see each other’s context', async () => {
    @Scoped()
    class RequestInfo {
      constructor(@inject(InvocationContext) readonly ctx: InvocationContext) {}
    }
    @Handler()
    class H {
      constructor(@inject(RequestInfo) private info: RequestInfo, @inject(InvocationContext) private ctx: InvocationContext) {}
      async handle(event: { wait: number }) {
        const before = this.info.ctx.requestId;
        await sleep(event.wait);
        return { before, after: this.ctx.requestId, own: this.info.ctx.requestId };
      }
    }
    app = await TestKernel.create({
      handler: H,
      providers: [RequestInfo],
      emulator: { maxConcurrency: 2 },
      env: { AWS_LAMBDA_MAX_CONCURRENCY: '2' },
    });
    const [a, b] = await Promise.all([
      app.invoke({ wait: 150 }, { requestId: 'A' }),
      app.invoke({ wait: 10 }, { requestId: 'B' }),
    ]);
    expect(a).toEqual({ before: 'A', after: 'A', own: 'A' });
    expect(b).toEqual({ before: 'B', after: 'B', own: 'B' });
  });
});
