/**
 * The two renderers of `npm run compare`: comparison.md (a GitHub step summary) and comparison.html,
 * the page QA opens in the morning. Comparisons are built by hand, so these tests judge the
 * formatting alone (compare.ts, which builds them, has its own tests).
 *
 * The HTML is opened in a real browser (Debian's chromium, never a Playwright download) and judged
 * by what is on screen: the verdict, the groups, both sides of a case, no horizontal scrolling with a
 * huge body, a target's `<script>` shown as text.
 */
import fs from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { comparisonHtml, GROUP_CASES_MAX, ONE_SIDED_ROWS_MAX } from '../../../reporters/compare/html';
import { CELL_MAX, comparisonMarkdown } from '../../../reporters/compare/markdown';
import {
  COMPARISON_FORMAT,
  type Aspect,
  type CaseDifference,
  type Comparison,
  type Group,
  type OneSided,
  type RunDescription,
  type Side,
} from '../../../reporters/compare/model';
import type { IdentificationMethod } from '../../../generators/case';
import type { LoggedCase, LoggedRequest, LoggedResponse } from '../../../suite/engine/exchange-log';
import { CHROMIUM, launchChromium, NO_CHROMIUM } from './support';

const XSS = '<script>alert(1)</script>';

// ---------------------------------------------------------------------------------------------
// Fixtures

interface CaseInput {
  method?: IdentificationMethod;
  family?: string;
  index?: number;
  body?: string;
  request?: Partial<LoggedRequest>;
  response?: Partial<LoggedResponse>;
  violations?: LoggedCase['violations'];
}

/** A logged case with plausible defaults: a valid idnow request answered 201. */
function loggedCase(input: CaseInput = {}): LoggedCase {
  const method = input.method ?? 'idnow';
  const family = input.family ?? 'valid';
  const index = input.index ?? 0;
  const title = family === 'valid' ? 'valid requests' : `invalid requests: ${family}`;
  const body = input.body ?? '{"method":"idnow","language":"de"}';
  return {
    id: `${method} / ${title} #${index}`,
    test: [method, title],
    index,
    path: `${index}:0`,
    method,
    family,
    kind: family === 'valid' ? 'valid' : 'invalid',
    rule: family === 'valid' ? null : family,
    field: family === 'valid' ? null : 'iban',
    variant: family === 'valid' ? null : 'too-short',
    probe: null,
    request: {
      method: 'POST',
      path: '/v1/persons/{person_id}/identification_sessions/{identification_session_id}/identifications',
      contentType: 'application/json',
      auth: 'token',
      bytes: Buffer.byteLength(body),
      sha256: '0'.repeat(64),
      body,
      ...input.request,
    },
    response: {
      status: 201,
      contentType: 'application/json',
      errors: [],
      present: ['id', 'method', 'status'],
      nulls: ['reference'],
      ...input.response,
    },
    violations: input.violations ?? [],
  };
}

/** One side of a case: its answer line, curl and replay derived the way compare.ts would. */
function side(c: LoggedCase, answer: string, target: string): Side {
  return {
    case: c,
    answer,
    curl: `curl -sS -X POST '${target}${c.request.path}' -H "Authorization: Bearer $SOLARIS_TOKEN" -H 'content-type: ${c.request.contentType ?? ''}' --data-raw '${c.request.body ?? ''}'`,
    replay: `CONFORMANCE_SEED=7 CONFORMANCE_RUNS=40 CONFORMANCE_REPLAY_PATH=${c.path} npm run conformance -- --grep '${c.test.join(' ')}$'`,
    body: c.request.body ?? null,
  };
}

const SANDBOX = 'http://127.0.0.1:4599';
const STAGING = 'https://api.staging.example';

function difference(a: LoggedCase, b: LoggedCase, aspects: Aspect[], answers: [string, string]): CaseDifference {
  return {
    id: a.id,
    method: a.method,
    family: a.family,
    sent: a.kind === 'valid' ? 'valid' : `invalid ${a.rule ?? ''} · ${a.field ?? ''} · ${a.variant ?? ''}`,
    aspects,
    a: side(a, answers[0], SANDBOX),
    b: side(b, answers[1], STAGING),
  };
}

