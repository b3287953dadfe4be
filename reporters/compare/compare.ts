/**
 * Two runs made with the same seed and runs count, compared case by case: the same case id names
 * the same request on both targets (suite/engine/exchange-log.ts), so each disagreement is a fact
 * about the targets, not about what was sent. Pure but for reading the logs (loadRun).
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  EXCHANGE_LOG_FILE,
  readExchangeLog,
  type ExchangeLogHeader,
  type LoggedCase,
} from '../../suite/engine/exchange-log';
import { createHash } from 'node:crypto';
import { BodyRegenerator } from '../../suite/engine/regenerate';
import { shellQuote } from '../../suite/evidence/format';
import { grepFor, replayCommand } from '../../suite/engine/replay';
import {
  ASPECTS,
  COMPARISON_FORMAT,
  type Aspect,
  type CaseDifference,
  type Comparison,
  type Group,
  type OneSided,
  type RunDescription,
  type Side,
} from './model';

/** How deep below a folder logs are looked for: `runs/staging/shard-report-2/exchanges.jsonl.gz`. */
const SEARCH_DEPTH = 3;

export interface LoadedRun {
  description: RunDescription;
  headers: ExchangeLogHeader[];
  cases: Map<string, LoggedCase>;
  /** Why this run cannot be compared (no log, shards that do not belong together …). */
  problems: string[];
}

function findLogs(folder: string, depth = SEARCH_DEPTH): string[] {
  if (!fs.existsSync(folder)) return [];
  if (fs.statSync(folder).isFile()) return [folder];
  const found: string[] = [];
  const direct = path.join(folder, EXCHANGE_LOG_FILE);
  if (fs.existsSync(direct)) found.push(direct);
  if (depth === 0) return found;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
    if (entry.isDirectory()) found.push(...findLogs(path.join(folder, entry.name), depth - 1));
  }
  return found;
}

/** Reads every exchange log of a run: one, or one per shard. */
export function loadRun(folder: string): LoadedRun {
  const files = findLogs(folder);
  const problems: string[] = [];
  const headers: ExchangeLogHeader[] = [];
  const cases = new Map<string, LoggedCase>();
  if (!fs.existsSync(folder)) problems.push(`${folder} does not exist`);
  else if (files.length === 0)
    problems.push(
      `${folder} holds no ${EXCHANGE_LOG_FILE} (a run of this suite writes one beside conformance.json; a run that stopped before its first test writes none)`,
    );
  for (const file of files) {
    let log;
    try {
      log = readExchangeLog(file);
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
      continue;
    }
    headers.push(log.header);
    for (const c of log.cases) {
      if (cases.has(c.id)) {
        problems.push(`${file} repeats case ${c.id} of another log of the same run (the same shard given twice?)`);
        break;
      }
      cases.set(c.id, c);
    }
  }
  const first = headers[0];
  for (const h of headers.slice(1)) {
    if (h.seed !== first?.seed || h.runs !== first?.runs)
      problems.push(
        `the logs in ${folder} come from different runs (seed ${first?.seed} runs ${first?.runs} and seed ${h.seed} runs ${h.runs})`,
      );
  }
  for (const h of headers)
    if (h.replayPath !== null)
      problems.push(`${folder} is a replay of one case (CONFORMANCE_REPLAY_PATH=${h.replayPath}), not a run`);
  return {
    description: {
      folder,
      files,
      target: first?.target ?? '?',
      env: first?.env ?? null,
      seed: first?.seed ?? null,
      runs: first?.runs ?? 0,
      shards: headers.flatMap((h) => (h.shard === null ? [] : [`${h.shard.current}/${h.shard.total}`])),
      cases: cases.size,
      startedAt: first?.startedAt ?? null,
    },
    headers,
    cases,
    problems: [...new Set(problems)],
  };
}

const accepted = (c: LoggedCase): boolean => c.response.status >= 200 && c.response.status < 300;
const statusClass = (c: LoggedCase): number => Math.floor(c.response.status / 100);
const sortedList = (values: ReadonlyArray<string | null>): string => JSON.stringify(values.map(String).sort());
const violationSet = (c: LoggedCase): string => sortedList(c.violations.map((v) => `${v.check} · ${v.key}`));

