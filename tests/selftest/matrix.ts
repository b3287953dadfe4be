/**
 * What the fault matrix (playwright.selftest.config.ts, matrix.spec.ts) and tests/selftest/run.ts
 * share: where the results go, and (from reporters/selftest-matrix.ts, which may not import tests/)
 * their shape.
 */
import path from 'node:path';
import type { Verdict } from '../../reporters/summary';

export { FAULT_RESULT_ATTACHMENT, type FaultResult, type MatrixResults } from '../../reporters/selftest-matrix';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const SELFTEST_OUT = path.join(ROOT, 'reports', 'selftest');
/** Written by reporters/selftest-matrix.ts when the matrix run ends. */
export const MATRIX_RESULTS = path.join(SELFTEST_OUT, 'matrix.json');
/** suite/cli/conformance.ts's exit codes (that module runs on import, so it cannot be imported here). */
export const EXIT_FOR: Record<Verdict, number> = {
  conformant: 0,
  'conformant-with-known-deviations': 0,
  nonconformant: 1,
  error: 2,
};
