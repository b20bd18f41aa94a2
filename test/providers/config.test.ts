import { afterEach, describe, expect, it } from 'vitest';
import { Handler, inject } from '../../src/kernel/index.js';
import { Config } from '../../src/providers/index.js';
import { TestKernel } from '../../src/testing/index.js';

let app: TestKernel | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

@Handler()
class Settings {
  constructor(@inject(Config) private config: Config) {}
  handle() {
    return { table: this.config.require('TABLE_NAME'), retries: this.config.number('RETRIES', 3), debug: this.config.boolean('DEBUG', false) };
  }
}

describe('Config', () => {
  it('reads typed values from the function environment', async () => {
    app = await TestKernel.create({ handler: Settings, overrides: [Config.from({ TABLE_NAME: 'orders', DEBUG: 'yes' })] });
    expect(await app.invoke({})).toEqual({ table: 'orders', retries: 3, debug: true });
  });

  it('fails init once, listing every missing variable', async () => {
    await expect(
      TestKernel.create({ handler: Settings, overrides: [Config.from({ TABLE_NAME: 'orders' }, ['TABLE_NAME', 'QUEUE_URL', 'BUCKET'])] }),
    ).rejects.toThrow('@OnInit() of Config.validate failed: Missing environment variables: QUEUE_URL, BUCKET.');
  });

  it('names the variable and the expected type when a value is malformed', () => {
    const config = new Config({ RETRIES: 'many', DEBUG: 'maybe', JSON: '{bad' });
    expect(() => config.number('RETRIES')).toThrow('Environment variable RETRIES is "many", expected a number.');
    expect(() => config.boolean('DEBUG')).toThrow('Environment variable DEBUG is "maybe", expected true or false.');
    expect(() => config.json('JSON')).toThrow(/Environment variable JSON is not valid JSON/);
    expect(() => config.require('MISSING')).toThrow('Environment variable MISSING is not set');
  });

  it('never lets JSON configuration pollute prototypes', () => {
    const config = new Config({ SETTINGS: '{"__proto__":{"polluted":true},"constructor":{"prototype":{"bad":1}},"ok":1}' });
    const parsed = config.json<Record<string, unknown>>('SETTINGS');
    const merged = Object.assign({}, parsed);
    expect(parsed).toEqual({ ok: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((merged as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });
});
