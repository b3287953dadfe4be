/**
 * The self-test of `npm run compare` (README "Sandbox against staging"), through the commands a team
 * runs: the suite against three sandboxes with the same seed and runs count (two clean, one with a
 * fault), then the comparison of their report folders.
 * - clean against clean: exit 0, every case agrees, although the second sandbox runs its vendor
 *   habits in another phase (person_id left out of other answers, the other error dialect), and
 *   both follow the order requests arrive in, which two concurrent runs never share: the comparison
 *   must see those differences (open differences > 0) and not take them for disagreements.
 * - clean against the fault: exit 1, and the disagreeing cases are exactly those the fault changed,
 *   as the faulty sandbox itself noted them (by each request's X-Conformance-Case header), nothing else.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import type { Comparison } from '../../reporters/compare/model';
import type { FaultReport } from '../../sandbox/fault-switches';
import { ROOT } from './matrix';

/** A fault that changes few answers (bank requests with a foreign IBAN get 200): "nothing else" means much. */
export const COMPARED_FAULT = 'accept-foreign-iban-bankident';
/** Enough for the fault to fire in several cases; every method and family runs. */
const RUNS = '20';

interface SuiteRunResult {
  code: number;
  seconds: number;
  dir: string;
}

export interface ComparisonRunTools {
  runSuite: (name: string, env: Record<string, string>) => Promise<SuiteRunResult>;
  record: (ok: boolean, line: string) => void;
  out: string;
}

function compare(
  a: string,
  b: string,
  out: string,
): Promise<{ code: number; output: string; json: Comparison | null }> {
  return new Promise((resolve) => {
    const child = spawn(
      path.join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['reporters/compare/cli.ts', a, b, '--out', out],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('close', (code) => {
      let json: Comparison | null;
      try {
        json = JSON.parse(fs.readFileSync(path.join(out, 'comparison.json'), 'utf8')) as Comparison;
      } catch {
        json = null;
      }
      resolve({ code: code ?? -1, output, json });
    });
  });
}

const against = (sandbox: RunningSandbox): Record<string, string> => ({
  SOLARIS_BASE_URL: sandbox.url,
  SOLARIS_CLIENT_ID: sandbox.clientId,
  SOLARIS_CLIENT_SECRET: sandbox.clientSecret,
  CONFORMANCE_RUNS: RUNS,
  // Detection is the fault matrix's business; shrinking would only add the faulty run's time.
  CONFORMANCE_SHRINK_MS: '0',
});

export async function comparisonRuns({ runSuite, record, out }: ComparisonRunTools): Promise<void> {
  const dir = path.join(out, 'comparison');
  fs.rmSync(dir, { recursive: true, force: true });
  const [cleanA, cleanB, faulty] = await Promise.all([
    startSandbox({ port: 0 }),
    // The vendor's habits in another phase: person_id left out of other answers, the other error dialect.
    startSandbox({ port: 0, habitPhase: 1 }),
    startSandbox({ port: 0, faults: [COMPARED_FAULT] }),
  ]);
  try {
    const [a, b, f] = await Promise.all([
      runSuite('compare-clean-a', against(cleanA)),
      runSuite('compare-clean-b', against(cleanB)),
      runSuite('compare-faulty', against(faulty)),
    ]);
    record(
      a.code === 0 && b.code === 0 && f.code === 1,
      `comparison runs, same seed, runs ${RUNS}: clean exit ${a.code} and ${b.code} (want 0), ${COMPARED_FAULT} exit ${f.code} (want 1) in ${Math.max(a.seconds, b.seconds, f.seconds).toFixed(1)} s`,
    );

    const clean = await compare(path.join(ROOT, a.dir), path.join(ROOT, b.dir), path.join(dir, 'clean-vs-clean'));
    const t = clean.json?.totals;
    record(
      clean.code === 0 &&
        clean.json?.verdict === 'agree' &&
        t !== undefined &&
        t.common > 1000 &&
        t.disagree === 0 &&
        // The tolerance was exercised: answers that differed where the contract leaves them open.
        t.openDifferences > 0,
      `compare clean with clean: exit ${clean.code} (want 0), ${t?.common ?? 0} common cases, ${t?.disagree ?? '?'} disagree, only in one ${t ? t.onlyA + t.onlyB : '?'} (${t?.openDifferences ?? '?'} answered with other null or absent fields: vendor habits, not compared)`,
    );
    if (clean.code !== 0) console.log(clean.output.split('\n').slice(-30).join('\n'));

    // What the fault changed, as the faulty sandbox noted it, against what the comparison names.
    const report = (await (await fetch(`${faulty.url}/__sandbox/faults`)).json()) as FaultReport;
    const changed = new Set(report.cases[COMPARED_FAULT] ?? []);
    const result = await compare(path.join(ROOT, a.dir), path.join(ROOT, f.dir), path.join(dir, 'clean-vs-fault'));
    const named = new Set(result.json?.groups.flatMap((g) => g.cases.map((c) => c.id)) ?? []);
    const missed = [...changed].filter((id) => !named.has(id));
    const extra = [...named].filter((id) => !changed.has(id));
    record(
      result.code === 1 &&
        result.json?.verdict === 'disagree' &&
        changed.size > 0 &&
        missed.length + extra.length === 0,
      `compare clean with ${COMPARED_FAULT}: exit ${result.code} (want 1), names ${named.size} cases, the fault changed ${changed.size}` +
        `${missed.length ? `; not named: ${missed.slice(0, 5).join(', ')}` : ''}${extra.length ? `; named but unchanged: ${extra.slice(0, 5).join(', ')}` : ''}`,
    );
    const accepted = result.json?.groups.every((g) => g.cases.every((c) => c.aspects.includes('acceptance'))) ?? false;
    record(accepted, `each case ${COMPARED_FAULT} changed is named as "one accepts what the other rejects"`);
    if (result.code !== 1) console.log(result.output.split('\n').slice(-30).join('\n'));
  } finally {
    await Promise.all([cleanA.close(), cleanB.close(), faulty.close()]);
  }
}
