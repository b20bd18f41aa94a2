import { afterEach, describe, expect, it } from 'vitest';
import {
  AfterResponse,
  BeforeInvoke,
  Handler,
  inject,
  type InvocationScope,
  OnInit,
  OnShutdown,
  Scoped,
  Singleton,
} from '../../src/kernel/index.js';
import type { InvocationOutcome } from '../../src/runtime/invocation.js';
import { TestKernel } from '../../src/testing/index.js';

let app: TestKernel | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('lifecycle hooks', () => {
  it('runs OnInit in dependency order, BeforeInvoke before the handler, AfterResponse after the response, OnShutdown in reverse', async () => {
    // Prepare
    const log: string[] = [];
    @Singleton()
    class Db {
      @OnInit() async connect() {
        await new Promise((r) => setTimeout(r, 5));
        log.push('Db.OnInit');
      }
      @BeforeInvoke() before() {
        log.push('Db.BeforeInvoke');
      }
      @AfterResponse() after() {
        log.push('Db.AfterResponse');
      }
      @OnShutdown() close() {
        log.push('Db.OnShutdown');
      }
    }
    @Singleton()
    class Repo {
      constructor(@inject(Db) readonly db: Db) {}
      @OnInit() init() {
        log.push('Repo.OnInit');
      }
      @OnShutdown() close() {
        log.push('Repo.OnShutdown');
      }
    }
    @Scoped()
    class Audit {
      @BeforeInvoke() before(scope: InvocationScope) {
        log.push(`Audit.BeforeInvoke ${scope.context.requestId}`);
      }
      @AfterResponse() after(outcome: InvocationOutcome) {
        log.push(`Audit.AfterResponse ok=${outcome.ok}`);
      }
    }
    @Handler()
    class Orders {
      constructor(@inject(Repo) readonly repo: Repo, @inject(Audit) readonly audit: Audit) {}
      @BeforeInvoke() before() {
        log.push('Orders.BeforeInvoke');
      }
      handle() {
        log.push('Orders.handle');
        return 'done';
      }
      @AfterResponse() after(outcome: InvocationOutcome) {
        log.push(`Orders.AfterResponse result=${outcome.ok ? String(outcome.result) : 'error'}`);
      }
    }

    // Act: the providers are listed in reverse dependency order on purpose.
    app = await TestKernel.create({ handler: Orders, providers: [Audit, Repo, Db] });
    const afterBoot = [...log];
    log.length = 0;
    await app.invoke({}, { requestId: 'r1' });
    const invocation = [...log];
    log.length = 0;
    await app.shutdown();

    // Assess
    expect(afterBoot).toEqual(['Db.OnInit', 'Repo.OnInit']);
    expect(invocation).toEqual([
      'Db.BeforeInvoke',
      'Audit.BeforeInvoke r1',
      'Orders.BeforeInvoke',
      'Orders.handle',
      'Orders.AfterResponse result=done',
      'Audit.AfterResponse ok=true',
      'Db.AfterResponse',
    ]);
    expect(log).toEqual(['Repo.OnShutdown', 'Db.OnShutdown']);
  });

  it('runs AfterResponse only once the emulator has received and acknowledged the response', async () => {
    let seenByEmulator: string | undefined;
    @Handler()
    class H {
      handle() {
        return 'posted first';
      }
      @AfterResponse() after() {
        const post = app!.emulator.requests.find((r) => r.path.endsWith('/response'));
        seenByEmulator = post ? `${post.status} ${post.body.toString()}` : 'nothing';
      }
    }
    app = await TestKernel.create({ handler: H });
    await app.invoke({});
    expect(seenByEmulator).toBe('202 "posted first"');
  });

  it('fails only that invocation when a BeforeInvoke hook throws, naming the class and the hook', async () => {
    @Singleton()
    class Guard {
      @BeforeInvoke() check(scope: InvocationScope) {
        if ((scope.event as { deny?: boolean }).deny) throw new Error('access denied');
      }
    }
    @Handler()
    class H {
      constructor(@inject(Guard) readonly guard: Guard) {}
      handle() {
        return 'allowed';
      }
    }
    app = await TestKernel.create({ handler: H, providers: [Guard] });
    const denied = await app.invokeRaw({ deny: true });
    expect(denied.status).toBe('error');
    expect(denied.error?.errorType).toBe('Runtime.HookError');
    expect(denied.error?.errorMessage).toBe('@BeforeInvoke() of Guard.check failed: access denied');
    expect(denied.error?.stackTrace?.join('\n')).toContain('Caused by: Error: access denied');
    expect(await app.invoke({ deny: false })).toBe('allowed');
  });

  it('logs an AfterResponse failure without changing the response', async () => {
    @Handler()
    class H {
      handle() {
        return 'kept';
      }
      @AfterResponse() after() {
        throw new Error('after failed');
      }
    }
    app = await TestKernel.create({ handler: H });
    expect(await app.invoke({})).toBe('kept');
    expect(app.logs.join('')).toContain('@AfterResponse() of H.after failed: after failed');
    expect(await app.invoke({})).toBe('kept');
  });

  it('runs synchronous and asynchronous AfterResponse hooks in order, logging each failure', async () => {
    const log: string[] = [];
    @Singleton()
    class First {
      @AfterResponse() sync() {
        log.push('first');
        throw new Error('first failed');
      }
    }
    @Singleton()
    class Second {
      @AfterResponse() async later() {
        await new Promise((r) => setTimeout(r, 5));
        log.push('second');
        throw new Error('second failed');
      }
    }
    @Handler()
    class H {
      constructor(@inject(First) readonly first: First, @inject(Second) readonly second: Second) {}
      handle() {
        return 'kept';
      }
      @AfterResponse() own() {
        log.push('handler');
      }
    }
    app = await TestKernel.create({ handler: H, providers: [First, Second] });
    expect(await app.invoke({})).toBe('kept');
    // invoke() resolves once the invocation's hooks have run; the second one runs them all again.
    expect(await app.invoke({})).toBe('kept');
    const logs = app.logs.join('');
    expect(logs.split('@AfterResponse() of First.sync failed: first failed')).toHaveLength(3);
    expect(logs.split('@AfterResponse() of Second.later failed: second failed')).toHaveLength(3);
    expect(log).toEqual(['handler', 'second', 'first', 'handler', 'second', 'first']);
  });

  it('attaches an AfterResponse failure to the handler’s error as its cause instead of hiding it', async () => {
    let seen: unknown;
    @Handler()
    class H {
      handle() {
        throw new Error('handler failed');
      }
      @AfterResponse() after(outcome: InvocationOutcome) {
        seen = outcome;
        throw new Error('hook failed');
      }
    }
    app = await TestKernel.create({ handler: H });
    const outcome = await app.invokeRaw({});
    expect(outcome.error?.errorMessage).toBe('handler failed');
    const error = (seen as { error: Error }).error;
    expect(error.message).toBe('handler failed');
    expect((error.cause as Error).message).toBe('@AfterResponse() of H.after failed: hook failed');
  });

  it('reports an OnInit failure as an init error naming the provider and the hook', async () => {
    @Singleton()
    class Broken {
      @OnInit() connect() {
        throw new Error('database unreachable');
      }
    }
    @Handler()
    class H {
      constructor(@inject(Broken) readonly broken: Broken) {}
      handle() {
        return 'never';
      }
    }
    const failure = TestKernel.create({ handler: H, providers: [Broken] });
    await expect(failure).rejects.toMatchObject({
      errorType: 'Runtime.HookError',
      message: '@OnInit() of Broken.connect failed: database unreachable',
    });
  });

  it('refuses OnInit on a scoped provider at boot', async () => {
    @Scoped()
    class PerRequest {
      @OnInit() init() {}
    }
    @Handler()
    class H {
      constructor(@inject(PerRequest) readonly p: PerRequest) {}
      handle() {}
    }
    await expect(TestKernel.create({ handler: H, providers: [PerRequest] })).rejects.toThrow(/PerRequest is scoped.*Move those hooks to a singleton/);
  });
});
