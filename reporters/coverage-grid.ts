/**
 * The coverage grid as QA reads it the morning after: markdown (reports/coverage.md, CI job
 * summaries) and an HTML block for the top of Playwright's report. Both render the `grid` field of
 * conformance.json, so the three never disagree. The HTML block also lists the `observations`
 * field (undocumented response fields), below the grids and never coloured as a failure.
 */
import type { Observation } from '../suite/engine/observations';
import {
  baselineMarkdown,
  KNOWN_HEADING,
  knownLine,
  NEW_HEADING,
  newLine,
  STALE_HEADING,
  staleLine,
} from './baseline-text';
import { BODY_LABEL, CAPPED_NOTE, exampleText, OBSERVATIONS_HEADING } from './observations';
import type { ConformanceSummary, GridCell } from './summary';

/** Where a cell links to: a hash route of the HTML report (`?testId=…&anchor=…`) to the evidence that explains it. */
export type CellLinks = ReadonlyMap<string, string>;
/** Check ids and family names overlap (`auth`, `unknown-resources`), hence the kind in the key. */
export const cellKey = (kind: 'check' | 'family', row: string, method: string): string =>
  `${kind}\u0000${row}\u0000${method}`;

const methodLabel = (method: string): string => method || '(any)';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `40` judged and clean, `✗3/40` violations/cases, `~3/40` known deviations/cases, `GAP` owed but unjudged, `·` does not apply. */
export function cellLabel(cell: GridCell | undefined): string {
  if (!cell) return '·';
  if (cell.gap) return 'GAP';
  // A family cell counts cases, not violations: one case can break several checks, so "80/40" would mislead.
  if (cell.failedChecks !== undefined) {
    if (cell.failedChecks.length > 0) return `${cell.cases} ✗${plural(cell.failedChecks.length, 'check')}`;
    return cell.knownChecks?.length ? `${cell.cases} ~${plural(cell.knownChecks.length, 'check')}` : String(cell.cases);
  }
  if (cell.violations > 0) return `✗${cell.violations}/${cell.cases}`;
  return cell.known ? `~${cell.known}/${cell.cases}` : String(cell.cases);
}

/** red: a new violation, amber: only known deviations, yellow: a gap. */
export function cellKind(cell: GridCell | undefined): 'na' | 'gap' | 'bad' | 'known' | 'ok' {
  if (!cell) return 'na';
  if (cell.gap) return 'gap';
  if (cell.violations > 0) return 'bad';
  return cell.known || cell.knownChecks?.length ? 'known' : 'ok';
}

const LEGEND =
  'checks: n = cases judged, no violation · ✗v/n = v violations in n cases (red) · ~k/n = k known deviations from the baseline file in n cases (amber, passes) · GAP = owed cases but judged none (fails the run) · · = does not apply; families: n ✗k checks = n cases sent, k checks found violations (~k checks: only known deviations)';

export function headline(summary: ConformanceSummary): string {
  const t = summary.totals;
  return `${summary.verdict.toUpperCase()} — ${t.violations} violations${t.known ? ` · ${t.known} known deviations` : ''} · ${t.cases} cases · ${t.requests} requests · ${t.failedTests}/${t.tests} tests failed · seed ${summary.seed ?? '?'} · ${summary.target}`;
}

function markdownTable(
  first: string,
  methods: readonly string[],
  rows: ReadonlyArray<{ name: string; cells: Record<string, GridCell> }>,
): string[] {
  return [
    `| ${first} | ${methods.map(methodLabel).join(' | ')} |`,
    `|---|${methods.map(() => '---:').join('|')}|`,
    ...rows.map((r) => `| ${r.name} | ${methods.map((m) => cellLabel(r.cells[m])).join(' | ')} |`),
  ];
}

/** reports/coverage.md: paste-able into a CI job summary or an issue. */
export function gridMarkdown(summary: ConformanceSummary): string {
  const { grid } = summary;
  const lines = [
    `# Conformance: ${headline(summary)}`,
    '',
    LEGEND,
    '',
    '## Methods × checks',
    '',
    ...markdownTable(
      'check',
      grid.methods,
      grid.checks.map((c) => ({ name: c.id, cells: c.cells })),
    ),
    '',
    '## Methods × rule families (cases sent · checks that found violations)',
    '',
    ...markdownTable(
      'family',
      grid.methods,
      grid.families.map((f) => ({ name: f.family, cells: f.cells })),
    ),
    ...baselineMarkdown(summary),
  ];
  if (summary.errors.length > 0) lines.push('', '## Could not judge', '', ...summary.errors.map((e) => `- ${e}`));
  const failing = summary.checks.filter((c) => c.examples.length > 0);
  if (failing.length > 0) lines.push('', '## First example per failing cell (replay command)', '');
  for (const entry of failing) {
    const example = entry.examples[0];
    if (example)
      lines.push(
        `- **${entry.id}** × ${methodLabel(entry.method ?? '')}: ${example.summary}  \n  \`${example.replay}\``,
      );
  }
  return `${lines.join('\n')}\n`;
}

