/**
 * `npm run compare -- <report folder A> <report folder B> [--out <folder>]`: where two runs made with
 * the same seed and runs count (the sandbox and staging, say) disagree, case by case. Writes
 * comparison.html (for QA), comparison.md (for a CI summary) and comparison.json; exit 0 when the
 * targets agree, 1 when they disagree, 2 when the runs cannot be compared.
 */
import fs from 'node:fs';
import path from 'node:path';
import { reportDir } from '../../suite/config/env';
import { compareRuns, loadRun } from './compare';
import { comparisonHtml } from './html';
import { comparisonMarkdown } from './markdown';
import { ASPECT_MEANING, type Comparison } from './model';

const EXIT = { agree: 0, disagree: 1, 'cannot-compare': 2 } as const satisfies Record<Comparison['verdict'], number>;
const USAGE = 'usage: npm run compare -- <report folder A> <report folder B> [--out <folder>]';
/** Disagreeing cases the console lists; the page and the JSON have them all. */
const CONSOLE_CASES = 10;
const CONSOLE_GROUPS = 20;

function parseArgs(argv: readonly string[]): { a: string; b: string; out: string } | string {
  const folders: string[] = [];
  let out = path.join(reportDir(), 'comparison');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--out') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) return '--out needs a folder';
      out = value;
    } else if (arg === '--help' || arg === '-h') return '';
    else if (arg.startsWith('--')) return `unknown option ${arg}`;
    else folders.push(arg);
  }
  if (folders.length !== 2) return `two report folders are needed, got ${folders.length}`;
  return { a: folders[0] ?? '', b: folders[1] ?? '', out };
}

function consoleText(c: Comparison, files: string[]): string {
  const lines: string[] = [];
  const run = (label: string, r: Comparison['a']): string =>
    `  ${label}: ${r.folder} · ${r.target}${r.env ? ` (${r.env})` : ''} · seed ${r.seed ?? '?'} · runs ${r.runs} · ${r.cases} cases${r.shards.length ? ` · shards ${r.shards.join(', ')}` : ''}`;
  lines.push('[compare]', run('A', c.a), run('B', c.b));
  if (c.verdict === 'cannot-compare') {
    lines.push('[compare] cannot compare:', ...c.reasons.map((r) => `  - ${r}`));
  } else {
    const t = c.totals;
    lines.push(
      `[compare] ${t.common} common cases: ${t.agree} agree (${t.openDifferences} of them with other null or absent fields, which the contract leaves open), ${t.disagree} disagree · only in A ${t.onlyA} · only in B ${t.onlyB}`,
    );
    for (const g of c.groups.slice(0, CONSOLE_GROUPS)) {
      const aspects = Object.entries(g.aspects)
        .map(([aspect, n]) => `${n} ${ASPECT_MEANING[aspect as keyof typeof ASPECT_MEANING]}`)
        .join(', ');
      lines.push(`  ✗ ${g.method} · ${g.family}: ${g.cases.length}/${g.common} cases (${aspects})`);
    }
    if (c.groups.length > CONSOLE_GROUPS)
      lines.push(`  … and ${c.groups.length - CONSOLE_GROUPS} more groups in the page`);
    const cases = c.groups.flatMap((g) => g.cases);
    for (const d of cases.slice(0, CONSOLE_CASES))
      lines.push(`    ${d.id} · ${d.sent}\n      A ${d.a.answer}\n      B ${d.b.answer}`);
    if (cases.length > CONSOLE_CASES) lines.push(`    … and ${cases.length - CONSOLE_CASES} more in the page`);
  }
  lines.push(`[compare] ${files.join(' · ')}`);
  lines.push(
    `[compare] verdict: ${c.verdict === 'agree' ? 'the targets agree' : c.verdict === 'disagree' ? `the targets disagree on ${c.totals.disagree} cases` : 'cannot compare'} (exit ${EXIT[c.verdict]})`,
  );
  return lines.join('\n');
}

function main(argv: readonly string[]): number {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    if (args !== '') console.error(`compare: ${args}`);
    console.error(USAGE);
    return args === '' ? 0 : 2;
  }
  const comparison = compareRuns(loadRun(args.a), loadRun(args.b));
  fs.mkdirSync(args.out, { recursive: true });
  const files = {
    html: path.join(args.out, 'comparison.html'),
    md: path.join(args.out, 'comparison.md'),
    json: path.join(args.out, 'comparison.json'),
  };
  fs.writeFileSync(files.html, comparisonHtml(comparison));
  fs.writeFileSync(files.md, comparisonMarkdown(comparison));
  fs.writeFileSync(files.json, `${JSON.stringify(comparison, null, 2)}\n`);
  console.log(consoleText(comparison, Object.values(files)));
  return EXIT[comparison.verdict];
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  // A bug of the comparison itself is no disagreement of the targets.
  console.error(`compare: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 2;
}
