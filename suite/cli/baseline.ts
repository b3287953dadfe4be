/**
 * `npm run conformance -- --update-baseline` and `-- --prune-baseline`: after the run, rewrite the
 * known-deviations file from what the run met (reports/conformance.json's `known` and `new`).
 * Commands a person runs, reads the diff of, writes reasons into and commits; never run by CI.
 */
import fs from 'node:fs';
import path from 'node:path';
import { IDENTIFICATION_METHODS } from '../../generators/case';
import {
  baselineFile,
  parseBaseline,
  shownPath,
  pruneBaseline,
  REASON_TO_WRITE,
  serializeBaseline,
  today,
  updateBaseline,
  type Occurrence,
} from '../baseline/baseline';
import { configuredBaseline } from '../baseline/load';
import { isCheckId } from '../checks/registry';

export type BaselineMode = 'update' | 'prune';

export const BASELINE_FLAGS: Readonly<Record<string, BaselineMode>> = {
  '--update-baseline': 'update',
  '--prune-baseline': 'prune',
};

/** Before an --update-baseline run: the file it will write, created empty if absent (reported by writeBaseline as created). */
export function createBaselineIfMissing(cwd = process.cwd()): boolean {
  const file = baselineFile(configuredBaseline(), cwd, true);
  if (file === null || fs.existsSync(file)) return false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, serializeBaseline([]));
  return true;
}

/** The run's deviations as conformance.json lists them. */
interface RunDeviations {
  known?: Occurrence[];
  new?: Occurrence[];
}

/**
 * Rewrites the file (creating it for `update`) and returns the lines to print. The run must have
 * judged the target (its verdict is not `error`): a run that could not judge met nothing reliably.
 */
export function writeBaseline(mode: BaselineMode, summaryFile: string, created = false, cwd = process.cwd()): string[] {
  const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as RunDeviations;
  const occurred: Occurrence[] = [...(summary.known ?? []), ...(summary.new ?? [])].map((d) => ({
    check: d.check,
    method: d.method,
    key: d.key,
    cases: d.cases,
  }));
  const file = baselineFile(configuredBaseline(), cwd, true);
  if (file === null) throw new Error('no baseline file to write');
  const exists = fs.existsSync(file);
  const entries = exists
    ? parseBaseline(fs.readFileSync(file, 'utf8'), file, isCheckId, IDENTIFICATION_METHODS).entries
    : [];
  const shown = shownPath(file, cwd);
  if (mode === 'prune') {
    if (!exists) return [`[conformance] no baseline file at ${shown}: nothing to prune`];
    const { entries: kept, removed } = pruneBaseline(entries, occurred);
    fs.writeFileSync(file, serializeBaseline(kept));
    return [
      `[conformance] pruned ${shown}: ${removed.length} entr${removed.length === 1 ? 'y' : 'ies'} removed, ${kept.length} kept`,
      ...removed.map((e) => `  - ${e.check} × ${e.method} · ${e.key}`),
    ];
  }
  const { entries: next, added } = updateBaseline(entries, occurred, today(), IDENTIFICATION_METHODS);
  fs.writeFileSync(file, serializeBaseline(next));
  const toWrite = next.filter((e) => e.reason === REASON_TO_WRITE).length;
  return [
    `[conformance] ${exists && !created ? 'updated' : 'created'} ${shown}: ${added.length} entr${added.length === 1 ? 'y' : 'ies'} added, ${next.length - added.length} kept`,
    ...added.map((e) => `  + ${e.check} × ${e.method} · ${e.key} (${e.cases} cases)`),
    ...(toWrite > 0
      ? [
          `  ${toWrite} reason(s) still say "${REASON_TO_WRITE.slice(0, 5)}…": write why each is accepted, then commit ${shown}`,
        ]
      : []),
  ];
}