export const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function htmlCell(cell: GridCell | undefined, route: string | undefined, row: string, method: string): string {
  const label = escapeHtml(cellLabel(cell));
  const kind = cellKind(cell);
  const failed = cell?.failedChecks?.length ? ` (${cell.failedChecks.join(', ')})` : '';
  const known = cell?.known
    ? `, ${cell.known} known deviations${cell.knownChecks?.length ? ` (${cell.knownChecks.join(', ')})` : ''}`
    : '';
  const title = escapeHtml(
    `${row} × ${methodLabel(method)}: ${cell ? `${cell.cases} cases, ${cell.violations} violations${failed}${known}${cell.gap ? ', coverage gap' : ''}` : 'does not apply'}`,
  );
  // The report is a single-page app routed by the hash: #?testId=…&anchor=attachment-N opens the test and expands the evidence.
  const inner = route && kind !== 'ok' ? `<a href="#${escapeHtml(route)}">${label}</a>` : label;
  return `<td class="cg-${kind}" title="${title}">${inner}</td>`;
}

function htmlTable(
  kind: 'check' | 'family',
  caption: string,
  first: string,
  methods: readonly string[],
  rows: ReadonlyArray<{ name: string; cells: Record<string, GridCell> }>,
  links: CellLinks,
): string {
  const head = `<tr><th>${escapeHtml(first)}</th>${methods.map((m) => `<th>${escapeHtml(methodLabel(m))}</th>`).join('')}</tr>`;
  const body = rows
    .map(
      (r) =>
        `<tr><th>${escapeHtml(r.name)}</th>${methods.map((m) => htmlCell(r.cells[m], links.get(cellKey(kind, r.name, m)), r.name, m)).join('')}</tr>`,
    )
    .join('');
  return `<table><caption>${escapeHtml(caption)}</caption>${head}${body}</table>`;
}

/**
 * Scoped to the block, except one rule for Playwright's attachment bodies: evidence holds long
 * URLs and JSON bodies without spaces, which otherwise run off the right edge unread.
 */
const STYLE = `
#conformance-summary{max-width:1280px;margin:12px auto 0;padding:0 16px;font:13px/1.4 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;color:#1f2328}
#conformance-summary details{border:1px solid #d0d7de;border-radius:6px;background:#fff;padding:8px 12px}
#conformance-summary summary{cursor:pointer;font-weight:600;font-size:14px}
#conformance-summary .cg-verdict-nonconformant{color:#cf222e}#conformance-summary .cg-verdict-error{color:#9a6700}#conformance-summary .cg-verdict-conformant{color:#1a7f37}
#conformance-summary .cg-tables{display:flex;flex-wrap:wrap;gap:16px;margin-top:8px}
#conformance-summary table{border-collapse:collapse}
#conformance-summary caption{text-align:left;font-weight:600;padding:2px 0}
#conformance-summary th,#conformance-summary td{border:1px solid #d0d7de;padding:2px 6px;font-variant-numeric:tabular-nums}
#conformance-summary th{background:#f6f8fa;text-align:left;font-weight:500}
#conformance-summary td{text-align:right;min-width:56px}
#conformance-summary .cg-bad{background:#ffebe9;color:#cf222e;font-weight:600}
#conformance-summary .cg-gap{background:#fff8c5;color:#9a6700;font-weight:600}
#conformance-summary .cg-known{background:#ffe2b3;color:#953800;font-weight:600}
#conformance-summary .cg-verdict-conformant-with-known-deviations{color:#953800}
#conformance-summary .cg-baseline li.cg-new{color:#cf222e;font-weight:600}#conformance-summary .cg-baseline li.cg-known-item{color:#953800}
#conformance-summary .cg-na{color:#8c959f}
#conformance-summary .cg-legend,#conformance-summary .cg-errors{color:#57606a;margin:6px 0 0}
#conformance-summary a{color:inherit}
#conformance-summary .cg-observations{margin-top:12px}
#conformance-summary .cg-observations td{text-align:left}
#conformance-summary .cg-observations td.cg-n{text-align:right}
#conformance-summary .cg-observations code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:nowrap}
#conformance-summary .cg-observations td:last-child code{display:block;max-width:560px;white-space:normal;overflow-wrap:anywhere}
.attachment-body{overflow-wrap:anywhere}
`;

/**
 * Two small behaviours, kept dependency-free because they run inside Playwright's page:
 *  - the grid collapses while a single test is open (the evidence matters more there) and opens
 *    again on the test list;
 *  - evidence attachments (`violation: …`) open by themselves: Playwright renders every attachment
 *    as a closed <details>, and its `anchor=` route only scrolls to one. Each is opened once, so
 *    QA can still close it.
 */
