/**
 * What the fault matrix (playwright.selftest.config.ts, matrix.spec.ts) and tests/selftest/run.ts
 * share: where the results go, and (from reporters/selftest-matrix.ts, which may not import tests/)
 * their shape.
 */
import path from 'node:path';
import type { Verdict } from '../../reporters/summary';
import { EXIT } from '../../suite/cli/exit-codes';

export { FAULT_RESULT_ATTACHMENT, type FaultResult, type MatrixResults } from '../../reporters/selftest-matrix';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const SELFTEST_OUT = path.join(ROOT, 'reports', 'selftest');
/** Written by reporters/selftest-matrix.ts when the matrix run ends. */
export const MATRIX_RESULTS = path.join(SELFTEST_OUT, 'matrix.json');
/** The exit code `npm run conformance` gives each verdict: the CLI's own table. */
export const EXIT_FOR: Record<Verdict, number> = EXIT;
