import { afterEach, describe, expect, it } from 'vitest';
import { Handler, inject, Singleton } from '../../src/kernel/index.js';
import { Logger } from '../../src/providers/index.js';
import { TestKernel } from '../../src/testing/index.js';

let app: TestKernel | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

@Singleton()
class Billing {
  constructor(@inject(Logger) private logger: Logger) {}
  charge(amount: number) {
    this.logger.info('charging', amount);
  }
}

@Handler()
class Checkout {
  constructor(@inject(Logger) private logger: Logger, @inject(Billing) private billing: Billing) {}
  handle(event: { amount: number }) {
    this.logger.info('checkout started');
    this.billing.charge(event.amount);
    return 'ok';
  }
}

describe('the injected Logger', () => {
  it('carries the request id on every line, from scoped and singleton services alike', async () => {
    app = await TestKernel.create({ handler: Checkout, env: { AWS_LAMBDA_LOG_FORMAT: 'JSON' } });
    await app.invoke({ amount: 5 }, { requestId: 'req-log-1' });
    await app.invoke({ amount: 7 }, { requestId: 'req-log-2' });
    const lines = app.logs.map((l) => JSON.parse(l) as { requestId?: string; message: unknown; level: string });
    expect(lines.filter((l) => typeof l.message === 'string' && /checkout|charging/.test(l.message))).toEqual([
      expect.objectContaining({ level: 'INFO', requestId: 'req-log-1', message: 'checkout started' }),
      expect.objectContaining({ level: 'INFO', requestId: 'req-log-1', message: 'charging 5' }),
      expect.objectContaining({ level: 'INFO', requestId: 'req-log-2', message: 'checkout started' }),
      expect.objectContaining({ level: 'INFO', requestId: 'req-log-2', message: 'charging 7' }),
    ]);
  });
});
