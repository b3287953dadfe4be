/**
 * comparison.html: the page a QA engineer opens in the morning to see where two runs of the suite
 * (the sandbox and staging, say) disagree. One self-contained file: inline CSS, no script, no
 * external resource, so it works offline from a CI artifact.
 *
 * Every string of the model may come from a target's answers (error codes, bodies, field names), so
 * every one goes through escapeHtml; the Content-Security-Policy forbids scripts and network on top,
 * in case a future edit forgets.
 */
import { escapeHtml } from '../coverage-grid';
import {
  ASPECT_MEANING,
  ASPECTS,
  type Aspect,
  type CaseDifference,
  type Comparison,
  type Group,
  type OneSided,
  type RunDescription,
  type Side,
} from './model';

/** A group with more cases than this starts closed: its summary still shows the counts. */
const OPEN_GROUP_MAX = 20;
/**
 * Cases shown per group: a target that differs everywhere must not make a page of hundreds of MB
 * (a case is ~5 KB of HTML); comparison.json holds them all.
 */
export const GROUP_CASES_MAX = 50;
/** Rows shown per one-sided table; comparison.json holds them all. */
export const ONE_SIDED_ROWS_MAX = 500;

/** Shared with the markdown: what the `openDifferences` total counts. */
export const OPEN_DIFFERENCES_MEANING =
  'agreeing cases whose answers differ only where the contract leaves the answer open (null or omitted fields): seen, not counted as disagreements';

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** The verdict in words, shared with the markdown. */
export function verdictText(c: Comparison): string {
  switch (c.verdict) {
    case 'agree':
      return 'The two runs agree';
    case 'disagree':
      return plural(c.totals.disagree, 'case disagrees', 'cases disagree');
    case 'cannot-compare':
      return 'The two runs cannot be compared';
  }
}

/** How a run is described, row by row, in both renderers. */
export function runRows(run: RunDescription): Array<[label: string, value: string]> {
  return [
    ['folder', run.folder],
    ['target', run.target],
    ['env', run.env ?? '—'],
    ['seed', run.seed === null ? '—' : String(run.seed)],
    ['runs', String(run.runs)],
    ['shards', run.shards.length === 0 ? 'unsharded' : run.shards.join(', ')],
    ['cases', String(run.cases)],
    ['startedAt', run.startedAt ?? '—'],
  ];
}

/** A short name for a side's column: its profile, else its target. */
const runLabel = (run: RunDescription): string => run.env ?? run.target;

/** Stable anchors (`group-idnow-iban`): the same groups give the same ids, so a link in a chat survives a re-run. */
function groupIds(groups: readonly Group[]): string[] {
  const used = new Set<string>();
  return groups.map((g) => {
    const base = `group-${g.method}-${g.family}`
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/-+$/, '');
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  });
}

const groupTitle = (g: Pick<Group, 'method' | 'family'>): string => `${g.method} · ${g.family}`;

function badge(aspect: Aspect, count?: number): string {
  const text = count === undefined ? aspect : `${aspect} ${count}`;
  return `<span class="badge aspect-${aspect}" title="${escapeHtml(ASPECT_MEANING[aspect])}">${escapeHtml(text)}</span>`;
}

