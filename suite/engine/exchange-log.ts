/**
 * The exchange log: one compact line per case a run judged, so that two runs made with the same seed
 * (the sandbox and staging, say) can be compared case by case (`npm run compare`).
 *
 * A case is named by its test and its index in the property (`idnow / valid requests #17`); the
 * same seed and runs count generate the same cases on any target, so that name finds the same
 * request in both runs. A line keeps the request as sent, with the ids the run provisioned shown
 * as placeholders, and the outcome the comparison judges: status, error codes and source fields,
 * which top-level fields came with a value and which came null, and the checks it violated. Never a
 * credential or token: the auth probes are named by their variant, and every line is scrubbed of
 * the run's secrets before it is written.
 *
 * Bounded: a body longer than BODY_INLINE_LIMIT bytes is kept as its length, SHA-256 and first
 * characters only (the comparison regenerates it from the seed when it needs it).
 *
 * Each test writes its lines to `<report dir>/exchanges.parts/` (a worker knows nothing of the
 * others); the conformance reporter joins them, in test order, into one gzipped file at the end.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { IdentificationMethod } from '../../generators/case';
import type { Exchange, Violation } from '../checks/types';
import { redactSecrets } from '../evidence/redact';

export const EXCHANGE_LOG_FORMAT = 'conformance-exchange-log/1';
/** The run's log, beside conformance.json. */
export const EXCHANGE_LOG_FILE = 'exchanges.jsonl.gz';
const PARTS_DIR = 'exchanges.parts';
/** Bodies up to this many bytes are kept whole; longer ones as length, hash and head. */
export const BODY_INLINE_LIMIT = 1024;
const BODY_HEAD_LENGTH = 120;

/** The first line of a log: what the comparison needs to know the two runs are comparable. */
export interface ExchangeLogHeader {
  format: typeof EXCHANGE_LOG_FORMAT;
  seed: number | null;
  /** CONFORMANCE_RUNS of the run: with the seed, it fixes every case. */
  runs: number;
  /** The base URL (never credentials). */
  target: string;
  /** CONFORMANCE_ENV of the run, for the replay commands. */
  env: string | null;
  /** Playwright's --shard of the run; a comparison may join the shards of one run. */
  shard: { current: number; total: number } | null;
  /** Set when the run replayed one path (CONFORMANCE_REPLAY_PATH): such a run is not comparable. */
  replayPath: string | null;
  startedAt: string;
  cases: number;
}

export interface LoggedRequest {
  method: 'POST';
  /** The path with provisioned ids as placeholders ({person_id}, {identification_session_id}, {other_person_id}). */
  path: string;
  contentType: string | null;
  /** How the request was authorised: the suite's token, or the probe's variant (never its value). */
  auth: 'token' | 'no-token' | 'malformed-token' | 'unknown-token';
  bytes: number;
  sha256: string;
  /** The exact body text, when at most BODY_INLINE_LIMIT bytes. */
  body?: string;
  /** The first characters, when the body is longer. */
  head?: string;
}

export interface LoggedError {
  code: string | null;
  field: string | null;
}

export interface LoggedResponse {
  status: number;
  contentType: string | null;
  /** Each error item's code and source.field, in the order sent. */
  errors: LoggedError[];
  /** Top-level fields of a JSON object body with a value (not null), sorted. */
  present: string[];
  /** Top-level fields sent as null, sorted. */
  nulls: string[];
  /** The status of the read-back GET, for the cases whose creation was read back. */
  readBack?: number;
}

export interface LoggedViolation {
  check: string;
  key: string;
  /** Listed in the run's known-deviations file. */
  known: boolean;
}

export interface LoggedCase {
  /** `<method> / <test title> #<index>`: the same on every target for the same seed and runs. */
  id: string;
  /** The test's title path (method, title). */
  test: string[];
  /** Position among the test's cases (generated) or probes. */
  index: number;
  /** The fast-check path that replays the case (CONFORMANCE_REPLAY_PATH); '' for a probe. */
  path: string;
  /** The test's identification method and family (`valid`, a rule family, `auth`, `unknown-resources`). */
  method: IdentificationMethod;
  family: string;
  kind: 'valid' | 'invalid';
  rule: string | null;
  field: string | null;
  variant: string | null;
  /** The probe's kind and variant (`auth: no-token`), null for a generated case. */
  probe: string | null;
  request: LoggedRequest;
  response: LoggedResponse;
  violations: LoggedViolation[];
}

/** Plain ASCII, as it is also the X-Conformance-Case header of the request (suite/http/client.ts). */
export const caseId = (test: readonly string[], index: number): string =>
  `${test.join(' / ')} #${index}`.replace(/[^\x20-\x7e]/g, '?');

