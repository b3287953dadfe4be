/**
 * The sandbox's transport chaos (SANDBOX_CHAOS, sandbox/chaos.ts): deterministic counters, only the
 * endpoint's creates are turned away or dropped, the sandbox's own routes are never touched, and on
 * the wire each mode looks as a real gateway's would.
 */
import { expect, test } from '@playwright/test';
import { Chaos, parseChaos, UnknownChaosError } from '../../../sandbox/chaos';
import { startSandbox } from '../../../sandbox/server';

const CREATE = '/v1/persons/p1cper/identification_sessions/s1ises/identifications';

test('modes parse with their defaults, a number or a range; anything else is refused, naming the mode', () => {
  expect(parseChaos(['rate-limit'])[0]).toMatchObject({ mode: 'rate-limit', every: 7 });
  expect(parseChaos(['drop:3'])[0]).toMatchObject({ mode: 'drop', every: 3 });
  expect(parseChaos(['delay:10-20'])[0]).toMatchObject({ mode: 'delay', minMs: 10, maxMs: 20 });
  expect(() => parseChaos(['storm'])).toThrow(UnknownChaosError);
  expect(() => parseChaos(['storm'])).toThrow(/unknown chaos mode "storm"/);
  expect(() => parseChaos(['drop:0'])).toThrow(/whole number from 1/);
  expect(() => parseChaos(['delay:20-10'])).toThrow(/delay:MIN-MAX/);
});

test('every Nth create is struck, by a counter; other routes and the sandbox own routes never', () => {
  const chaos = new Chaos(['rate-limit:3']);
  const outcomes = Array.from({ length: 6 }, () => chaos.plan('POST', CREATE).outcome);
  expect(outcomes).toEqual(['answer', 'answer', 'rate-limit', 'answer', 'answer', 'rate-limit']);
  expect(chaos.plan('GET', '/v1/persons/p1cper/identifications/x').outcome).toBe('answer');
  expect(chaos.plan('POST', '/oauth2/token').outcome).toBe('answer');
  expect(chaos.plan('GET', '/__sandbox/faults')).toEqual({ delayMs: 0, outcome: 'answer' });
  expect(chaos.struck).toEqual({ 'rate-limit': 2 });
});

test('delay spreads every answer over its range, without Math.random', () => {
  const a = new Chaos(['delay:500-2000']);
  const b = new Chaos(['delay:500-2000']);
  const delays = Array.from({ length: 200 }, () => a.plan('GET', '/v1/persons/x').delayMs);
  expect(Array.from({ length: 200 }, () => b.plan('GET', '/v1/persons/x').delayMs)).toEqual(delays);
  expect(Math.min(...delays)).toBeGreaterThanOrEqual(500);
  expect(Math.max(...delays)).toBeLessThanOrEqual(2000);
  expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(1200);
});

test.describe('on the wire', () => {
  test('rate-limit answers 429 with Retry-After and the error envelope; busy answers 503 with Retry-After', async ({
    request,
  }) => {
    for (const [mode, status, code] of [
      ['rate-limit:1', 429, 'too_many_requests'],
      ['busy:1', 503, 'service_unavailable'],
    ] as const) {
      const sandbox = await startSandbox({ port: 0, chaos: [mode] });
      try {
        const response = await request.post(
          `${sandbox.url}/v1/persons/${sandbox.personId}/identification_sessions/${sandbox.sessionId}/identifications`,
          { data: { method: 'manual' }, failOnStatusCode: false },
        );
        expect(response.status()).toBe(status);
        expect(response.headers()['retry-after']).toBe('1');
        expect(((await response.json()) as { errors: Array<{ code: string }> }).errors[0]?.code).toBe(code);
      } finally {
        await sandbox.close();
      }
    }
  });

  test('drop closes the connection without an answer', async () => {
    const sandbox = await startSandbox({ port: 0, chaos: ['drop:1'] });
    try {
      const error = await fetch(
        `${sandbox.url}/v1/persons/${sandbox.personId}/identification_sessions/${sandbox.sessionId}/identifications`,
        { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } },
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      const report = (await (await fetch(`${sandbox.url}/__sandbox/faults`)).json()) as { chaos: object };
      expect(report.chaos).toEqual({ drop: 1 });
    } finally {
      await sandbox.close();
    }
  });

  test('token-uses refuses a token after N calls with 401 invalid_token; a new token works again', async ({
    request,
  }) => {
    const sandbox = await startSandbox({ port: 0, chaos: ['token-uses:2'] });
    try {
      const token = async (): Promise<string> => {
        const response = await request.post(sandbox.authUrl, {
          form: { grant_type: 'client_credentials', client_id: sandbox.clientId, client_secret: sandbox.clientSecret },
        });
        return ((await response.json()) as { access_token: string }).access_token;
      };
      const get = async (bearer: string): Promise<number> =>
        (
          await request.get(`${sandbox.url}/v1/persons/${sandbox.personId}/identifications/unknowncidt`, {
            headers: { authorization: `Bearer ${bearer}` },
            failOnStatusCode: false,
          })
        ).status();
      const first = await token();
      expect([await get(first), await get(first), await get(first)]).toEqual([404, 404, 401]);
      expect(await get(await token())).toBe(404);
    } finally {
      await sandbox.close();
    }
  });
});