function group(method: IdentificationMethod, family: string, common: number, cases: CaseDifference[]): Group {
  const aspects: Group['aspects'] = {};
  for (const d of cases) for (const a of d.aspects) aspects[a] = (aspects[a] ?? 0) + 1;
  return { method, family, common, cases, aspects };
}

function run(folder: string, target: string, env: string): RunDescription {
  return {
    folder,
    files: [`${folder}/exchanges.jsonl.gz`],
    target,
    env,
    seed: 7,
    runs: 40,
    shards: [],
    cases: 120,
    startedAt: '2025-01-02T03:04:05.000Z',
  };
}

function oneSided(n: number, method: IdentificationMethod, answer: string): OneSided[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${method} / valid requests #${100 + i}`,
    method,
    family: 'valid',
    sent: 'valid',
    answer,
  }));
}

function comparison(overrides: Partial<Comparison>): Comparison {
  const groups = overrides.groups ?? [];
  const disagree = groups.reduce((n, g) => n + g.cases.length, 0);
  const onlyA = overrides.onlyA ?? [];
  const onlyB = overrides.onlyB ?? [];
  return {
    format: COMPARISON_FORMAT,
    verdict: disagree > 0 ? 'disagree' : 'agree',
    reasons: [],
    a: run('reports-sandbox', SANDBOX, 'sandbox'),
    b: run('reports-staging', STAGING, 'staging'),
    totals: {
      common: 118,
      agree: 118 - disagree,
      disagree,
      onlyA: onlyA.length,
      onlyB: onlyB.length,
      openDifferences: 0,
    },
    groups,
    onlyA,
    onlyB,
    comparedAt: '2025-01-02T09:00:00.000Z',
    ...overrides,
  };
}

/** Two groups, every aspect, one-sided cases on both sides; `extra` lets a test slip in one more case. */
function disagreeing(extra: CaseDifference[] = []): Comparison {
  const ibanA = loggedCase({
    family: 'iban',
    index: 3,
    response: { status: 422, errors: [{ code: 'validation_error', field: 'iban' }], present: [], nulls: [] },
  });
  const ibanB = loggedCase({
    family: 'iban',
    index: 3,
    response: { status: 201 },
    violations: [{ check: 'negative-rejection', key: 'accepted-invalid', known: true }],
  });
  const fieldA = loggedCase({
    family: 'iban',
    index: 5,
    response: { status: 400, errors: [{ code: 'invalid_model', field: 'iban' }], present: [], nulls: [] },
  });
  const fieldB = loggedCase({
    family: 'iban',
    index: 5,
    response: {
      status: 500,
      errors: [{ code: 'internal | error', field: 'bank_account.iban' }],
      present: [],
      nulls: [],
      readBack: 404,
    },
    violations: [{ check: 'status-code', key: '5xx', known: false }],
  });
  const enumA = loggedCase({
    method: 'bank',
    family: 'enum',
    index: 1,
    response: { status: 400, errors: [{ code: 'invalid_value', field: 'language' }], present: [], nulls: [] },
  });
  const enumB = loggedCase({
    method: 'bank',
    family: 'enum',
    index: 1,
    response: { status: 400, errors: [{ code: 'bad_request', field: 'language' }], present: [], nulls: [] },
  });
  const c = comparison({
    groups: [
      group('idnow', 'iban', 40, [
        difference(
          ibanA,
          ibanB,
          ['acceptance', 'violations'],
          ['422 validation_error (iban)', '201 id, method, status'],
        ),
        difference(
          fieldA,
          fieldB,
          ['status-class', 'error-code', 'error-field', 'violations'],
          ['400 invalid_model (iban)', '500 internal | error (bank_account.iban)'],
        ),
        ...extra,
      ]),
      group('bank', 'enum', 30, [
        difference(enumA, enumB, ['error-code'], ['400 invalid_value (language)', '400 bad_request (language)']),
      ]),
    ],
    onlyA: oneSided(2, 'manual', '201 id, method'),
    onlyB: oneSided(1, 'postident', '401 unauthorized'),
  });
  c.totals.openDifferences = 5;
  return c;
}

