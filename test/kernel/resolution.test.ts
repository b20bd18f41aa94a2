import { afterEach, describe, expect, it } from 'vitest';
import { FUNCTION_CONFIG, Handler, inject, injectAll, INVOCATION_SCOPE, InvocationScope, ROOT_LOGGER, Scoped, Singleton, Transient } from '../../src/kernel/index.js';
import { Logger } from '../../src/runtime/logging/index.js';
import { TestKernel } from '../../src/testing/index.js';

let app: TestKernel | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

// The kernel resolves invocation dependencies itself (no tsyringe child container on the hot path); these
// pin that it hands out exactly what the invocation's container would.
describe('resolution inside an invocation', () => {
  it('gives the same scoped instance through injection and through the scope container, and a new transient each time', async () => {
    let transients = 0;
    @Transient()
    class Stamp {
      readonly n = ++transients;
    }
    @Scoped()
    class Cart {
      constructor(@inject(Stamp) readonly stamp: Stamp) {}
    }
    @Handler()
    class H {
      constructor(
        @inject(Cart) private cart: Cart,
        @inject(Stamp) private stamp: Stamp,
        @inject(INVOCATION_SCOPE) private scope: InvocationScope,
      ) {}
      handle() {
        const viaContainer = this.scope.container.resolve(Cart);
        return {
          sameCart: viaContainer === this.cart && this.scope.resolve(Cart) === this.cart,
          distinctStamps: this.stamp !== this.cart.stamp,
          freshFromContainer: this.scope.container.resolve(Stamp) !== this.stamp,
        };
      }
    }
    app = await TestKernel.create({ handler: H, providers: [Stamp, Cart] });
    expect(await app.invoke({})).toEqual({ sameCart: true, distinctStamps: true, freshFromContainer: true });
    expect(await app.invoke({})).toEqual({ sameCart: true, distinctStamps: true, freshFromContainer: true });
  });

  it('resolves injectAll, shared builtins and overridden tokens as the container does', async () => {
    const PLUGIN = Symbol('plugin');
    @Singleton()
    class Db {
      readonly name = 'real';
    }
    @Scoped()
    class Report {
      constructor(
        @injectAll(PLUGIN) readonly plugins: string[],
        @inject(Db) readonly db: Db,
        @inject(FUNCTION_CONFIG) readonly config: { functionName?: string },
        @inject(ROOT_LOGGER) readonly root: Logger,
        @inject(Logger) readonly logger: Logger,
      ) {}
    }
    @Handler()
    class H {
      constructor(@inject(Report) private report: Report) {}
      handle() {
        const r = this.report;
        return { plugins: r.plugins, db: r.db.name, config: typeof r.config, loggers: r.root instanceof Logger && r.logger instanceof Logger };
      }
    }
    app = await TestKernel.create({
      handler: H,
      providers: [Db, Report, { provide: PLUGIN, useValue: 'a' }],
      overrides: [{ provide: Db, useValue: { name: 'fake' } }],
    });
    expect(await app.invoke({})).toEqual({ plugins: ['a'], db: 'fake', config: 'object', loggers: true });
  });
});