/** Where in the run a case sits, and the ids to hide: what a test knows beyond the exchange. */
export interface CasePlace {
  test: readonly string[];
  method: IdentificationMethod;
  family: string;
  /** Provisioned ids and the placeholders that replace them in paths. */
  placeholders: ReadonlyArray<readonly [string, string]>;
}

/** The placeholders of a test's target: its person and session (a probe adds the other person). */
export function targetPlaceholders(target: {
  personId: string;
  sessionId: string;
  otherPersonId?: string | null;
}): Array<[string, string]> {
  const pairs: Array<[string, string]> = [
    [target.personId, '{person_id}'],
    [target.sessionId, '{identification_session_id}'],
  ];
  if (target.otherPersonId) pairs.push([target.otherPersonId, '{other_person_id}']);
  return pairs;
}

function templatePath(url: string, placeholders: CasePlace['placeholders']): string {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    pathname = url;
  }
  // From /v1 on: a base URL's own path prefix differs between targets, the API's path does not.
  const api = pathname.indexOf('/v1/');
  let out = api === -1 ? pathname : pathname.slice(api);
  for (const [value, placeholder] of [...placeholders].sort((a, b) => b[0].length - a[0].length)) {
    if (value === '') continue;
    out = out.split(encodeURIComponent(value)).join(placeholder);
  }
  return out;
}

const mediaType = (value: string | undefined): string | null =>
  value === undefined ? null : (value.split(';')[0]?.trim().toLowerCase() ?? null);

const text = (value: unknown): string | null =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;

function errorsOf(json: unknown): LoggedError[] {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return [];
  const body = json as Record<string, unknown>;
  // The documented envelope, or one bare error item (a fault the checks report; logged all the same).
  const items = Array.isArray(body.errors) ? body.errors : 'code' in body ? [body] : [];
  return items.map((item): LoggedError => {
    const e = (item ?? {}) as { code?: unknown; source?: { field?: unknown } | null };
    return { code: text(e.code), field: text(e.source?.field) };
  });
}

function fieldsOf(json: unknown): { present: string[]; nulls: string[] } {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { present: [], nulls: [] };
  const entries = Object.entries(json as Record<string, unknown>);
  return {
    present: entries
      .filter(([, v]) => v !== null)
      .map(([k]) => k)
      .sort(),
    nulls: entries
      .filter(([, v]) => v === null)
      .map(([k]) => k)
      .sort(),
  };
}

function authOf(exchange: Exchange): LoggedRequest['auth'] {
  return exchange.probe.kind === 'auth' ? exchange.probe.variant : 'token';
}

/** The log line of one judged case (not yet scrubbed of secrets: see ExchangeLog.write). */
export function logEntry(
  exchange: Exchange,
  place: CasePlace,
  index: number,
  fastCheckPath: string,
  violations: ReadonlyArray<{ violation: Violation; known: boolean }>,
): LoggedCase {
  const c = exchange.case;
  const bodyText = exchange.request.bodyText;
  const bytes = Buffer.byteLength(bodyText, 'utf8');
  const request: LoggedRequest = {
    method: 'POST',
    path: templatePath(exchange.request.url, place.placeholders),
    contentType: exchange.request.headers['content-type'] ?? null,
    auth: authOf(exchange),
    bytes,
    sha256: createHash('sha256').update(bodyText, 'utf8').digest('hex'),
    ...(bytes <= BODY_INLINE_LIMIT ? { body: bodyText } : { head: bodyText.slice(0, BODY_HEAD_LENGTH) }),
  };
  const response: LoggedResponse = {
    status: exchange.response.status,
    contentType: mediaType(exchange.response.headers['content-type']),
    errors: errorsOf(exchange.response.json),
    ...fieldsOf(exchange.response.status < 300 ? exchange.response.json : undefined),
    ...(exchange.readBack ? { readBack: exchange.readBack.status } : {}),
  };
  const seen = new Set<string>();
  const logged: LoggedViolation[] = [];
  for (const { violation, known } of violations) {
    const key = `${violation.check}\u0000${violation.key}`;
    if (seen.has(key)) continue;
    seen.add(key);
    logged.push({ check: violation.check, key: violation.key, known });
  }
  logged.sort((a, b) => a.check.localeCompare(b.check) || a.key.localeCompare(b.key));
  return {
    id: caseId(place.test, index),
    test: [...place.test],
    index,
    path: fastCheckPath,
    method: place.method,
    family: place.family,
    kind: c.kind,
    rule: c.rule,
    field: c.field,
    variant: c.kind === 'invalid' ? c.variant : null,
    probe: exchange.probe.kind === 'generated' ? null : `${exchange.probe.kind}: ${exchange.probe.variant}`,
    request,
    response,
    violations: logged,
  };
}