const agreeing = (): Comparison => comparison({});

const uncomparable = (): Comparison =>
  comparison({
    verdict: 'cannot-compare',
    reasons: ['the seeds differ: A 7, B 8', 'run B replayed one path (CONFORMANCE_REPLAY_PATH=3:0)'],
    totals: { common: 0, agree: 0, disagree: 0, onlyA: 0, onlyB: 0, openDifferences: 0 },
  });

// ---------------------------------------------------------------------------------------------
// Markdown

/** The `|` that delimit cells: a backslash escapes the character after it (GFM's table scanner). */
function delimiters(line: string): number {
  let n = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '|') n++;
  }
  return n;
}

/** Each table of the markdown: consecutive lines starting with `|`. */
function tables(md: string): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const line of md.split('\n')) {
    if (line.startsWith('|')) current.push(line);
    else if (current.length > 0) {
      out.push(current);
      current = [];
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** The cells of a table row, unescaped delimiters only, outer pipes dropped. */
function cells(line: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] ?? '';
    if (ch === '\\') {
      cur += ch + (line[i + 1] ?? '');
      i++;
    } else if (ch === '|') {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  return parts.slice(1).map((c) => c.trim());
}

function expectValidTables(md: string): void {
  const found = tables(md);
  expect(found.length).toBeGreaterThan(0);
  for (const t of found) {
    const [head, separator, ...rows] = t;
    expect(separator, t.join('\n')).toMatch(/^\|(---\|)+$/);
    for (const line of [separator ?? '', ...rows]) expect(delimiters(line), line).toBe(delimiters(head ?? ''));
    for (const line of t) for (const c of cells(line)) expect(c.length, c).toBeLessThanOrEqual(CELL_MAX);
  }
}

test.describe('comparison markdown', () => {
  test('a disagreement: verdict, both runs, group rows, case rows, one-sided counts; valid tables', () => {
    const md = comparisonMarkdown(disagreeing());
    expect(md).toMatch(/^## ❌ 3 cases disagree\n/);
    expect(md).toContain('| folder | reports-sandbox | reports-staging |');
    expect(md).toContain('| target | http://127.0.0.1:4599 | https://api.staging.example |');
    expect(md).toContain('| method | family | disagreeing / common | aspects |');
    expect(md).toContain(
      '| idnow | iban | 2 / 40 | acceptance 1, status-class 1, error-code 1, error-field 1, violations 2 |',
    );
    expect(md).toContain('| bank | enum | 1 / 30 | error-code 1 |');
    expect(md).toContain(
      '| idnow / invalid requests: iban #3 | acceptance, violations | 422 validation\\_error (iban) | 201 id, method, status |',
    );
    expect(md).toContain('| bank / invalid requests: enum #1 | error-code |');
    expect(md).toContain('One-sided cases: 2 only in A, 1 only in B');
    expect(md).toContain('118 cases in common: 115 agree (5 of them open differences: ');
    expect(md).not.toContain('more (see comparison.html)');
    expectValidTables(md);
  });

  test('a `|`, a newline and markup in an answer are escaped; long cells are cut at 200 characters', () => {
    const c = disagreeing();
    const first = c.groups[0]?.cases[0];
    if (!first) throw new Error('fixture has no case');
    first.a.answer = `500 a|b\nsecond line ${XSS} ${'x'.repeat(400)}`;
    const md = comparisonMarkdown(c);
    expect(md).toContain('500 internal \\| error (bank\\_account.iban)');
    expect(md).toContain('500 a\\|b second line \\<script\\>alert(1)\\</script\\> xxx');
    expect(md).not.toContain(XSS);
    expect(md).not.toContain('a|b');
    // Cut, and saying so: the 400 x's do not fit in a 200-character cell.
    expect(md).toMatch(/ x+… \| 201 id, method, status \|\n/);
    expectValidTables(md);
  });

  test('at most maxCases case rows, then "…and N more"', () => {
    const md = comparisonMarkdown(disagreeing(), { maxCases: 1 });
    const caseTable = tables(md).find((t) => t[0]?.startsWith('| case |'));
    expect(caseTable?.length).toBe(3);
    expect(md).toContain('…and 2 more (see comparison.html)');
  });

  test('agree and cannot-compare', () => {
    const agree = comparisonMarkdown(agreeing());
    expect(agree).toMatch(/^## ✅ The two runs agree\n/);
    expect(agree).not.toContain('### Groups');
    expect(agree).not.toContain('### Disagreeing cases');
    expectValidTables(agree);

    const cannot = comparisonMarkdown(uncomparable());
    expect(cannot).toMatch(/^## ⚠️ The two runs cannot be compared\n/);
    expect(cannot).toContain('\n- the seeds differ: A 7, B 8\n');
    expect(cannot).toContain('\n- run B replayed one path (CONFORMANCE\\_REPLAY\\_PATH=3:0)\n');
    expectValidTables(cannot);
  });
});

// ---------------------------------------------------------------------------------------------
// HTML, as a string

test.describe('comparison html (string)', () => {
  test('one-sided tables stop at 500 rows and say how many more are in comparison.json', () => {
    const html = comparisonHtml(comparison({ onlyA: oneSided(ONE_SIDED_ROWS_MAX + 3, 'idnow', '201') }));
    const onlyA = html.slice(html.indexOf('id="only-a"'), html.indexOf('id="only-b"'));
    expect(onlyA.match(/<tr><td>/g)?.length).toBe(ONE_SIDED_ROWS_MAX);
    expect(onlyA).toContain('…and 3 more in comparison.json.');
    expect(onlyA).toContain(`Only in A (${ONE_SIDED_ROWS_MAX + 3})`);
  });

  test('a group shows its first 50 cases and says how many more are in comparison.json', () => {
    const many = Array.from({ length: GROUP_CASES_MAX + 7 }, (_, i) => {
      const a = loggedCase({ method: 'idnow', family: 'enum', index: i, response: { status: 400 } });
      const b = loggedCase({ method: 'idnow', family: 'enum', index: i, response: { status: 200 } });
      return difference(a, b, ['acceptance'], ['400', '200']);
    });
    const html = comparisonHtml(comparison({ groups: [group('idnow', 'enum', 80, many)] }));
    expect(html.match(/<article class="case">/g)?.length).toBe(GROUP_CASES_MAX);
    expect(html).toContain('…and 7 more cases of this group in comparison.json.');
    expect(html).toContain(`${GROUP_CASES_MAX + 7} cases disagree of 80 in common`);
  });

  test('self-contained: no script, no external resource', () => {
    const html = comparisonHtml(disagreeing());
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|url\(/i);
    expect(html).not.toContain(XSS);
  });
});

// ---------------------------------------------------------------------------------------------
// HTML, in a real browser

test.describe('comparison html in chromium', () => {
  // One browser for the file's browser tests, in one worker.
  test.describe.configure({ mode: 'default' });
  test.skip(!fs.existsSync(CHROMIUM), NO_CHROMIUM('comparison.html'));

  let browser: Browser;
  test.beforeAll(async () => {
    browser = await launchChromium();
  });
  test.afterAll(async () => {
    await browser?.close();
  });

  interface Opened {
    page: Page;
    /** Console errors, page errors, dialogs and requests: each must stay empty. */
    problems: string[];
  }

  async function open(c: Comparison): Promise<Opened> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('request', (r) => problems.push(`request: ${r.url()}`));
    await page.setContent(comparisonHtml(c), { waitUntil: 'load' });
    return { page, problems };
  }

  test('a disagreement as QA sees it: verdict, runs, groups, both sides of a case, one-sided tables', async () => {
    const { page, problems } = await open(disagreeing());
    const verdict = page.locator('h1.verdict');
    await expect(verdict).toHaveText('3 cases disagree');
    await expect(verdict).toHaveCSS('background-color', 'rgb(207, 34, 46)');
    await expect(page.locator('#runs')).toContainText('reports-sandbox');
    await expect(page.locator('#runs')).toContainText('https://api.staging.example');
    await expect(page.locator('#totals tr').nth(1).locator('td')).toHaveText(['118', '115', '5', '3', '2', '1']);

    // The header lists the groups as links to their sections.
    const link = page.getByRole('link', { name: 'idnow · iban' });
    await expect(link).toHaveAttribute('href', '#group-idnow-iban');
    await expect(page.getByRole('link', { name: 'bank · enum' })).toHaveAttribute('href', '#group-bank-enum');

    const iban = page.locator('#group-idnow-iban');
    await expect(iban.getByRole('heading', { name: 'idnow · iban' })).toBeVisible();
    await expect(iban.locator('summary')).toContainText('2 cases disagree of 40 in common');
    await expect(iban.locator('summary .badge.aspect-acceptance')).toHaveText('acceptance 1');
    await expect(iban.locator('summary .badge.aspect-violations')).toHaveText('violations 2');

    const theCase = iban.locator('article.case', { hasText: 'idnow / invalid requests: iban #3' });
    await expect(theCase.locator('.sent')).toContainText('invalid iban · iban · too-short');
    const a = theCase.locator('.side-a');
    const b = theCase.locator('.side-b');
    await expect(a.locator('h4')).toHaveText('A · sandbox');
    await expect(b.locator('h4')).toHaveText('B · staging');
    await expect(a.locator('.answer')).toHaveText('422 validation_error (iban)');
    await expect(b.locator('.answer')).toHaveText('201 id, method, status');
    // Side by side: B's column starts right of A's, on the same line.
    const [boxA, boxB] = [await a.boundingBox(), await b.boundingBox()];
    expect(boxB && boxA && boxB.x > boxA.x + boxA.width - 1 && Math.abs(boxB.y - boxA.y) < 2).toBe(true);
    await expect(a).toContainText('POST /v1/persons/{person_id}/identification_sessions/');
    await expect(a).toContainText('{"method":"idnow","language":"de"}');
    await expect(b).toContainText('negative-rejection · accepted-invalid');
    await expect(b.locator('.known')).toHaveText('known');
    await expect(a.locator('pre.curl')).toBeVisible();
    await expect(a.locator('pre.curl')).toContainText(`curl -sS -X POST '${SANDBOX}/v1/persons/`);
    await expect(b.locator('pre.curl')).toContainText(`curl -sS -X POST '${STAGING}/v1/persons/`);
    await expect(b.locator('pre.replay')).toContainText('CONFORMANCE_REPLAY_PATH=3:0 npm run conformance');
    // What the aspects point at is marked on both sides.
    await expect(a.locator('dd.differs')).toContainText('422');

    const other = iban.locator('article.case', { hasText: 'idnow / invalid requests: iban #5' }).locator('.side-b');
    await expect(other).toContainText('internal | error · bank_account.iban');
    await expect(other).toContainText('read-back status');
    await expect(other.locator('.known')).toHaveCount(0);

    const onlyA = page.locator('#only-a');
    await expect(onlyA.getByRole('heading', { name: 'Only in A (2)' })).toBeVisible();
    await expect(onlyA.locator('tbody tr')).toHaveCount(2);
    await expect(onlyA.locator('tbody tr').first()).toContainText('manual / valid requests #100');
    await expect(page.locator('#only-b tbody tr')).toHaveText([/postident \/ valid requests #100.*401 unauthorized/]);

    // The legend explains each aspect.
    await expect(page.locator('#legend')).toContainText('one accepts what the other rejects');
    expect(problems).toEqual([]);
    await page.close();
  });

  test('a group of more than 20 cases starts closed, its summary visible', async () => {
    const many = Array.from({ length: 21 }, (_, i) => {
      const a = loggedCase({ method: 'fourthline', family: 'length', index: i, response: { status: 400 } });
      const b = loggedCase({ method: 'fourthline', family: 'length', index: i, response: { status: 201 } });
      return difference(a, b, ['acceptance'], ['400', '201']);
    });
    const { page, problems } = await open(comparison({ groups: [group('fourthline', 'length', 40, many)] }));
    const details = page.locator('#group-fourthline-length');
    await expect(details).not.toHaveAttribute('open');
    await expect(details.locator('summary')).toBeVisible();
    await expect(details.locator('summary')).toContainText('21 cases disagree of 40 in common');
    await expect(details.locator('article.case').first()).toBeHidden();
    await details.locator('summary').click();
    await expect(details.locator('article.case').first()).toBeVisible();
    expect(problems).toEqual([]);
    await page.close();
  });

  test('no horizontal scrolling at 1280 px, even with a 5,000-character body and every section open', async () => {
    const long = `{"note":"${'A'.repeat(5_000)}"}`;
    const a = loggedCase({ family: 'length', index: 9, body: long, response: { status: 400 } });
    const b = loggedCase({ family: 'length', index: 9, body: long, response: { status: 201 } });
    const big = difference(a, b, ['acceptance'], [`400 ${'e'.repeat(600)}`, '201']);
    // A long body the log kept as its head only (null body): shown as the head with its size.
    const headOnly = loggedCase({
      family: 'length',
      index: 10,
      request: { body: undefined, head: `{"x":"${'B'.repeat(114)}`, bytes: 5_012 },
    });
    const cut = difference(headOnly, headOnly, ['violations'], ['201', '201']);
    cut.a.body = null;
    const c = disagreeing([big, cut]);
    c.onlyA.push({ id: 'x'.repeat(3_000), method: 'idnow', family: 'valid', sent: 'valid', answer: 'y'.repeat(3_000) });
    const { page, problems } = await open(c);
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    await expect(
      page.locator('#group-idnow-iban article.case', { hasText: '#9' }).locator('.side-a pre').first(),
    ).toContainText('AAAA');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    const head = page.locator('article.case', { hasText: '#10' }).locator('.side-a');
    await expect(head).toContainText('(5012 bytes, body not kept)');
    await expect(head).toContainText(`{"x":"BBBB`);
    expect(problems).toEqual([]);
    await page.close();
  });

  test('a <script> in an error code or a body is shown as text, never run', async () => {
    const a = loggedCase({
      family: 'iban',
      index: 4,
      body: `{"iban":"</pre>${XSS}"}`,
      response: { status: 400, errors: [{ code: XSS, field: '<img src=x onerror=alert(2)>' }] },
    });
    const b = loggedCase({ family: 'iban', index: 4, response: { status: 201 } });
    const c = disagreeing([difference(a, b, ['acceptance'], [`400 ${XSS}`, '201'])]);
    c.onlyB.push({ id: XSS, method: 'idnow', family: XSS, sent: XSS, answer: XSS });
    c.reasons.push(XSS);
    const { page, problems } = await open(c);
    const side = page.locator('article.case', { hasText: '#4' }).locator('.side-a');
    await expect(side.locator('.answer')).toHaveText(`400 ${XSS}`);
    await expect(side.getByText(XSS, { exact: true })).toBeVisible();
    await expect(side.getByText('<img src=x onerror=alert(2)>', { exact: true })).toBeVisible();
    await expect(side.locator('pre').first()).toContainText(`{"iban":"</pre>${XSS}"}`);
    await expect(page.locator('#only-b')).toContainText(XSS);
    await expect(page.locator('script')).toHaveCount(0);
    await expect(page.locator('img')).toHaveCount(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  test('agree is green; cannot-compare is grey and lists the reasons', async () => {
    const agree = await open(agreeing());
    await expect(agree.page.locator('h1.verdict')).toHaveText('The two runs agree');
    await expect(agree.page.locator('h1.verdict')).toHaveCSS('background-color', 'rgb(26, 127, 55)');
    await expect(agree.page.getByText('No disagreeing case.')).toBeVisible();
    await expect(agree.page.locator('#only-a')).toContainText('Only in A (0)');
    expect(agree.problems).toEqual([]);
    await agree.page.close();

    const cannot = await open(uncomparable());
    await expect(cannot.page.locator('h1.verdict')).toHaveText('The two runs cannot be compared');
    await expect(cannot.page.locator('h1.verdict')).toHaveCSS('background-color', 'rgb(110, 119, 129)');
    await expect(cannot.page.locator('ul.reasons li')).toHaveText([
      'the seeds differ: A 7, B 8',
      'run B replayed one path (CONFORMANCE_REPLAY_PATH=3:0)',
    ]);
    expect(cannot.problems).toEqual([]);
    await cannot.page.close();
  });
});