const BEHAVIOUR = `(() => {
  const grid = document.querySelector('#conformance-summary details');
  const onRoute = () => { grid.open = !location.hash.includes('testId='); };
  onRoute();
  addEventListener('hashchange', onRoute);
  // This block sits before the app's root element, so the root exists only once the document is parsed.
  const watch = () => {
    const root = document.getElementById('root');
    if (root) new MutationObserver(() => openEvidence(root)).observe(root, { childList: true, subtree: true });
  };
  const openEvidence = (root) => {
    for (const d of root.querySelectorAll('details:not([data-cg-seen])')) {
      const s = d.querySelector(':scope > summary');
      if (!s || !/^\\s*(violation|known deviation): /.test(s.textContent || '')) continue;
      d.setAttribute('data-cg-seen', '');
      d.open = true;
    }
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', watch);
  else watch();
})();`;

/**
 * What the target sent beyond the schemas (reporters/observations.ts): a small table below the grids,
 * or one line saying nothing was seen. Its cells are plain, never red: an observation is no violation.
 */
export function observationsHtml(observations: readonly Observation[], capped = false): string {
  const caption = `${OBSERVATIONS_HEADING.charAt(0).toUpperCase()}${OBSERVATIONS_HEADING.slice(1)}`;
  if (observations.length === 0)
    return `<div class="cg-observations"><p class="cg-legend">${escapeHtml(caption)}: nothing; every response field is in the schemas.</p></div>`;
  const rows = observations
    .map(
      (o) =>
        `<tr><td>${escapeHtml(BODY_LABEL[o.kind])}</td><td><code>${escapeHtml(o.field)}</code></td><td class="cg-n">${o.count}</td><td><code>${escapeHtml(exampleText(o))}</code></td></tr>`,
    )
    .join('');
  const note = capped ? `<p class="cg-legend">${escapeHtml(CAPPED_NOTE)}.</p>` : '';
  return `<div class="cg-observations"><table><caption>${escapeHtml(caption)}</caption><tr><th>body</th><th>field</th><th>responses</th><th>one example</th></tr>${rows}</table>${note}</div>`;
}

/**
 * The block shown above Playwright's own report: verdict, both grids, links from each red cell to
 * the test that carries its evidence. It collapses while a single test is open, where the evidence
 * matters more than the overview, and opens again on the test list.
 */
/** The baseline's lists under the grids: known (amber), new (red), stale; nothing when no baseline was in play. */
export function baselineHtml(summary: ConformanceSummary): string {
  if (summary.baseline === null && summary.known.length === 0) return '';
  const list = (heading: string, cls: string, lines: string[]): string =>
    lines.length === 0
      ? ''
      : `<p class="cg-legend">${escapeHtml(heading)}:</p><ul>${lines.map((l) => `<li class="${cls}">${escapeHtml(l)}</li>`).join('')}</ul>`;
  return [
    `<div class="cg-baseline"><p class="cg-legend">Baseline <code>${escapeHtml(summary.baseline ?? 'none')}</code>: ${summary.known.length} known, ${summary.new.length} new, ${summary.stale.length} stale.</p>`,
    list(
      NEW_HEADING,
      'cg-new',
      summary.new.map((d) => `NEW ${newLine(d)}`),
    ),
    list(KNOWN_HEADING, 'cg-known-item', summary.known.map(knownLine)),
    list(
      STALE_HEADING,
      'cg-stale',
      summary.stale.map((e) => `${staleLine(e)} — ${e.prune}`),
    ),
    '</div>',
  ].join('');
}

export function gridHtml(summary: ConformanceSummary, links: CellLinks): string {
  const { grid } = summary;
  const errors =
    summary.errors.length > 0
      ? `<ul class="cg-errors">${summary.errors.map((e) => `<li>could not judge: ${escapeHtml(e)}</li>`).join('')}</ul>`
      : '';
  return [
    `<section id="conformance-summary"><style>${STYLE}</style>`,
    `<details open><summary>Conformance: <span class="cg-verdict-${summary.verdict}">${escapeHtml(headline(summary))}</span></summary>`,
    `<p class="cg-legend">${escapeHtml(LEGEND)}. Red, amber and yellow cells open the test with the evidence; coverage.md and conformance.json hold the same grid.</p>`,
    errors,
    '<div class="cg-tables">',
    htmlTable(
      'check',
      'Methods × checks',
      'check',
      grid.methods,
      grid.checks.map((c) => ({ name: c.id, cells: c.cells })),
      links,
    ),
    htmlTable(
      'family',
      'Methods × rule families',
      'family',
      grid.methods,
      grid.families.map((f) => ({ name: f.family, cells: f.cells })),
      links,
    ),
    '</div>',
    baselineHtml(summary),
    observationsHtml(summary.observations, summary.observationsCapped === true),
    '</details>',
    `<script>${BEHAVIOUR}</script>`,
    '</section>',
  ].join('');
}