const partsDir = (reportDir: string): string => path.join(reportDir, PARTS_DIR);

/** One test's lines; written once the test has judged its cases. */
export class ExchangeLog {
  private readonly entries: LoggedCase[] = [];

  private constructor(
    readonly place: CasePlace,
    private readonly dir: string,
  ) {}

  /**
   * The test's log, or null when the run opened none (openExchangeLog): a run without the
   * conformance reporter (the self-test's fault matrix) keeps no log and builds no line.
   */
  static forTest(reportDir: string, place: CasePlace): ExchangeLog | null {
    const dir = partsDir(reportDir);
    return fs.existsSync(dir) ? new ExchangeLog(place, dir) : null;
  }

  add(entry: LoggedCase): void {
    this.entries.push(entry);
  }

  get size(): number {
    return this.entries.length;
  }

  /**
   * Writes the test's part, every line scrubbed of the secrets. The part is named after the test's
   * title path, so a retry overwrites its earlier attempt's and the parts sort in test order.
   */
  write(secrets: readonly string[]): void {
    if (this.entries.length === 0) return;
    const lines = [...this.entries]
      .sort((a, b) => a.index - b.index)
      .map((e) => redactSecrets(JSON.stringify(e), secrets));
    const name = `${Buffer.from(this.place.test.join('\u0000'), 'utf8').toString('hex')}.jsonl`;
    fs.writeFileSync(path.join(this.dir, name), `${lines.join('\n')}\n`);
  }
}

/** At the start of a run (the conformance reporter): an empty parts folder; a part left by an earlier run must not join this run's log. */
export function openExchangeLog(reportDir: string): void {
  fs.rmSync(partsDir(reportDir), { recursive: true, force: true });
  fs.mkdirSync(partsDir(reportDir), { recursive: true });
}

/**
 * At the end of a run: joins the tests' parts into `<report dir>/exchanges.jsonl.gz`, in test order,
 * and removes them. Streams: a 100,000-case log never sits in memory. Returns the file and its
 * size, or null when no test wrote a part (a merge of blob reports, a run that stopped before any
 * test), in which case any earlier log is left alone.
 */
export async function joinExchangeParts(
  reportDir: string,
  header: Omit<ExchangeLogHeader, 'format' | 'cases'>,
): Promise<{ file: string; cases: number; bytes: number; rawBytes: number } | null> {
  const dir = partsDir(reportDir);
  if (!fs.existsSync(dir)) return null;
  const parts = fs
    .readdirSync(dir)
    .sort()
    .map((name) => path.join(dir, name));
  if (parts.length === 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    return null;
  }
  // The header counts the cases, so a first pass counts the lines.
  let cases = 0;
  for (const part of parts) {
    const text = fs.readFileSync(part, 'utf8');
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) cases++;
  }
  const full: ExchangeLogHeader = { format: EXCHANGE_LOG_FORMAT, ...header, cases };
  const file = path.join(reportDir, EXCHANGE_LOG_FILE);
  let rawBytes = 0;
  async function* lines(): AsyncGenerator<Buffer> {
    const first = Buffer.from(`${JSON.stringify(full)}\n`, 'utf8');
    rawBytes += first.length;
    yield first;
    for (const part of parts) {
      const bytes = fs.readFileSync(part);
      rawBytes += bytes.length;
      yield bytes;
    }
  }
  await pipeline(lines(), zlib.createGzip(), fs.createWriteStream(file));
  fs.rmSync(dir, { recursive: true, force: true });
  return { file, cases, bytes: fs.statSync(file).size, rawBytes };
}

export interface ExchangeLogFile {
  file: string;
  header: ExchangeLogHeader;
  cases: LoggedCase[];
}

/** Reads a log written by joinExchangeParts; throws with the file's name when it is not one. */
export function readExchangeLog(file: string): ExchangeLogFile {
  const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
  const header = JSON.parse(lines[0] ?? 'null') as ExchangeLogHeader | null;
  if (header === null || header.format !== EXCHANGE_LOG_FORMAT) {
    throw new Error(
      `${file} is not an exchange log of this suite (format ${header?.format ?? 'missing'}, want ${EXCHANGE_LOG_FORMAT})`,
    );
  }
  const cases = lines
    .slice(1)
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as LoggedCase);
  return { file, header, cases };
}
