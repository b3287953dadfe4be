/**
 * The run's baseline, read once per process: the CLI validates it before Playwright starts, global
 * setup again (for a bare `playwright test`), each worker to judge its violations, the reporter to
 * name the stale entries. All of them resolve the same file the same way.
 */
import fs from 'node:fs';
import { IDENTIFICATION_METHODS } from '../../generators/case';
import { isCheckId } from '../checks/registry';
import { read } from '../model/variables';
import { baselineFile, parseBaseline, type Baseline } from './baseline';

/** CONFORMANCE_BASELINE as the configuration table reads it: the path, the root file when unset and present, or null. */
export const configuredBaseline = (env: NodeJS.ProcessEnv = process.env): string | null =>
  read('CONFORMANCE_BASELINE', env);

/** Reads and validates the baseline the environment names (none → null); throws BaselineError. */
export function readBaseline(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Baseline | null {
  const file = baselineFile(configuredBaseline(env), cwd);
  if (file === null) return null;
  return parseBaseline(fs.readFileSync(file, 'utf8'), file, isCheckId, IDENTIFICATION_METHODS);
}

let cached: { baseline: Baseline | null } | null = null;

/** readBaseline, once per process (workers judge thousands of exchanges against it). */
export function runBaseline(): Baseline | null {
  cached ??= { baseline: readBaseline() };
  return cached.baseline;
}
