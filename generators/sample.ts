/**
 * Drawing cases outside a property. fc.sample with a seed (and path) yields the same values, in
 * the same order, as fc.assert/fc.check with that seed, which is what makes a printed seed replay.
 */
import fc from 'fast-check';

export interface SampleOptions {
  /** fast-check seed (a 32-bit integer). */
  seed: number;
  count: number;
  /** fast-check replay path, as printed by a failing fc.assert. */
  path?: string;
}

export const sampleCases = <T>(arb: fc.Arbitrary<T>, { seed, count, path }: SampleOptions): T[] => {
  if (!Number.isInteger(seed)) throw new Error(`sampleCases: seed must be an integer, got ${seed}`);
  if (!Number.isInteger(count) || count < 0)
    throw new Error(`sampleCases: count must be a non-negative integer, got ${count}`);
  if (count === 0) return [];
  return fc.sample(arb, path === undefined ? { seed, numRuns: count } : { seed, numRuns: count, path });
};
