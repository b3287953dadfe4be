/**
 * Transport trouble is never a verdict (README, "Transport trouble"): the policy's decision per try,
 * the retry loop around it, and a run whose cases time out every try, which ends "could not judge"
 * (exit 2, naming how many and why), never exit 1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { validCase } from '../../../generators';
import { startSandbox } from '../../../sandbox/server';
import { readConfig } from '../../../suite/config/env';
import { runProperty } from '../../../suite/engine/property';
import { ApiClient, fetchToken, UnansweredError, untilAnswered } from '../../../suite/http/client';
import { newQuietRequestContext } from '../../../suite/http/quiet-request';
import { decide, NETWORK_RETRIES, RATE_LIMIT_RETRIES, type Attempt } from '../../../suite/http/transport-policy';
import { runSuite } from '../reporters/support';

const answer = (status: number, retryAfter?: string): Attempt => ({ kind: 'answer', status, retryAfter });
const failed = (message: string): Attempt => ({ kind: 'failed', error: new Error(message) });
const fresh = { rateLimited: 0, failed: 0 };

test.describe('the transport policy', () => {
  test('an answer of the endpoint is judged, whatever its status: 400, 500, a 503 without Retry-After', () => {
    for (const status of [200, 201, 400, 401, 404, 500, 503]) expect(decide(answer(status), fresh).kind).toBe('judge');
  });

  test('429, and 503 with Retry-After, are waited out as Retry-After asks', () => {
    expect(decide(answer(429, '2'), fresh)).toEqual({ kind: 'retry', waitMs: 2000, because: 'rate-limited' });
    expect(decide(answer(503, '1'), fresh)).toEqual({ kind: 'retry', waitMs: 1000, because: 'rate-limited' });
    // No Retry-After: exponential, from 1 s.
    expect(decide(answer(429), { rateLimited: 2, failed: 0 })).toMatchObject({ waitMs: 4000 });
    // A hostile Retry-After is capped at 30 s.
    expect(decide(answer(429, '86400'), fresh)).toMatchObject({ waitMs: 30_000 });
  });

  test('a rate limit that outlives the retries is given up as rate-limited, never judged', () => {
    const spent = { rateLimited: RATE_LIMIT_RETRIES, failed: 0 };
    expect(decide(answer(429, '1'), spent)).toEqual({ kind: 'give-up', because: 'rate-limited' });
    expect(decide(answer(200), spent).kind).toBe('judge');
  });

  test('a refused connection is retried once: nothing listens there, and a target that is down must end the run fast', () => {
    expect(decide(failed('connect ECONNREFUSED 127.0.0.1:9'), fresh).kind).toBe('retry');
    expect(decide(failed('connect ECONNREFUSED 127.0.0.1:9'), { rateLimited: 0, failed: 1 })).toEqual({
      kind: 'give-up',
      because: 'no-answer',
    });
  });

  test('time-outs and dropped connections are retried with backoff, then given up with their reason', () => {
    expect(decide(failed('apiRequestContext.fetch: Timeout 5000ms exceeded.'), fresh)).toEqual({
      kind: 'retry',
      waitMs: 250,
      because: 'timed-out',
    });
    expect(decide(failed('socket hang up'), { rateLimited: 0, failed: 1 })).toEqual({
      kind: 'retry',
      waitMs: 750,
      because: 'no-answer',
    });
    const spent = { rateLimited: 0, failed: NETWORK_RETRIES };
    expect(decide(failed('read ECONNRESET'), spent)).toEqual({ kind: 'give-up', because: 'no-answer' });
    expect(decide(failed('Timeout 300ms exceeded'), spent)).toEqual({ kind: 'give-up', because: 'timed-out' });
  });

  test('each kind of trouble has its own count: rate limits do not spend the network retries', () => {
    expect(decide(failed('socket hang up'), { rateLimited: RATE_LIMIT_RETRIES, failed: 0 }).kind).toBe('retry');
    expect(decide(answer(429, '1'), { rateLimited: 0, failed: NETWORK_RETRIES }).kind).toBe('retry');
  });
});

test.describe('untilAnswered', () => {
  test('what the target answers once its rate limit lets the request through is what is returned', async () => {
    const tries = [answer(429, '0'), answer(503, '0'), answer(400)];
    let sent = 0;
    const result = await untilAnswered('POST x', async () => {
      const attempt = tries[sent++] as Attempt;
      return { attempt, answer: attempt.kind === 'answer' && attempt.status === 400 ? 'the 400' : null };
    });
    expect(result).toBe('the 400');
    expect(sent).toBe(3);
  });

  test('a 429 on every try ends in an UnansweredError naming the reason and the tries', async () => {
    let sent = 0;
    const error = await untilAnswered('POST x', async () => {
      sent++;
      return { attempt: answer(429, '0'), answer: null };
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnansweredError);
    expect(error).toMatchObject({ reason: 'rate-limited', tries: RATE_LIMIT_RETRIES + 1 });
    expect((error as Error).message).toContain('POST x: still rate-limited');
    expect((error as Error).message).toContain('last: HTTP 429, Retry-After 0');
    expect(sent).toBe(RATE_LIMIT_RETRIES + 1);
  });
});

test.describe('cases the target never answers', () => {
  test('a property whose every create times out judges nothing and names each case as could-not-judge', async ({}, testInfo) => {
    test.setTimeout(60_000);
    const sandbox = await startSandbox({ port: 0, chaos: ['hang:1'], slowEvery: 0 });
    const config = readConfig({
      SOLARIS_BASE_URL: sandbox.url,
      SOLARIS_CLIENT_ID: sandbox.clientId,
      SOLARIS_CLIENT_SECRET: sandbox.clientSecret,
      CONFORMANCE_SEED: '7',
      CONFORMANCE_TIMEOUT_MS: '200',
    });
    const ctx = await newQuietRequestContext();
    try {
      const client = new ApiClient(ctx, config);
      client.useToken(await fetchToken(ctx, config));
      await runProperty({
        testInfo,
        config,
        client,
        target: { personId: sandbox.personId, sessionId: sandbox.sessionId, sessionMethods: null },
        method: 'manual',
        family: 'valid',
        runs: 4,
        arbitrary: validCase('manual'),
        expects: () => [],
      });
      const stats = JSON.parse(
        (testInfo.attachments.find((a) => a.name === 'conformance-stats')?.body ?? '{}').toString(),
      ) as {
        cases: number;
        checks: Record<string, unknown>;
        unjudged?: { count: number; byReason: object; examples: Array<{ case: string; detail: string }> };
      };
      expect(stats.cases).toBe(0);
      expect(stats.checks).toEqual({});
      expect(stats.unjudged?.count).toBe(4);
      expect(stats.unjudged?.byReason).toEqual({ 'timed-out': 4 });
      expect(stats.unjudged?.examples[0]?.detail).toContain('no answer within CONFORMANCE_TIMEOUT_MS');
      expect(testInfo.annotations.some((a) => a.type === 'could not judge')).toBe(true);
    } finally {
      await ctx.dispose();
      await sandbox.close();
    }
  });

  test('npm run conformance where more than the allowed share times out: exit 2, how many and why; no violation', async () => {
    test.setTimeout(120_000);
    const sandbox = await startSandbox({ port: 0, chaos: ['hang:1'], slowEvery: 0 });
    try {
      const run = await runSuite({
        name: 'unjudged-share',
        runs: 4,
        args: ['--grep', 'manual invalid requests: enum$'],
        env: {
          SOLARIS_BASE_URL: sandbox.url,
          SOLARIS_CLIENT_ID: sandbox.clientId,
          SOLARIS_CLIENT_SECRET: sandbox.clientSecret,
          CONFORMANCE_TIMEOUT_MS: '300',
        },
      });
      expect(run.code, run.console).toBe(2);
      const summary = JSON.parse(fs.readFileSync(path.join(run.reportDir, 'conformance.json'), 'utf8')) as {
        verdict: string;
        totals: { violations: number; unjudged: number };
        unjudged: { count: number; byReason: Record<string, number>; examples: Array<{ case: string }> };
        errors: string[];
      };
      expect(summary.verdict).toBe('error');
      expect(summary.totals.violations).toBe(0);
      expect(summary.unjudged.count).toBeGreaterThan(0);
      expect(summary.unjudged.byReason['timed-out']).toBe(summary.unjudged.count);
      expect(summary.unjudged.examples[0]?.case).toMatch(/^manual \/ invalid requests: enum #\d+$/);
      expect(summary.errors.join('\n')).toMatch(/\d+ of \d+ cases \([\d.]+ %\) could not be judged \(\d+ timed-out\)/);
      expect(run.console).toContain('could not judge');
      run.cleanup();
    } finally {
      await sandbox.close();
    }
  });
});