/** Where two answers to the same request differ; empty when they agree. */
export function differences(a: LoggedCase, b: LoggedCase): Aspect[] {
  const found = new Set<Aspect>();
  if (accepted(a) !== accepted(b)) found.add('acceptance');
  else if (statusClass(a) !== statusClass(b)) found.add('status-class');
  if (!accepted(a) && !accepted(b)) {
    if (sortedList(a.response.errors.map((e) => e.code)) !== sortedList(b.response.errors.map((e) => e.code)))
      found.add('error-code');
    if (sortedList(a.response.errors.map((e) => e.field)) !== sortedList(b.response.errors.map((e) => e.field)))
      found.add('error-field');
  }
  if (violationSet(a) !== violationSet(b)) found.add('violations');
  return ASPECTS.filter((x) => found.has(x));
}

const sameFields = (a: LoggedCase, b: LoggedCase): boolean =>
  sortedList(a.response.present) === sortedList(b.response.present) &&
  sortedList(a.response.nulls) === sortedList(b.response.nulls);

/** The same request on both sides, ids aside; otherwise the runs came from different versions of the suite. */
const sameRequest = (a: LoggedCase, b: LoggedCase): boolean =>
  a.request.path === b.request.path &&
  a.request.contentType === b.request.contentType &&
  a.request.auth === b.request.auth &&
  a.request.sha256 === b.request.sha256;

/** What was sent, in one line. */
export function sentLine(c: LoggedCase): string {
  if (c.probe !== null) return `probe ${c.probe}`;
  if (c.kind === 'valid') return 'valid';
  return `invalid ${[c.rule, c.field, c.variant].filter((x) => x !== null).join(' · ')}`;
}

/** What came back, in one line: `400 validation_error @iban`, `200 · 12 fields, 4 null`. */
export function answerLine(c: LoggedCase): string {
  const r = c.response;
  const parts = [String(r.status)];
  if (r.errors.length > 0)
    parts.push(r.errors.map((e) => `${e.code ?? '(no code)'}${e.field === null ? '' : ` @${e.field}`}`).join(', '));
  else if (r.present.length + r.nulls.length > 0) parts.push(`· ${r.present.length} fields, ${r.nulls.length} null`);
  if (r.readBack !== undefined) parts.push(`· read back ${r.readBack}`);
  const fresh = c.violations.filter((v) => !v.known).length;
  const known = c.violations.length - fresh;
  if (fresh > 0) parts.push(`· ${fresh} violation${fresh === 1 ? '' : 's'}`);
  if (known > 0) parts.push(`· ${known} known deviation${known === 1 ? '' : 's'}`);
  return parts.join(' ');
}

/** The provisioned ids of a logged path, as the shell variables the README tells QA to set. */
const SHELL_PLACEHOLDERS: Record<string, string> = {
  '{person_id}': '${SOLARIS_PERSON_ID}',
  '{identification_session_id}': '${SOLARIS_IDENTIFICATION_SESSION_ID}',
  '{other_person_id}': '${OTHER_PERSON_ID}',
};
const baseUrlOf = (target: string): string => target.replace(/\s*\(.*\)\s*$/, '').replace(/\/$/, '');

/** A curl that sends the logged request to the target; the token and the ids come from the shell. */
export function curlFor(c: LoggedCase, target: string, body: string | null): string {
  let urlPath = c.request.path;
  for (const [placeholder, variable] of Object.entries(SHELL_PLACEHOLDERS))
    urlPath = urlPath.split(placeholder).join(variable);
  const lines = [`curl -sS -i -X POST "${baseUrlOf(target)}${urlPath}"`];
  const auth = {
    token: `-H "Authorization: Bearer $SOLARIS_TOKEN"`,
    'no-token': null,
    'malformed-token': `-H 'Authorization: Bearer not a token'`,
    'unknown-token': `-H "Authorization: Bearer $(openssl rand -hex 32)"`,
  }[c.request.auth];
  if (auth !== null) lines.push(auth);
  if (c.request.contentType !== null) lines.push(`-H ${shellQuote(`Content-Type: ${c.request.contentType}`)}`);
  lines.push(`-H ${shellQuote(`X-Conformance-Case: ${c.id}`)}`);
  if (body !== null) lines.push(`--data-binary ${shellQuote(body)}`);
  else lines.push(`--data-binary @body.json  # ${c.request.bytes} bytes, sha256 ${c.request.sha256}`);
  return lines.join(' \\\n  ');
}

function sideOf(c: LoggedCase, run: RunDescription, bodies: BodyRegenerator | null): Side {
  let body = c.request.body ?? null;
  if (body === null && bodies !== null) {
    const drawn = bodies.text(c);
    // Only a body that hashes to what was sent: another suite version would draw another one.
    if (drawn !== null && createHash('sha256').update(drawn, 'utf8').digest('hex') === c.request.sha256) body = drawn;
  }
  return {
    case: c,
    answer: answerLine(c),
    curl: curlFor(c, run.target, body),
    replay: replayCommand({
      seed: run.seed ?? 0,
      runs: run.runs,
      path: c.path === '' ? null : c.path,
      grep: grepFor(c.test),
      envName: run.env,
    }),
    body,
  };
}

