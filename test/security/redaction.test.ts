import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFunction, cleanFixtures } from '../helpers/build-fixture.js';
import { fuzz } from '../reliability/fuzz-support.js';
import { startRaw } from './child.js';

// Credentials as the function process sees them; distinctive, so any leak is found by a plain search.
const SECRETS = {
  AWS_ACCESS_KEY_ID: 'AKIALEAKCHECK0000001',
  AWS_SECRET_ACCESS_KEY: 'leak-check/secret+access=key',
  AWS_SESSION_TOKEN: 'leak-check-session-token-value',
};
const SECRET_VALUES = Object.values(SECRETS);

// Logs the credentials every way a handler plausibly does, in the format the environment selects, through a
// logger with extra redacted keys (SSN, cardNumber) given by the function.
const LOGGING_SOURCE = `import { currentInvocation, Logger, run } from 'lambda-kernel/runtime';
const logger = new Logger({
  redact: ['SSN', 'cardNumber'],
  context: () => { const c = currentInvocation(); return c && { requestId: c.requestId }; },
});
run((_event, context) => {
  console.log(process.env);
  console.info('environment: %o', process.env);
  console.warn('as JSON %j', { env: process.env });
  console.log({ credentials: context.function.credentials });
  console.log([{ nested: { deeper: { AWS_SESSION_TOKEN: process.env.AWS_SESSION_TOKEN } } }]);
  const failure = Object.assign(new Error('upstream refused'), {
    request: { headers: { Authorization: 'Bearer ' + process.env.AWS_SESSION_TOKEN, 'X-Api-Key': process.env.AWS_SECRET_ACCESS_KEY } },
  });
  console.error('call failed', failure);
  console.error(failure);
  console.log({ customer: { ssn: 'SSN-LEAK-1', Ssn: 'SSN-LEAK-2', payment: { cardNumber: 'CARD-LEAK-3' }, name: 'visible' } });
  return 'logged';
}, { logger });
`;

let logging: string;
let debug: string;
beforeAll(async () => {
  logging = await buildFunction(LOGGING_SOURCE, 'logging');
  const debugSource = readFileSync(fileURLToPath(new URL('../../examples/debug/main.ts', import.meta.url)), 'utf8');
  debug = await buildFunction(debugSource, 'debug');
});
afterAll(cleanFixtures);

describe('credentials in logs, end to end', () => {
  it.each(['TEXT', 'JSON'])('never appear in %s log lines, however the handler logs them', async (format) => {
    // Prepare
    const child = await startRaw(logging, { ...SECRETS, AWS_LAMBDA_LOG_FORMAT: format });

    // Act
    const outcome = await child.emulator.invoke({});
    const { stdout, stderr } = await child.finish();

    // Assess
    expect(outcome.json()).toBe('logged');
    const all = stdout + stderr;
    for (const secret of [...SECRET_VALUES, 'SSN-LEAK', 'CARD-LEAK']) expect(all).not.toContain(secret);
    expect(all).toContain('[REDACTED]');
    expect(all).toContain('visible');
    expect(all).toContain('upstream refused');
    // Not blanket-hidden: the rest of the environment stays readable.
    expect(all).toContain('test-function');
  });
});

describe('the debug example', () => {
  const SECRET_KEYS = ['password', 'Authorization', 'COOKIE', 'x-api-key', 'accessToken', 'client_secret', 'AWS_SESSION_TOKEN', 'token'];
  /** A JSON event with secret keys planted at random places, each holding a unique marker value. */
  const eventWithSecrets = fc
    .tuple(fc.jsonValue({ maxDepth: 3 }), fc.array(fc.tuple(fc.constantFrom(...SECRET_KEYS), fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 })), { minLength: 1, maxLength: 4 }))
    .map(([base, plants]) => {
      const event: Record<string, unknown> = { base };
      const markers: string[] = [];
      plants.forEach(([key, path], i) => {
        let at = event;
        for (const segment of path) at = (at[`p-${segment}`] ??= {}) as Record<string, unknown>;
        const marker = `PLANTED-SECRET-${i}-${key}`;
        at[key] = i % 2 === 0 ? marker : { inner: [marker] };
        markers.push(marker);
      });
      return { event, markers };
    });

  it('returns no credential, environment secret or secret-keyed event value, whatever the event', async () => {
    const child = await startRaw(debug, { ...SECRETS, DB_PASSWORD: 'env-db-password', STRIPE_API_KEY: 'env-stripe-key' });
    try {
      await fuzz('debug example events', 60, eventWithSecrets, async ({ event, markers }) => {
        const outcome = await child.emulator.invoke(event, { clientContext: { custom: { token: 'PLANTED-CLIENT-TOKEN' } } });
        const text = outcome.text();
        expect(outcome.status).toBe('success');
        for (const secret of [...SECRET_VALUES, ...markers, 'env-db-password', 'env-stripe-key', 'PLANTED-CLIENT-TOKEN']) {
          expect(text).not.toContain(secret);
        }
      });
    } finally {
      const { stdout } = await child.finish();
      for (const secret of SECRET_VALUES) expect(stdout).not.toContain(secret);
    }
  });
});
