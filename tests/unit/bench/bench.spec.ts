/**
 * The bench's own logic (shard arithmetic, context rotation) and, on request, the request-path
 * measurement repeated inside a Playwright test, where report steps exist (the plain-script bench
 * cannot show them): the suite path, the same without its private shortcut (the internal API zone
 * of suite/http/quiet-request.ts), plain fetch and the runner's `request` fixture, at concurrency 1
 * and 8, in rotating rounds. Add the HTML reporter to weigh steps as a conformance run does:
 *   BENCH_IN_RUNNER=1 npx playwright test -c playwright.unit.config.ts bench.spec --reporter=list,html
 * (writes reports/bench-runner.json; skipped otherwise, since timing has no place in a unit run).
 * The sandbox runs without its rare slow answers (SANDBOX_SLOW_EVERY=0): they measure the sandbox.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ContextRotation } from '../../../suite/http/context-rotation';
import { fetchToken } from '../../../suite/http/client';
import { newQuietRequestContext, type QuietContextOptions } from '../../../suite/http/quiet-request';
import { identificationsPath } from '../../../suite/engine/send';
import { requestText } from '../../../generators';
import { batches, familiesFor, METHODS } from '../../../suite/engine/plan';
import { CaseCursor, cpuPerRequest, median, rps, timedRound, type RoundResult } from '../../../bench/measure';
import type { SandboxInfo } from '../../../bench/sandbox-host';
import { plannedTests, shardLoads } from '../../../bench/shards';
import { casePool, fetchPath, suitePath, type SendOne } from '../../../bench/workload';
import { read } from '../../../suite/model/variables';
import type { APIRequestContext } from '@playwright/test';

test.describe('shard balance', () => {
  test("the planned tests are the spec file's, and shards split them by count in order", () => {
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
    const loads = shardLoads(
      [
        { title: 'a', cases: 500 },
        { title: 'b', cases: 3 },
        { title: 'c', cases: 500 },
        { title: 'd', cases: 3 },
        { title: 'e', cases: 3 },
      ],
      2,
    );
    expect(loads.map((l) => [l.tests, l.cases])).toEqual([
      [3, 1003],
      [2, 6],
    ]);
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

  test('a quiet context disposes its generations with itself', async () => {
    const ctx = await newQuietRequestContext();
    await ctx.dispose();
    // Nothing to observe from outside but the absence of a hang or an error: the rotation closed.
  });
});

/** The sandbox CLI in its own process (the runner's worker cannot fork the tsx-run bench entry). */
async function sandboxProcess(): Promise<{ info: SandboxInfo; child: ChildProcess }> {
  const root = join(import.meta.dirname, '..', '..', '..');
  const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['sandbox/cli.ts'], {
    cwd: root,
    env: { ...process.env, SANDBOX_PORT: '0', SANDBOX_FAULTS: '', SANDBOX_SLOW_EVERY: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const printed = await new Promise<Record<string, string>>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('# sandbox ready'))
        resolve(
          Object.fromEntries(
            out
              .split('\n')
              .filter((l) => l.includes('=') && !l.startsWith('#'))
              .map((l) => l.split('=', 2) as [string, string]),
          ),
        );
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  const url = printed.SOLARIS_BASE_URL ?? '';
  return {
    child,
    info: {
      url,
      authUrl: printed.SOLARIS_AUTH_URL ?? `${url}/oauth2/token`,
      clientId: printed.SOLARIS_CLIENT_ID ?? '',
      clientSecret: printed.SOLARIS_CLIENT_SECRET ?? '',
      personId: printed.SOLARIS_PERSON_ID ?? '',
      sessionId: printed.SOLARIS_IDENTIFICATION_SESSION_ID ?? '',
    },
  };
}

/** The suite path as it runs, and without its one private shortcut (see suite/http/quiet-request.ts). */
const VARIANTS: Array<{ name: string; quiet: QuietContextOptions }> = [
  { name: 'suite', quiet: {} },
  { name: 'suite without zone', quiet: { zone: false } },
];

test.describe('request path inside the runner', () => {
  test.skip(!read('BENCH_IN_RUNNER'), 'set BENCH_IN_RUNNER=1 to measure inside a Playwright test');

  test('suite path, without its shortcut, plain fetch and the naive request fixture loop at concurrency 1 and 8', async ({
    request,
  }, testInfo) => {
    test.setTimeout(300_000);
    const rounds = read('BENCH_ROUNDS');
    const roundMs = read('BENCH_ROUND_MS');
    // The runner sets Error.stackTraceLimit = 200, and Playwright's dispatcher pre-builds several
    // TimeoutErrors per call: BENCH_STACK_LIMIT=10 measures what a lower limit would save.
    const stackLimit = Error.stackTraceLimit;
    const benchStackLimit = read('BENCH_STACK_LIMIT');
    if (benchStackLimit !== null) Error.stackTraceLimit = benchStackLimit;
    const { info, child } = await sandboxProcess();
    const ctx = await newQuietRequestContext();
    const variants = await Promise.all(
      VARIANTS.map(async (v) => ({ ...v, ctx: await newQuietRequestContext({}, v.quiet) })),
    );
    try {
      const token = await fetchToken(ctx, { ...info, timeoutMs: 5_000 });
      const pool = casePool(42);
      const url = `${info.url}${identificationsPath(info.personId, info.sessionId)}`;
      // The naive loop the issue describes: the runner's `request` fixture, one report step per call.
      const fixture: SendOne = async (c) => {
        const response = await request.post(url, {
          headers: {
            'content-type': c.contentType,
            accept: 'application/json',
            authorization: `Bearer ${token.value}`,
          },
          data: requestText(c),
          failOnStatusCode: false,
          maxRedirects: 0,
        });
        await response.body();
      };
      const runs = [];
      for (const concurrency of [1, 8]) {
        const modes: Array<{ name: string; send: SendOne; cursor: CaseCursor; rounds: RoundResult[] }> = [
          ...variants.map((v) => ({
            name: v.name,
            send: suitePath(v.ctx, info, token, concurrency).send,
            cursor: new CaseCursor(pool),
            rounds: [],
          })),
          { name: 'fetch', send: fetchPath(info, token), cursor: new CaseCursor(pool), rounds: [] },
          { name: 'fixture', send: fixture, cursor: new CaseCursor(pool), rounds: [] },
        ];
        for (const m of modes) await timedRound(m.send, m.cursor, concurrency, 500);
        // The order rotates each round (as bench/measure.ts interleave does), so drifts hit every mode alike.
        for (let r = 0; r < rounds; r++) {
          for (let k = 0; k < modes.length; k++) {
            const m = modes[(r + k) % modes.length] as (typeof modes)[number];
            m.rounds.push(await timedRound(m.send, m.cursor, concurrency, roundMs));
          }
        }
        const fetchMode = modes.find((m) => m.name === 'fetch') as (typeof modes)[number];
        const ratios = (m: (typeof modes)[number]): number[] =>
          m.rounds.map((x, i) => rps(x) / rps(fetchMode.rounds[i] ?? x));
        const r2 = (x: number): number => Math.round(x * 100) / 100;
        runs.push({
          concurrency,
          fetchRps: Math.round(median(fetchMode.rounds.map(rps))),
          modes: Object.fromEntries(
            modes.map((m) => [
              m.name,
              {
                rps: Math.round(median(m.rounds.map(rps))),
                ratio: r2(median(ratios(m))),
                ratioRange: [r2(Math.min(...ratios(m))), r2(Math.max(...ratios(m)))],
                cpuUsPerRequestMin: Math.round(Math.min(...m.rounds.map(cpuPerRequest))),
              },
            ]),
          ),
          // Round by round: a path with report steps slows as the test accumulates them; the suite path must not.
          perRound: Object.fromEntries(
            modes.map((m) => [
              m.name,
              m.rounds.map((x) => ({ rps: Math.round(rps(x)), cpuUsPerRequest: Math.round(cpuPerRequest(x)) })),
            ]),
          ),
        });
      }
      const result = { stackTraceLimit: Error.stackTraceLimit, rounds, roundMs, runs };
      console.log(JSON.stringify(result, null, 2));
      fs.mkdirSync('reports', { recursive: true });
      fs.writeFileSync(
        join('reports', `bench-runner${benchStackLimit !== null ? `-stack${benchStackLimit}` : ''}.json`),
        `${JSON.stringify(result, null, 2)}\n`,
      );
      await testInfo.attach('bench-runner.json', {
        body: JSON.stringify(result, null, 2),
        contentType: 'application/json',
      });
    } finally {
      Error.stackTraceLimit = stackLimit;
      await ctx.dispose();
      for (const v of variants) await v.ctx.dispose();
      child.kill('SIGTERM');
    }
  });
});
