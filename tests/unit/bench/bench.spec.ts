/**
 * The bench's own logic (shard arithmetic, context rotation) and, on request, the request-path
 * measurement repeated inside a Playwright test, to check that the plain-script bench is
 * representative: BENCH_IN_RUNNER=1 npx playwright test -c playwright.unit.config.ts bench
 * (writes reports/bench-runner.json; skipped otherwise, since timing has no place in a unit run).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ContextRotation } from '../../../suite/http/context-rotation';
import { fetchToken } from '../../../suite/http/client';
import { newQuietRequestContext, singleZoneAvailable } from '../../../suite/http/quiet-request';
import { identificationsPath } from '../../../suite/engine/send';
import { requestText } from '../../../generators';
import { batches, familiesFor, METHODS } from '../../../suite/engine/plan';
import { CaseCursor, cpuPerRequest, median, rps, timedRound, type RoundResult } from '../../../bench/measure';
import type { SandboxInfo } from '../../../bench/sandbox-host';
import { plannedTests, shardLoads } from '../../../bench/shards';
import { casePool, fetchPath, suitePath, type SendOne } from '../../../bench/workload';
import type { APIRequestContext } from '@playwright/test';

test.describe('shard balance', () => {
  test('the planned tests are the spec file\'s, and shards split them by count in order', () => {
    const runs = 5000;
    const tests = plannedTests(runs);
    const expected = METHODS.reduce((n, m) => n + batches(runs).length * (1 + familiesFor(m).length) + 2, 0);
    expect(tests).toHaveLength(expected);
    const loads = shardLoads(tests, 4);
    expect(loads.reduce((n, l) => n + l.tests, 0)).toBe(tests.length);
    expect(loads.reduce((n, l) => n + l.cases, 0)).toBe(tests.reduce((n, t) => n + t.cases, 0));
    expect(Math.max(...loads.map((l) => l.tests)) - Math.min(...loads.map((l) => l.tests))).toBeLessThanOrEqual(1);
  });

  test('uneven tests give uneven shards: the computation does not assume balance', () => {
    const loads = shardLoads([{ title: 'a', cases: 500 }, { title: 'b', cases: 3 }, { title: 'c', cases: 500 }, { title: 'd', cases: 3 }, { title: 'e', cases: 3 }], 2);
    expect(loads.map((l) => [l.tests, l.cases])).toEqual([[3, 1003], [2, 6]]);
  });
});

test.describe('context rotation', () => {
  function fakeContexts() {
    const made: Array<{ id: number; disposed: number }> = [];
    const create = async (): Promise<APIRequestContext> => {
      const record = { id: made.length, disposed: 0 };
      made.push(record);
      return { id: record.id, dispose: async () => void record.disposed++ } as unknown as APIRequestContext;
    };
    return { made, create };
  }

  test('a generation serves its quota, then is disposed once its requests in flight are released', async () => {
    const { made, create } = fakeContexts();
    const rotation = new ContextRotation(create, 2);
    const a = await rotation.acquire();
    const b = await rotation.acquire();
    const c = await rotation.acquire(); // third request: a new generation
    expect(made).toHaveLength(2);
    expect((a.ctx as unknown as { id: number }).id).toBe(0);
    expect((c.ctx as unknown as { id: number }).id).toBe(1);
    a.release();
    await Promise.resolve();
    expect(made[0]?.disposed).toBe(0); // b still in flight
    b.release();
    b.release(); // idempotent
    await new Promise((r) => setTimeout(r, 0));
    expect(made[0]?.disposed).toBe(1);
    await rotation.close();
    expect(made[1]?.disposed).toBe(1);
    await expect(rotation.acquire()).rejects.toThrow(/disposed/);
  });

  test('the suite sends each exchange as one Playwright API call (the fast path is taken)', async () => {
    const ctx = await newQuietRequestContext();
    try {
      // False means a Playwright upgrade removed the private zone: still correct (inOneApiCall
      // falls back to plain calls), but slower per request; re-measure with npm run bench.
      expect(singleZoneAvailable(ctx), 'single API zone per exchange unavailable').toBe(true);
    } finally {
      await ctx.dispose();
    }
  });

  test('a quiet context disposes its generations with itself', async () => {
    const ctx = await newQuietRequestContext();
    await ctx.dispose();
    // Nothing to observe from outside but the absence of a hang or an error: the rotation closed.
  });
});

/** The sandbox CLI in its own process (the runner's worker cannot fork the tsx-run bench entry). */
async function sandboxProcess(): Promise<{ info: SandboxInfo; child: ChildProcess }> {
  const root = join(import.meta.dirname, '..', '..', '..');
  const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['sandbox/cli.ts'], { cwd: root, env: { ...process.env, SANDBOX_PORT: '0', SANDBOX_FAULTS: '' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const env = await new Promise<Record<string, string>>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('# sandbox ready')) resolve(Object.fromEntries(out.split('\n').filter((l) => l.includes('=') && !l.startsWith('#')).map((l) => l.split('=', 2) as [string, string])));
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  const url = env.SOLARIS_BASE_URL ?? '';
  return {
    child,
    info: { url, authUrl: env.SOLARIS_AUTH_URL ?? `${url}/oauth2/token`, clientId: env.SOLARIS_CLIENT_ID ?? '', clientSecret: env.SOLARIS_CLIENT_SECRET ?? '', personId: env.SOLARIS_PERSON_ID ?? '', sessionId: env.SOLARIS_IDENTIFICATION_SESSION_ID ?? '' },
  };
}

test.describe('request path inside the runner', () => {
  test.skip(!process.env.BENCH_IN_RUNNER, 'set BENCH_IN_RUNNER=1 to measure inside a Playwright test');

  test('suite path, plain fetch and the naive request fixture loop at concurrency 8', async ({ request }, testInfo) => {
    test.setTimeout(180_000);
    const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
    const roundMs = Number(process.env.BENCH_ROUND_MS ?? 1000);
    const concurrency = 8;
    // The runner sets Error.stackTraceLimit = 200, and Playwright's dispatcher pre-builds several
    // TimeoutErrors per call: BENCH_STACK_LIMIT=10 measures what a lower limit would save.
    const stackLimit = Error.stackTraceLimit;
    if (process.env.BENCH_STACK_LIMIT) Error.stackTraceLimit = Number(process.env.BENCH_STACK_LIMIT);
    const { info, child } = await sandboxProcess();
    const ctx = await newQuietRequestContext();
    try {
      const token = await fetchToken(ctx, { ...info, timeoutMs: 5_000 });
      const pool = casePool(42);
      const url = `${info.url}${identificationsPath(info.personId, info.sessionId)}`;
      // The naive loop the issue describes: the runner's `request` fixture, one report step per call.
      const fixture: SendOne = async (c) => {
        const response = await request.post(url, { headers: { 'content-type': c.contentType, accept: 'application/json', authorization: `Bearer ${token.value}` }, data: requestText(c), failOnStatusCode: false, maxRedirects: 0 });
        await response.body();
      };
      const modes: Array<{ name: string; send: SendOne; cursor: CaseCursor; rounds: RoundResult[] }> = [
        { name: 'suite', send: suitePath(ctx, info, token, concurrency).send, cursor: new CaseCursor(pool), rounds: [] },
        { name: 'fetch', send: fetchPath(info, token), cursor: new CaseCursor(pool), rounds: [] },
        { name: 'fixture', send: fixture, cursor: new CaseCursor(pool), rounds: [] },
      ];
      for (const m of modes) await timedRound(m.send, m.cursor, concurrency, 500);
      for (let r = 0; r < rounds; r++) for (const m of modes) m.rounds.push(await timedRound(m.send, m.cursor, concurrency, roundMs));
      const [suite, fetchMode, fixtureMode] = modes as [(typeof modes)[number], (typeof modes)[number], (typeof modes)[number]];
      const ratios = suite.rounds.map((x, i) => rps(x) / rps(fetchMode.rounds[i] ?? x));
      const result = {
        concurrency,
        stackTraceLimit: Error.stackTraceLimit,
        suiteRps: Math.round(median(suite.rounds.map(rps))),
        fetchRps: Math.round(median(fetchMode.rounds.map(rps))),
        ratio: Math.round(median(ratios) * 100) / 100,
        fixtureRps: Math.round(median(fixtureMode.rounds.map(rps))),
        fixtureRatio: Math.round(median(fixtureMode.rounds.map((x, i) => rps(x) / rps(fetchMode.rounds[i] ?? x))) * 100) / 100,
        // Round by round: the fixture loop slows as the test accumulates steps; the suite path must not.
        perRound: Object.fromEntries(modes.map((m) => [m.name, m.rounds.map((x) => ({ rps: Math.round(rps(x)), cpuUsPerRequest: Math.round(cpuPerRequest(x)) }))])),
      };
      console.log(JSON.stringify(result, null, 2));
      fs.mkdirSync('reports', { recursive: true });
      fs.writeFileSync(join('reports', `bench-runner${process.env.BENCH_STACK_LIMIT ? `-stack${process.env.BENCH_STACK_LIMIT}` : ''}.json`), `${JSON.stringify(result, null, 2)}\n`);
      await testInfo.attach('bench-runner.json', { body: JSON.stringify(result, null, 2), contentType: 'application/json' });
    } finally {
      Error.stackTraceLimit = stackLimit;
      await ctx.dispose();
      child.kill('SIGTERM');
    }
  });
});
