import { afterEach, describe, expect, it } from 'vitest';
import { Handler, inject, Singleton } from '../../src/kernel/index.js';
import { CLOCK, type Clock } from '../../src/providers/index.js';
import { TestKernel } from '../../src/testing/index.js';

let app: TestKernel | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

@Singleton()
class PriceService {
  price(sku: string): number {
    throw new Error(`the real price service would call the network for ${sku}`);
  }
}

@Handler()
class Quote {
  constructor(@inject(PriceService) private prices: PriceService, @inject(CLOCK) private clock: Clock) {}
  handle(event: { sku: string }) {
    return { sku: event.sku, price: this.prices.price(event.sku), at: this.clock.now() };
  }
}

const fixedClock: Clock = { now: () => 1_700_000_000_000, sleep: async () => {} };

describe('overriding providers in a unit test', () => {
  it('replaces a provider with a value', async () => {
    app = await TestKernel.create({
      handler: Quote,
      providers: [PriceService],
      overrides: [{ provide: PriceService, useValue: { price: () => 42 } }, { provide: CLOCK, useValue: fixedClock }],
    });
    expect(await app.invoke({ sku: 'A1' })).toEqual({ sku: 'A1', price: 42, at: 1_700_000_000_000 });
  });

  it('replaces a provider with another class', async () => {
    class HalfPrice extends PriceService {
      override price() {
        return 21;
      }
    }
    app = await TestKernel.create({
      handler: Quote,
      providers: [PriceService],
      overrides: [{ provide: PriceService, useClass: HalfPrice }, { provide: CLOCK, useValue: fixedClock }],
    });
    expect(await app.invoke({ sku: 'B2' })).toMatchObject({ price: 21 });
  });

  it('replaces a provider with a factory that receives injected dependencies', async () => {
    app = await TestKernel.create({
      handler: Quote,
      providers: [PriceService],
      overrides: [
        { provide: CLOCK, useValue: fixedClock },
        { provide: PriceService, useFactory: (clock: Clock) => ({ price: () => clock.now() % 1000 }), inject: [CLOCK] },
      ],
    });
    expect(await app.invoke({ sku: 'C3' })).toMatchObject({ price: 0 });
  });

  it('runs the real system clock when nothing overrides CLOCK', async () => {
    app = await TestKernel.create({ handler: Quote, overrides: [{ provide: PriceService, useValue: { price: () => 1 } }] });
    const before = Date.now();
    const { at } = await app.invoke<{ at: number }>({ sku: 'D4' });
    expect(at).toBeGreaterThanOrEqual(before);
  });

  it('reports the handler’s error through the same error mapping as production', async () => {
    app = await TestKernel.create({ handler: Quote, providers: [PriceService] });
    await expect(app.invoke({ sku: 'E5' })).rejects.toMatchObject({
      errorType: 'Error',
      message: 'Error: the real price service would call the network for E5',
    });
  });
});
