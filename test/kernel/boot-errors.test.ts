import { describe, expect, it } from 'vitest';
import { Handler, inject, Kernel, Scoped, Singleton } from '../../src/kernel/index.js';
import { InvocationContext } from '../../src/runtime/context.js';
import { TestKernel } from '../../src/testing/index.js';

describe('boot-time checks', () => {
  it('names the class and the parameter position of a constructor parameter without a token', async () => {
    class Db {}
    @Handler()
    class Orders {
      constructor(
        @inject(Db) readonly db: Db,
        readonly untokened: Db,
      ) {}
      handle() {}
    }
    await expect(TestKernel.create({ handler: Orders, providers: [{ provide: Db, useValue: new Db() }] })).rejects.toThrow(
      "Orders's constructor parameter #1 has no injection token",
    );
  });

  it('refuses a singleton that depends on a scoped service (a captive dependency)', async () => {
    @Scoped()
    class RequestState {}
    @Singleton()
    class Cache {
      constructor(@inject(RequestState) readonly state: RequestState) {}
    }
    @Handler()
    class H {
      constructor(@inject(Cache) readonly cache: Cache) {}
      handle() {}
    }
    await expect(TestKernel.create({ handler: H, providers: [RequestState, Cache] })).rejects.toThrow(
      /Singleton Cache depends on RequestState, which belongs to one invocation \(a captive dependency\)/,
    );
  });

  it('refuses a singleton that depends on the invocation context, even through a transient', async () => {
    class Helper {
      constructor(@inject(InvocationContext) readonly ctx: InvocationContext) {}
    }
    @Singleton()
    class Service {
      constructor(@inject(Helper) readonly helper: Helper) {}
    }
    @Handler()
    class H {
      constructor(@inject(Service) readonly service: Service) {}
      handle() {}
    }
    await expect(
      TestKernel.create({ handler: H, providers: [{ provide: Helper, useClass: Helper, lifetime: 'transient' }, Service] }),
    ).rejects.toThrow(/Singleton Service depends on InvocationContext/);
  });

  it('names a dependency that no provider supplies and says how to add it', async () => {
    class Mailer {}
    @Handler()
    class H {
      constructor(@inject(Mailer) readonly mailer: Mailer) {}
      handle() {}
    }
    await expect(TestKernel.create({ handler: H })).rejects.toThrow(
      /H depends on Mailer, which no provider supplies\. Add it to providers/,
    );
  });

  it('names the classes of a dependency cycle', async () => {
    const tokens = { A: Symbol('A'), B: Symbol('B') };
    @Handler()
    class H {
      constructor(@inject(tokens.A) readonly a: unknown) {}
      handle() {}
    }
    const providers = [
      { provide: tokens.A, useFactory: (b: unknown) => ({ b }), inject: [tokens.B] },
      { provide: tokens.B, useFactory: (a: unknown) => ({ a }), inject: [tokens.A] },
    ];
    await expect(TestKernel.create({ handler: H, providers })).rejects.toThrow('Circular dependency: A -> B -> A');
  });

  it('refuses a handler class without @Handler() or @StreamHandler()', () => {
    class Plain {
      handle() {}
    }
    expect(() => Kernel.create({ handler: Plain })).toThrow('Plain is not a handler class: decorate it with @Handler() or @StreamHandler().');
  });

  it('registers a decorated class on first use without listing it', async () => {
    @Singleton()
    class Greeter {
      greet(name: string) {
        return `Hello, ${name}!`;
      }
    }
    @Handler()
    class H {
      constructor(@inject(Greeter) readonly greeter: Greeter) {}
      handle(event: { name: string }) {
        return this.greeter.greet(event.name);
      }
    }
    const app = await TestKernel.create({ handler: H });
    try {
      expect(await app.invoke({ name: 'Ada' })).toBe('Hello, Ada!');
    } finally {
      await app.close();
    }
  });
});
