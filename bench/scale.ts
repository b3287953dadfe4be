/**
 * `npm run bench -- --scale N`: N cases through the suite path on one "worker" (one ApiClient, one
 * request context), the way the engine runs them: per test a batch of at most 500 cases from
 * fc.sample of one method × family property, sent with mapPool at the run's concurrency, judged by
 * every check, counted in a StatsCollector; nothing per case survives its batch. Prints memory at
 * checkpoints: flat RSS / heap after GC across the run is the claim being tested.
 */
import fs from 'node:fs';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import type { APIRequestContext } from '@playwright/test';
import { invalidCase, validCase, type RequestCase } from '../generators';
import type { Token } from '../suite/http/client';
import { mapPool } from '../suite/http/limiter';
import { BATCH_SIZE, familiesFor, METHODS } from '../suite/engine/plan';
import type { HostedSandbox } from './sandbox-host';
import { suitePath } from './workload';

export interface ScalePoint {
  cases: number;
  elapsedS: number;
  casesPerSecond: number;
  rssMB: number;
  heapUsedMB: number;
  /** Buffers outside the JS heap (response bodies live here until read and disposed). */
  externalMB: number;
  /** The sandbox child's RSS (its store grows with every accepted identification; not the suite's). */
  sandboxRssMB: number | null;
}

export interface ScaleResult {
  cases: number;
  concurrency: number;
  violations: number;
  points: ScalePoint[];
}

/** A full GC before each reading, so the figures are what is retained, not garbage not yet collected. */
function gcFunction(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

function childRssMB(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? null : mb(Number(kb) * 1024);
  } catch {
    return null;
  }
}

/** The properties in plan order, as (method, family) → arbitrary; the run cycles through them. */
function properties(): Array<{ label: string; arbitrary: fc.Arbitrary<RequestCase> }> {
  const list: Array<{ label: string; arbitrary: fc.Arbitrary<RequestCase> }> = [];
  for (const method of METHODS) {
    list.push({ label: `${method} valid`, arbitrary: validCase(method) });
    for (const plan of familiesFor(method))
      list.push({ label: `${method} ${plan.family}`, arbitrary: invalidCase(method, plan.rules) });
  }
  return list;
}

export async function runScale(
  ctx: APIRequestContext,
  sandbox: HostedSandbox,
  token: Token,
  total: number,
  concurrency: number,
  log: (line: string) => void,
): Promise<ScaleResult> {
  const gc = gcFunction();
  const path = suitePath(ctx, sandbox, token, concurrency);
  const props = properties();
  const checkpointEvery = Math.max(BATCH_SIZE, Math.ceil(total / 10 / BATCH_SIZE) * BATCH_SIZE);
  const points: ScalePoint[] = [];
  const started = performance.now();
  const reading = (cases: number): ScalePoint => {
    gc();
    const m = process.memoryUsage();
    const elapsedS = (performance.now() - started) / 1000;
    const point = {
      cases,
      elapsedS: Math.round(elapsedS * 10) / 10,
      casesPerSecond: Math.round(cases / Math.max(elapsedS, 1e-3)),
      rssMB: mb(m.rss),
      heapUsedMB: mb(m.heapUsed),
      externalMB: mb(m.external),
      sandboxRssMB: childRssMB(sandbox.pid),
    };
    log(
      `  ${String(cases).padStart(8)} cases  ${String(point.elapsedS).padStart(7)} s  ${String(point.casesPerSecond).padStart(5)}/s  rss ${point.rssMB} MB  heap ${point.heapUsedMB} MB  external ${point.externalMB} MB${point.sandboxRssMB === null ? '' : `  (sandbox rss ${point.sandboxRssMB} MB)`}`,
    );
    return point;
  };
  points.push(reading(0));
  let sent = 0;
  for (let batch = 0; sent < total; batch++) {
    const prop = props[batch % props.length] as (typeof props)[number];
    const runs = Math.min(BATCH_SIZE, total - sent);
    // As in runProperty: the cases of one test are sampled up front, then sent and dropped.
    const cases = fc.sample(prop.arbitrary, { seed: 1000 + batch, numRuns: runs });
    await mapPool(cases, concurrency, (c) => path.send(c));
    sent += runs;
    if (sent % checkpointEvery === 0 || sent === total) points.push(reading(sent));
  }
  const violations = [...path.violations.values()].reduce((a, b) => a + b, 0);
  return { cases: total, concurrency, violations, points };
}
