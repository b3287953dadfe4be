/**
 * The self-test of known deviations (README "Living with a vendor that differs from its page"), as
 * a team lives it, through `npm run conformance` itself: record a fault's deviations with
 * --update-baseline; the same fault with that file → exit 0, verdict conformant-with-known-deviations;
 * another fault → exit 1, its own deviations new and the recorded one stale; the clean sandbox →
 * exit 0 with the entry stale; a malformed file → exit 2 before any request.
 */
import fs from 'node:fs';
import path from 'node:path';

/** What run.ts gives this file: a suite run with its summary, and the pass/fail tally. */
export interface BaselineRunTools {
  runSuite: (
    name: string,
    env: Record<string, string>,
    args?: string[],
  ) => Promise<{ code: number; seconds: number; log: string; summary: BaselineSummary | null }>;
  record: (ok: boolean, line: string) => void;
  out: string;
}

interface Deviation {
  check: string;
  method: string;
  key: string;
  cases: number;
}
export interface BaselineSummary {
  verdict: string;
  totals: { known?: number; violations: number };
  known?: Deviation[];
  new?: Deviation[];
  stale?: Deviation[];
  errors?: string[];
}

/** A fault every method meets on its valid requests, the contract's first candidate for the file. */
const RECORDED_FAULT = 'status-201-created';
const RECORDED_KEY = 'undocumented status 201';
/** Another fault: invalid requests answered 422. */
const OTHER_FAULT = 'status-422-validation';
/** Few cases: these runs prove the file's workflow, not the faults (the fault matrix does that). */
const RUNS = '5';

export async function knownDeviationRuns({ runSuite, record, out }: BaselineRunTools): Promise<void> {
  const dir = path.join(out, 'baseline');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'conformance.baseline.json');
  const env = (extra: Record<string, string>): Record<string, string> => ({
    CONFORMANCE_RUNS: RUNS,
    CONFORMANCE_SHRINK_MS: '0',
    CONFORMANCE_BASELINE: file,
    ...extra,
  });

  const recorded = await runSuite('baseline-update', env({ SANDBOX_FAULTS: RECORDED_FAULT }), ['--update-baseline']);
  const entries = fs.existsSync(file)
    ? ((JSON.parse(fs.readFileSync(file, 'utf8')) as { deviations?: Deviation[] }).deviations ?? [])
    : [];
  const okRecorded =
    recorded.code === 0 &&
    entries.length === 1 &&
    entries[0]?.check === 'status-code' &&
    entries[0]?.method === '*' &&
    entries[0]?.key === RECORDED_KEY;
  record(
    okRecorded,
    `--update-baseline against ${RECORDED_FAULT}: exit ${recorded.code}, ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} (${entries.map((e) => `${e.check} × ${e.method} · ${e.key}`).join('; ') || 'none'})`,
  );
  if (!okRecorded) return;

  const [known, other, clean] = await Promise.all([
    runSuite('baseline-known', env({ SANDBOX_FAULTS: RECORDED_FAULT })),
    // One method is enough to tell new from known, and spares a Playwright worker restart per failed test.
    runSuite('baseline-other-fault', env({ SANDBOX_FAULTS: OTHER_FAULT }), ['--grep', 'idnow']),
    runSuite('baseline-clean', env({})),
  ]);
  const k = known.summary;
  record(
    known.code === 0 &&
      k?.verdict === 'conformant-with-known-deviations' &&
      (k.totals.known ?? 0) > 0 &&
      (k.new ?? []).length === 0,
    `same fault with the file: exit ${known.code}, verdict ${k?.verdict ?? 'none'}, ${k?.totals.known ?? 0} known, ${(k?.new ?? []).length} new (want 0, conformant-with-known-deviations, known > 0, 0 new)`,
  );
  const o = other.summary;
  const fresh = o?.new ?? [];
  record(
    other.code === 1 &&
      o?.verdict === 'nonconformant' &&
      fresh.length > 0 &&
      fresh.every((d) => d.key !== RECORDED_KEY) &&
      (o.stale ?? []).some((e) => e.key === RECORDED_KEY),
    `another fault (${OTHER_FAULT}, idnow tests) with the file: exit ${other.code}, ${fresh.length} new (${[...new Set(fresh.map((d) => `${d.check} · ${d.key}`))].slice(0, 3).join('; ')}…), recorded entry stale: ${(o?.stale ?? []).some((e) => e.key === RECORDED_KEY)}`,
  );
  const c = clean.summary;
  record(
    clean.code === 0 && c?.verdict === 'conformant' && (c.stale ?? []).length === 1,
    `clean sandbox with the file: exit ${clean.code}, verdict ${c?.verdict ?? 'none'}, ${(c?.stale ?? []).length} stale (want 0, conformant, 1 stale)`,
  );

  const malformed = path.join(dir, 'malformed.json');
  fs.writeFileSync(malformed, JSON.stringify({ deviations: [{ ...entries[0], check: 'no-such-check' }] }));
  const bad = await runSuite('baseline-malformed', { CONFORMANCE_BASELINE: malformed });
  const named = (bad.summary?.errors ?? []).some((e) => e.includes('deviations[0]') && e.includes('no-such-check'));
  record(
    bad.code === 2 && bad.summary?.verdict === 'error' && named && bad.seconds < 15,
    `malformed baseline: exit ${bad.code}, entry named: ${named}, in ${bad.seconds.toFixed(1)} s (want 2, true, < 15 s)`,
  );
}
