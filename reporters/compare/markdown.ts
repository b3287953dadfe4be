/**
 * The comparison as markdown, for a GitHub step summary: the verdict, the two runs, the groups and the
 * first disagreeing cases; comparison.html has every case in full.
 *
 * Cells quote a target's answers, so each is escaped: a `|` would split the row, a newline would end
 * the table, and `<`, `*`, `_`, `[` and friends would turn an error code into markup (GitHub strips
 * HTML it does not allow, so an unescaped `<script>` would simply vanish from the summary).
 */
import { OPEN_DIFFERENCES_MEANING, runRows, verdictText } from './html';
import { ASPECT_MEANING, ASPECTS, type Aspect, type CaseDifference, type Comparison, type Group } from './model';

/** Disagreeing cases listed by default: enough to see the pattern, short enough for a summary page. */
const DEFAULT_MAX_CASES = 30;
export const CELL_MAX = 200;

/** Markdown punctuation that could start markup inside a table cell (CommonMark lets any of it be backslash-escaped). */
const MARKUP = /[\\`*_[\]<>|~&]/;

/**
 * Text on one line with its markup escaped, at most `max` characters escapes included: cut between
 * whole characters (never inside an escape or a surrogate pair) and marked with an ellipsis.
 */
export function escapeInline(text: string, max: number): string {
  const pieces = [...text.replace(/\r\n|\r|\n/g, ' ').trim()].map((ch) => (MARKUP.test(ch) ? `\\${ch}` : ch));
  const whole = pieces.join('');
  if (whole.length <= max) return whole;
  let out = '';
  for (const piece of pieces) {
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out}…`;
}

/** One table cell (≤ CELL_MAX characters). */
export const cell = (text: string): string => escapeInline(text, CELL_MAX);

/** A table row; `cells` are escaped here. */
const tableRow = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;

function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  return [tableRow(head), `|${head.map(() => '---').join('|')}|`, ...rows.map(tableRow)];
}

const ICON: Record<Comparison['verdict'], string> = { agree: '✅', disagree: '❌', 'cannot-compare': '⚠️' };

const aspectList = (aspects: readonly Aspect[]): string => aspects.join(', ');

function groupAspects(g: Group): string {
  return ASPECTS.filter((a) => (g.aspects[a] ?? 0) > 0)
    .map((a) => `${a} ${g.aspects[a]}`)
    .join(', ');
}

function runsTable(c: Comparison): string[] {
  const rowsB = runRows(c.b);
  return table(
    ['', 'A', 'B'],
    runRows(c.a).map(([label, a], i) => [label, a, rowsB[i]?.[1] ?? '']),
  );
}

function totalsLine(c: Comparison): string {
  const t = c.totals;
  const open =
    t.openDifferences > 0 ? ` (${t.openDifferences} of them open differences: ${OPEN_DIFFERENCES_MEANING})` : '';
  return `${t.common} cases in common: ${t.agree} agree${open}, ${t.disagree} disagree; ${t.onlyA} only in A, ${t.onlyB} only in B.`;
}

function groupsSection(c: Comparison): string[] {
  if (c.groups.length === 0) return [];
  return [
    '### Groups',
    '',
    ...table(
      ['method', 'family', 'disagreeing / common', 'aspects'],
      c.groups.map((g) => [g.method, g.family, `${g.cases.length} / ${g.common}`, groupAspects(g)]),
    ),
    '',
    `Aspects: ${ASPECTS.map((a) => `${a} (${ASPECT_MEANING[a]})`).join('; ')}.`,
    '',
  ];
}

function casesSection(c: Comparison, maxCases: number): string[] {
  const all: CaseDifference[] = c.groups.flatMap((g) => g.cases);
  if (all.length === 0) return [];
  const shown = all.slice(0, Math.max(0, maxCases));
  const more = all.length - shown.length;
  return [
    '### Disagreeing cases',
    '',
    ...table(
      ['case', 'aspects', 'A answer', 'B answer'],
      shown.map((d) => [d.id, aspectList(d.aspects), d.a.answer, d.b.answer]),
    ),
    ...(more > 0 ? ['', `…and ${more} more (see comparison.html)`] : []),
    '',
  ];
}

function oneSidedLine(c: Comparison): string {
  return `One-sided cases: ${c.onlyA.length} only in A, ${c.onlyB.length} only in B (listed in comparison.html and comparison.json).`;
}

/** The step summary. */
export function comparisonMarkdown(c: Comparison, options?: { maxCases?: number }): string {
  const maxCases = options?.maxCases ?? DEFAULT_MAX_CASES;
  const lines: string[] = [`## ${ICON[c.verdict]} ${verdictText(c)}`, ''];
  if (c.verdict === 'cannot-compare' || c.reasons.length > 0) {
    lines.push(...c.reasons.map((r) => `- ${escapeInline(r, 1000)}`), '');
  }
  lines.push(...runsTable(c), '', totalsLine(c), '');
  lines.push(...groupsSection(c));
  lines.push(...casesSection(c, maxCases));
  lines.push(oneSidedLine(c), '');
  return lines.join('\n');
}
