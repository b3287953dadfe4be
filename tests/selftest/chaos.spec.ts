/**
 * Red means red on a busy machine: the whole conformance suite against a sandbox whose transport
 * misbehaves (sandbox/chaos.ts), three runs in a row per mode, each a test here, while
 * tests/selftest/run.ts keeps two CPU-burning processes of this run's own priority going beside it.
 * None of that is the endpoint's fault, so each run must be judged conformant (exit 0 in
 * `npm run conformance` terms) and the chaos must really have struck (the sandbox counts it).
 *
 * In process, like the fault matrix (matrix.spec.ts, judge-sandbox.ts): twelve suite runs as
 * processes cost more CPU than the self-test's budget has, and a run's conformance tests are judged
 * sixteen at a time here, as sixteen workers would, since a mode that slows every answer is bound by
 * round trips, not by CPU. The twelve runs spread over four workers. Before the transport policy (suite/http/transport-policy.ts) a 429 that
 * outlived three retries reached the checks as the endpoint's answer: exit 1 in 2 of 2 real runs
 * beside two burners (README, "Transport trouble").
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startSandbox } from '../../sandbox/server';
import { judgeSandbox } from './judge-sandbox';
import { CHAOS_OUT, CHAOS_RUNS, CHAOS_SEED, IN_A_ROW, type ChaosResult } from './chaos-runs';
import { EXIT_FOR } from './matrix';

/** Conformance tests judged side by side within one run. */
const PARALLEL_TESTS = 16;

for (const run of CHAOS_RUNS) {
  for (let i = 1; i <= IN_A_ROW; i++) {
    test(`${run.chaos} run ${i} of ${IN_A_ROW}`, async ({}, testInfo) => {
      const started = Date.now();
      const sandbox = await startSandbox({ port: 0, chaos: [run.chaos] });
      try {
        const { builder, config } = await judgeSandbox(sandbox, testInfo, {
          config: {
            seed: CHAOS_SEED + i - 1,
            ...(run.concurrency === undefined ? {} : { concurrency: run.concurrency }),
          },
          parallelTests: PARALLEL_TESTS,
        });
        const summary = builder.build({
          target: sandbox.url,
          seed: config.seed,
          startedAt: new Date(started),
          durationMs: Date.now() - started,
        });
        const report = (await (await fetch(`${sandbox.url}/__sandbox/faults`)).json()) as {
          chaos?: Record<string, number>;
        };
        const result: ChaosResult = {
          chaos: run.chaos,
          run: i,
          seed: config.seed,
          verdict: summary.verdict,
          exit: EXIT_FOR[summary.verdict],
          struck: report.chaos?.[run.mode] ?? 0,
          cases: summary.totals.cases,
          requests: summary.totals.requests,
          unjudged: summary.totals.unjudged,
          errors: summary.errors,
          violations: summary.new.map((d) => `${d.check} × ${d.method} · ${d.key}`),
          seconds: (Date.now() - started) / 1000,
        };
        fs.mkdirSync(CHAOS_OUT, { recursive: true });
        fs.writeFileSync(path.join(CHAOS_OUT, `${run.mode}-${i}.json`), JSON.stringify(result));
        expect(result, 'a conformant run under chaos').toMatchObject({ verdict: 'conformant', exit: 0 });
        expect(result.struck, 'the chaos struck').toBeGreaterThan(0);
      } finally {
        await sandbox.close();
      }
    });
  }
}