function groupBadges(g: Group): string {
  return ASPECTS.filter((a) => (g.aspects[a] ?? 0) > 0)
    .map((a) => badge(a, g.aspects[a]))
    .join(' ');
}

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1600px; padding: 16px 24px; font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1f2328; background: #fff; overflow-wrap: anywhere; }
h1.verdict { margin: 0 0 12px; padding: 10px 14px; border-radius: 6px; color: #fff; font-size: 22px; }
.verdict-agree { background: #1a7f37; }
.verdict-disagree { background: #cf222e; }
.verdict-cannot-compare { background: #6e7781; }
ul.reasons { margin: 0 0 12px; padding: 8px 8px 8px 28px; background: #f6f8fa; border-left: 4px solid #6e7781; }
h2 { font-size: 18px; margin: 20px 0 8px; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
table.runs th:first-child { width: 8em; }
table.totals { width: auto; table-layout: auto; }
table.totals td { text-align: right; font-variant-numeric: tabular-nums; }
nav ul { margin: 4px 0; padding-left: 20px; columns: 3 16em; }
dl.legend { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 4px 12px; margin: 0; }
dl.legend dd { margin: 0; }
.muted { color: #59636e; }
.badge { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; line-height: 18px; border: 1px solid; white-space: nowrap; }
.aspect-acceptance { background: #ffebe9; border-color: #ff8182; color: #82071e; }
.aspect-status-class { background: #fff1e5; border-color: #ffb77c; color: #762c00; }
.aspect-error-code { background: #fbefff; border-color: #d8b9ff; color: #512a97; }
.aspect-error-field { background: #ddf4ff; border-color: #80ccff; color: #0a3069; }
.aspect-violations { background: #fff8c5; border-color: #d4a72c; color: #4d2d00; }
details.group { border: 1px solid #d0d7de; border-radius: 6px; margin: 12px 0; padding: 0 12px; }
details.group > summary, details.one-sided > summary { cursor: pointer; padding: 8px 0; }
summary h2 { display: inline; margin: 0 8px 0 0; }
article.case { border-top: 1px solid #d0d7de; padding: 10px 0 14px; }
article.case h3 { font-size: 15px; margin: 0 0 4px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.sides { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 12px; margin-top: 8px; }
.side { border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 10px; min-width: 0; background: #fcfcfd; }
.side h4 { margin: 0 0 6px; font-size: 14px; }
.side h5 { margin: 10px 0 2px; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #59636e; }
p.answer { margin: 0 0 6px; padding: 4px 8px; background: #eaeef2; border-radius: 4px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-weight: 600; }
dl.kv { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 10px; margin: 0; }
dl.kv dt { color: #59636e; }
dl.kv dd { margin: 0; min-width: 0; }
.differs { background: #fff8c5; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
pre { margin: 2px 0 4px; padding: 6px 8px; background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 22em; overflow: auto; max-width: 100%; }
pre.command { user-select: all; }
ul.violations { margin: 0; padding-left: 18px; }
.known { font-size: 11px; padding: 0 5px; border-radius: 8px; background: #eaeef2; color: #59636e; }
table.one-sided td, table.one-sided th { font-size: 13px; }
table.one-sided th:nth-child(1) { width: 32%; }
table.one-sided th:nth-child(2) { width: 9%; }
table.one-sided th:nth-child(3) { width: 12%; }
table.one-sided th:nth-child(4) { width: 22%; }
`;

function header(c: Comparison, ids: readonly string[]): string {
  const reasons =
    c.reasons.length > 0
      ? `<ul class="reasons">${c.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>`
      : '';
  const rowsB = runRows(c.b);
  const runTable = [
    '<table class="runs" id="runs"><thead><tr><th></th>',
    `<th>A · ${escapeHtml(runLabel(c.a))}</th><th>B · ${escapeHtml(runLabel(c.b))}</th></tr></thead><tbody>`,
    ...runRows(c.a).map(
      ([label, a], i) =>
        `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(a)}</td><td>${escapeHtml(rowsB[i]?.[1] ?? '')}</td></tr>`,
    ),
    '</tbody></table>',
  ].join('');
  const t = c.totals;
  const totals = [
    '<table class="totals" id="totals"><tr><th>common</th><th>agree</th>',
    `<th title="${escapeHtml(OPEN_DIFFERENCES_MEANING)}">of which open differences</th>`,
    '<th>disagree</th><th>only in A</th><th>only in B</th></tr>',
    `<tr><td>${t.common}</td><td>${t.agree}</td><td>${t.openDifferences}</td><td>${t.disagree}</td><td>${t.onlyA}</td><td>${t.onlyB}</td></tr></table>`,
  ].join('');
  const links = c.groups.map(
    (g, i) =>
      `<li><a href="#${ids[i] ?? ''}">${escapeHtml(groupTitle(g))}</a> <span class="muted">(${g.cases.length}/${g.common})</span></li>`,
  );
  links.push(`<li><a href="#only-a">Only in A</a> <span class="muted">(${c.onlyA.length})</span></li>`);
  links.push(`<li><a href="#only-b">Only in B</a> <span class="muted">(${c.onlyB.length})</span></li>`);
  return [
    '<header>',
    `<h1 class="verdict verdict-${c.verdict}">${escapeHtml(verdictText(c))}</h1>`,
    reasons,
    runTable,
    `<h2>Totals</h2>${totals}`,
    `<nav aria-label="groups"><h2>Groups</h2><ul>${links.join('')}</ul></nav>`,
    `<p class="muted">Compared at ${escapeHtml(c.comparedAt)}. Same data: comparison.json.</p>`,
    '</header>',
  ].join('');
}

function legend(): string {
  const items = ASPECTS.map((a) => `<dt>${badge(a)}</dt><dd>${escapeHtml(ASPECT_MEANING[a])}</dd>`).join('');
  return [
    '<section id="legend"><h2>Aspects</h2>',
    `<dl class="legend">${items}</dl>`,
    '<p class="muted">Present and null fields, error ids and timestamps are shown, never compared: two conformant targets may differ there.</p>',
    '</section>',
  ].join('');
}

/** A definition row; `differs` marks what the case's aspects point at, so the eye finds it. */
const row = (label: string, valueHtml: string, differs = false): string =>
  `<dt>${escapeHtml(label)}</dt><dd${differs ? ' class="differs"' : ''}>${valueHtml}</dd>`;

const code = (s: string): string => `<code>${escapeHtml(s)}</code>`;
/** The parser drops one newline right after `<pre>`: ours, so a body's own leading newline survives. */
const pre = (s: string, cls?: string): string => `<pre${cls ? ` class="${cls}"` : ''}>\n${escapeHtml(s)}</pre>`;
const list = (items: readonly string[]): string =>
  items.length === 0 ? '<span class="muted">none</span>' : items.map(code).join(', ');

function requestHtml(side: Side): string {
  const r = side.case.request;
  let body: string;
  if (side.body !== null) {
    body =
      side.body === ''
        ? '<span class="muted">(empty)</span>'
        : `${pre(side.body)}<span class="muted">${r.bytes} bytes</span>`;
  } else {
    // A long body the log kept only as its head, and that could not be regenerated from the seed.
    body = `${pre(r.head ?? r.body ?? '')}<span class="muted">(${r.bytes} bytes, body not kept)</span>`;
  }
  return [
    '<h5>request</h5><dl class="kv">',
    row('line', code(`${r.method} ${r.path}`)),
    row('content type', code(r.contentType ?? '—')),
    row('auth', code(r.auth)),
    row('body', body),
    '</dl>',
  ].join('');
}

function violationsHtml(side: Side, differs: boolean): string {
  const items = side.case.violations.map(
    (v) => `<li>${code(`${v.check} · ${v.key}`)}${v.known ? ' <span class="known">known</span>' : ''}</li>`,
  );
  const inner =
    items.length === 0 ? '<span class="muted">none</span>' : `<ul class="violations">${items.join('')}</ul>`;
  return `<h5>violations</h5><div${differs ? ' class="differs"' : ''}>${inner}</div>`;
}

function responseHtml(side: Side, aspects: ReadonlySet<Aspect>): string {
  const r = side.case.response;
  const errors = r.errors.map((e) => `${code(e.code ?? '(no code)')} · ${code(e.field ?? '(no field)')}`);
  const errorsDiffer = aspects.has('error-code') || aspects.has('error-field');
  return [
    '<h5>response</h5><dl class="kv">',
    row('status', code(String(r.status)), aspects.has('acceptance') || aspects.has('status-class')),
    row('content type', code(r.contentType ?? '—')),
    row(
      'errors (code · field)',
      errors.length === 0 ? '<span class="muted">none</span>' : errors.join('<br>'),
      errorsDiffer,
    ),
    row('present fields', list(r.present)),
    row('null fields', list(r.nulls)),
    r.readBack === undefined ? '' : row('read-back status', code(String(r.readBack))),
    '</dl>',
  ].join('');
}

function sideHtml(name: 'A' | 'B', run: RunDescription, side: Side, aspects: ReadonlySet<Aspect>): string {
  return [
    `<div class="side side-${name.toLowerCase()}">`,
    `<h4>${name} · ${escapeHtml(runLabel(run))}</h4>`,
    `<p class="answer">${escapeHtml(side.answer)}</p>`,
    requestHtml(side),
    violationsHtml(side, aspects.has('violations')),
    responseHtml(side, aspects),
    `<h5>curl</h5>${pre(side.curl, 'command curl')}`,
    `<h5>replay</h5>${pre(side.replay, 'command replay')}`,
    '</div>',
  ].join('');
}

function caseHtml(c: Comparison, d: CaseDifference): string {
  const aspects = new Set(d.aspects);
  return [
    '<article class="case">',
    `<h3>${escapeHtml(d.id)}</h3>`,
    `<p class="sent">sent: ${code(d.sent)} ${d.aspects.map((a) => badge(a)).join(' ')}</p>`,
    '<div class="sides">',
    sideHtml('A', c.a, d.a, aspects),
    sideHtml('B', c.b, d.b, aspects),
    '</div></article>',
  ].join('');
}

function groupHtml(c: Comparison, g: Group, id: string): string {
  const open = g.cases.length <= OPEN_GROUP_MAX ? ' open' : '';
  return [
    `<details class="group" id="${id}"${open}>`,
    `<summary><h2>${escapeHtml(groupTitle(g))}</h2>`,
    `<span class="muted">${plural(g.cases.length, 'case disagrees', 'cases disagree')} of ${g.common} in common</span> `,
    `${groupBadges(g)}</summary>`,
    ...g.cases.slice(0, GROUP_CASES_MAX).map((d) => caseHtml(c, d)),
    g.cases.length > GROUP_CASES_MAX
      ? `<p class="muted more-cases">…and ${g.cases.length - GROUP_CASES_MAX} more cases of this group in comparison.json.</p>`
      : '',
    '</details>',
  ].join('');
}

function oneSidedHtml(which: 'A' | 'B', cases: readonly OneSided[]): string {
  const id = `only-${which.toLowerCase()}`;
  const shown = cases.slice(0, ONE_SIDED_ROWS_MAX);
  const open = cases.length > 0 && cases.length <= OPEN_GROUP_MAX ? ' open' : '';
  const body =
    cases.length === 0
      ? '<p class="muted">None.</p>'
      : [
          '<table class="one-sided"><thead><tr><th>id</th><th>method</th><th>family</th><th>sent</th><th>answer</th></tr></thead><tbody>',
          ...shown.map(
            (o) =>
              `<tr><td>${code(o.id)}</td><td>${escapeHtml(o.method)}</td><td>${escapeHtml(o.family)}</td><td>${escapeHtml(o.sent)}</td><td>${code(o.answer)}</td></tr>`,
          ),
          '</tbody></table>',
          cases.length > shown.length
            ? `<p class="muted">…and ${cases.length - shown.length} more in comparison.json.</p>`
            : '',
        ].join('');
  return [
    `<details class="one-sided" id="${id}"${open}>`,
    `<summary><h2>Only in ${which} (${cases.length})</h2></summary>`,
    body,
    '</details>',
  ].join('');
}

/** The whole page. */
export function comparisonHtml(c: Comparison): string {
  const ids = groupIds(c.groups);
  const title = `${verdictText(c)} — ${runLabel(c.a)} vs ${runLabel(c.b)}`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No script, no network: the page is data from a target, shown as text.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    header(c, ids),
    legend(),
    '<main>',
    c.groups.length === 0 ? '<p class="muted">No disagreeing case.</p>' : '',
    ...c.groups.map((g, i) => groupHtml(c, g, ids[i] ?? '')),
    '<section id="one-sided">',
    oneSidedHtml('A', c.onlyA),
    oneSidedHtml('B', c.onlyB),
    '</section></main></body></html>',
    '',
  ].join('\n');
}
