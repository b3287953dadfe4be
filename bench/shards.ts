/**
 * How `--shard=i/n` splits the conformance plan. With fullyParallel every test is its own group,
 * and Playwright (runner filterForShard, 1.5x-1.6x) gives shard i a contiguous range of
 * floor(total/n) tests in declaration order, the remainder going one each to the first shards.
 * It balances test counts, not cases, so the question is how uneven the cases per test are.
 */
import { batches, familiesFor, METHODS } from '../suite/engine/plan';

export interface PlannedTest {
  title: string;
  /** Generated cases (property tests) or probe requests (auth, unknown resources). */
  cases: number;
}

/** The tests of tests/conformance/identifications.spec.ts, in declaration order. */
export function plannedTests(runs: number): PlannedTest[] {
  const tests: PlannedTest[] = [];
  for (const method of METHODS) {
    for (const batch of batches(runs))
      tests.push({ title: `${method} valid requests${batch.suffix}`, cases: batch.runs });
    for (const plan of familiesFor(method)) {
      for (const batch of batches(runs))
        tests.push({ title: `${method} invalid requests: ${plan.family}${batch.suffix}`, cases: batch.runs });
    }
    tests.push({ title: `${method} auth`, cases: 3 });
    tests.push({ title: `${method} unknown resources`, cases: 3 });
  }
  return tests;
}

export interface ShardLoad {
  shard: number;
  tests: number;
  cases: number;
  /** This shard's cases over the mean: 1.00 is perfectly even. */
  relative: number;
}

export function shardLoads(tests: readonly PlannedTest[], total: number): ShardLoad[] {
  const base = Math.floor(tests.length / total);
  const sizes = Array.from({ length: total }, (_, i) => base + (i < tests.length - base * total ? 1 : 0));
  const loads: ShardLoad[] = [];
  let from = 0;
  for (let i = 0; i < total; i++) {
    const slice = tests.slice(from, from + (sizes[i] ?? 0));
    from += sizes[i] ?? 0;
    loads.push({ shard: i + 1, tests: slice.length, cases: slice.reduce((sum, t) => sum + t.cases, 0), relative: 0 });
  }
  const mean = loads.reduce((sum, l) => sum + l.cases, 0) / total;
  for (const l of loads) l.relative = mean === 0 ? 0 : l.cases / mean;
  return loads;
}