const groupKey = (c: Pick<LoggedCase, 'method' | 'family'>): string => `${c.method}\u0000${c.family}`;
const oneSided = (c: LoggedCase): OneSided => ({
  id: c.id,
  method: c.method,
  family: c.family,
  sent: sentLine(c),
  answer: answerLine(c),
});

/** Compares two loaded runs. `now` is the comparison's timestamp (a parameter, so tests can fix it). */
export function compareRuns(a: LoadedRun, b: LoadedRun, now = new Date()): Comparison {
  const reasons = [...a.problems.map((p) => `run A: ${p}`), ...b.problems.map((p) => `run B: ${p}`)];
  const da = a.description;
  const db = b.description;
  if (a.headers.length > 0 && b.headers.length > 0) {
    if (da.seed === null || db.seed === null || da.seed !== db.seed)
      reasons.push(
        `the runs used different seeds (A ${da.seed ?? 'unknown'}, B ${db.seed ?? 'unknown'}): run both with the same CONFORMANCE_SEED`,
      );
    if (da.runs !== db.runs)
      reasons.push(
        `the runs generated different numbers of cases per property (CONFORMANCE_RUNS A ${da.runs}, B ${db.runs}): run both with the same value`,
      );
  }

  const groups = new Map<string, Group>();
  const onlyA: OneSided[] = [];
  const onlyB: OneSided[] = [];
  const sentDifferently: string[] = [];
  let common = 0;
  let disagree = 0;
  let openDifferences = 0;
  const bodiesA = da.seed === null ? null : new BodyRegenerator(da.seed);
  const bodiesB = db.seed === null ? null : new BodyRegenerator(db.seed);
  for (const [id, ca] of a.cases) {
    const cb = b.cases.get(id);
    if (cb === undefined) {
      onlyA.push(oneSided(ca));
      continue;
    }
    common++;
    if (!sameRequest(ca, cb)) {
      sentDifferently.push(id);
      continue;
    }
    const key = groupKey(ca);
    const group = groups.get(key) ?? { method: ca.method, family: ca.family, common: 0, cases: [], aspects: {} };
    groups.set(key, group);
    group.common++;
    const aspects = differences(ca, cb);
    if (aspects.length === 0) {
      if (!sameFields(ca, cb)) openDifferences++;
      continue;
    }
    disagree++;
    for (const aspect of aspects) group.aspects[aspect] = (group.aspects[aspect] ?? 0) + 1;
    group.cases.push({
      id,
      method: ca.method,
      family: ca.family,
      sent: sentLine(ca),
      aspects,
      a: sideOf(ca, da, bodiesA),
      b: sideOf(cb, db, bodiesB),
    });
  }
  for (const [id, cb] of b.cases) if (!a.cases.has(id)) onlyB.push(oneSided(cb));

  if (reasons.length === 0 && sentDifferently.length > 0)
    reasons.push(
      `${sentDifferently.length} of ${common} common cases were sent differently (first: ${sentDifferently[0]}): the runs come from different versions of the suite; compare runs of one version`,
    );
  if (reasons.length === 0 && common === 0)
    reasons.push(
      `the runs share no case (A ${da.cases}, B ${db.cases}): compare the same shard of each, or all shards of both`,
    );

  const byCase = (x: CaseDifference, y: CaseDifference): number =>
    x.a.case.test.join('\u0000').localeCompare(y.a.case.test.join('\u0000')) || x.a.case.index - y.a.case.index;
  const disagreeing = [...groups.values()]
    .filter((g) => g.cases.length > 0)
    .map((g) => ({ ...g, cases: g.cases.sort(byCase) }))
    .sort((x, y) => x.method.localeCompare(y.method) || x.family.localeCompare(y.family));
  const cannot = reasons.length > 0;
  return {
    format: COMPARISON_FORMAT,
    verdict: cannot ? 'cannot-compare' : disagree > 0 ? 'disagree' : 'agree',
    reasons,
    a: da,
    b: db,
    totals: {
      common,
      agree: common - disagree - sentDifferently.length,
      disagree,
      onlyA: onlyA.length,
      onlyB: onlyB.length,
      openDifferences,
    },
    groups: cannot ? [] : disagreeing,
    onlyA: cannot ? [] : onlyA,
    onlyB: cannot ? [] : onlyB,
    comparedAt: now.toISOString(),
  };
}
