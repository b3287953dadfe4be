/**
 * Known deviations: the committed file in which a team lists what the real vendor does differently
 * from its page and that it has accepted, knowingly (ESLint's bulk suppressions, PHPStan's baseline,
 * Schemathesis's known findings). A run whose violations are all listed passes and still lists them;
 * one that is not listed fails; a listed one that no longer occurs is stale and says how to prune it.
 *
 * An entry names a deviation by what does not depend on the generated values: the check, the method
 * (or `*` for every method) and the violation's `key` (suite/checks/define.ts: the rule or schema
 * keyword with the field or JSON pointer it concerns, or the HTTP status). This module is pure: it
 * parses, matches, updates and prints the file; reading and writing it is the CLI's (cli/baseline.ts).
 */
import fs from 'node:fs';
import path from 'node:path';

/** Where the file is looked for when CONFORMANCE_BASELINE is unset: the repository root (the working directory). */
export { DEFAULT_BASELINE_FILE } from '../model/variables';
import { DEFAULT_BASELINE_FILE } from '../model/variables';
/** Written into new entries by --update-baseline; the report shows it until someone writes the reason. */
export const REASON_TO_WRITE = 'TODO: why the team accepts this deviation (who agreed, ticket, link)';
export const PRUNE_COMMAND = 'npm run conformance -- --prune-baseline';
export const UPDATE_COMMAND = 'npm run conformance -- --update-baseline';
/** Every method: an entry that applies to the deviation whichever method's test meets it. */
export const ANY_METHOD = '*';

/** What identifies a deviation, whatever values the generators drew. */
export interface Deviation {
  check: string;
  /** The identification method of the test that met it, or `*` in an entry. */
  method: string;
  key: string;
}

export interface BaselineEntry extends Deviation {
  /** Cases that showed it in the run that recorded it (information for the reviewer, not a threshold). */
  cases: number;
  reason: string;
  /** The day it was recorded, YYYY-MM-DD. */
  since: string;
  /** From this day on (YYYY-MM-DD) the entry no longer excuses the deviation: it counts as new again. */
  expires?: string;
}

export interface Baseline {
  /** As given (CONFORMANCE_BASELINE) or the default file name; for messages. */
  file: string;
  entries: BaselineEntry[];
}

/** A baseline the run cannot use: exit 2 before any request is sent, naming the entry and the fix. */
export class BaselineError extends Error {
  override name = 'BaselineError';
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (value: unknown): value is string =>
  typeof value === 'string' && DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
const ENTRY_KEYS: ReadonlySet<string> = new Set(['check', 'method', 'key', 'cases', 'reason', 'since', 'expires']);

/** A path as messages show it: relative inside the working directory, absolute outside it. */
export function shownPath(file: string, cwd = process.cwd()): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') ? relative : file;
}

/** Today as YYYY-MM-DD (UTC), the form of `since` and `expires`. */
export const today = (now = new Date()): string => now.toISOString().slice(0, 10);

/**
 * The file to use: CONFORMANCE_BASELINE as given (it must exist, except when `forWriting`), else
 * conformance.baseline.json in `cwd` if present, else none.
 */
export function baselineFile(configured: string | null, cwd: string, forWriting = false): string | null {
  if (configured !== null) {
    const full = path.resolve(cwd, configured);
    if (!forWriting && !fs.existsSync(full)) {
      throw new BaselineError(
        `CONFORMANCE_BASELINE names ${configured}, which does not exist. Fix: correct the path, create it with \`${UPDATE_COMMAND}\`, or unset CONFORMANCE_BASELINE`,
      );
    }
    return full;
  }
  const fallback = path.join(cwd, DEFAULT_BASELINE_FILE);
  return forWriting || fs.existsSync(fallback) ? fallback : null;
}

/**
 * Parses and validates a baseline; throws BaselineError naming the entry (its index and, where it
 * has them, check and key) and the fix. `isCheck` tells registered check ids; `methods` the
 * identification methods.
 */
export function parseBaseline(
  text: string,
  file: string,
  isCheck: (id: string) => boolean,
  methods: readonly string[],
): Baseline {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(
      `${file} is not JSON (${(error as Error).message}). Fix: repair it by hand, or delete it and run \`${UPDATE_COMMAND}\``,
    );
  }
  const deviations = (json as { deviations?: unknown } | null)?.deviations;
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !Array.isArray(deviations)) {
    throw new BaselineError(
      `${file} must be an object {"deviations": [ … ]}. Fix: see README "Living with a vendor that differs from its page"`,
    );
  }
  const entries: BaselineEntry[] = [];
  const seen = new Set<string>();
  deviations.forEach((raw: unknown, index) => {
    const where = (e: Partial<Record<string, unknown>>): string =>
      `${file}: deviations[${index}]${typeof e.check === 'string' ? ` (${e.check}${typeof e.key === 'string' ? `: ${e.key}` : ''})` : ''}`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw new BaselineError(`${where({})} is not an object`);
    const e = raw as Partial<Record<string, unknown>>;
    const problem = (text: string, fix: string): BaselineError => new BaselineError(`${where(e)} ${text}. Fix: ${fix}`);
    const unknownKeys = Object.keys(e).filter((k) => !ENTRY_KEYS.has(k));
    if (unknownKeys.length > 0)
      throw problem(`has unknown field(s) ${unknownKeys.join(', ')}`, `keep only ${[...ENTRY_KEYS].join(', ')}`);
    if (typeof e.check !== 'string' || !isCheck(e.check))
      throw problem(
        `names no known check (${JSON.stringify(e.check)})`,
        'use a check id from the README table "What each check means", or remove the entry',
      );
    if (typeof e.method !== 'string' || (e.method !== ANY_METHOD && !methods.includes(e.method)))
      throw problem(`has method ${JSON.stringify(e.method)}`, `use one of ${methods.join(', ')} or "${ANY_METHOD}"`);
    if (typeof e.key !== 'string' || e.key.trim() === '')
      throw problem(
        'has no key',
        'copy the key from reports/conformance.json ("new" list), or re-record it with --update-baseline',
      );
    if (typeof e.cases !== 'number' || !Number.isInteger(e.cases) || e.cases < 0)
      throw problem(`has cases ${JSON.stringify(e.cases)}`, 'a whole number (the cases seen when it was recorded)');
    if (typeof e.reason !== 'string') throw problem('has no reason', 'write why the team accepts this deviation');
    if (!isDay(e.since)) throw problem(`has since ${JSON.stringify(e.since)}`, 'a day as YYYY-MM-DD');
    if (e.expires !== undefined && !isDay(e.expires))
      throw problem(`has expires ${JSON.stringify(e.expires)}`, 'a day as YYYY-MM-DD, or leave it out');
    const id = identity(e as unknown as Deviation);
    if (seen.has(id)) throw problem('is listed twice', 'keep one of the two entries');
    seen.add(id);
    // Every field was validated above.
    entries.push(inFileOrder(e as unknown as BaselineEntry));
  });
  return { file, entries };
}

const identity = (d: Deviation): string => `${d.check}\u0000${d.method}\u0000${d.key}`;

/** The entry that lists the deviation (one for its method first, then a `*` one), or undefined. */
export function findEntry(entries: readonly BaselineEntry[], deviation: Deviation): BaselineEntry | undefined {
  const same = (e: BaselineEntry): boolean => e.check === deviation.check && e.key === deviation.key;
  return (
    entries.find((e) => same(e) && e.method === deviation.method) ??
    entries.find((e) => same(e) && e.method === ANY_METHOD)
  );
}

/** An entry is expired from its `expires` day on. */
export const isExpired = (entry: BaselineEntry, day: string): boolean =>
  entry.expires !== undefined && entry.expires <= day;

/** Entries in file order: check, method, key; so the file diffs cleanly whatever order a run met them in. */
export function sortEntries(entries: readonly BaselineEntry[]): BaselineEntry[] {
  const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...entries].sort((a, b) => order(a.check, b.check) || order(a.method, b.method) || order(a.key, b.key));
}

/** An entry with its fields in the file's order (and nothing else): what parse returns and serialize writes. */
const inFileOrder = (e: BaselineEntry): BaselineEntry => ({
  check: e.check,
  method: e.method,
  key: e.key,
  cases: e.cases,
  reason: e.reason,
  since: e.since,
  ...(e.expires === undefined ? {} : { expires: e.expires }),
});

/** The file's text: sorted entries, fields in one order, two-space indent, a final newline. */
export function serializeBaseline(entries: readonly BaselineEntry[]): string {
  const deviations = sortEntries(entries).map(inFileOrder);
  return `${JSON.stringify({ deviations }, null, 2)}\n`;
}

/** A deviation as one run met it: how many cases showed it. */
export interface Occurrence extends Deviation {
  cases: number;
}

/**
 * --update-baseline: every occurrence gets an entry. An occurrence an entry already lists keeps that
 * entry (its reason, since, expires and method, `*` included) with the run's case count; the others
 * are added with REASON_TO_WRITE, as one `*` entry when every method met them. Entries this run did
 * not meet stay (pruning is its own command).
 */
export function updateBaseline(
  entries: readonly BaselineEntry[],
  occurred: readonly Occurrence[],
  day: string,
  methods: readonly string[],
): { entries: BaselineEntry[]; added: BaselineEntry[] } {
  const next = new Map(entries.map((e) => [identity(e), { ...e }]));
  const unlisted = new Map<string, Occurrence[]>();
  const counted = new Set<string>();
  for (const o of occurred) {
    const listed = findEntry([...next.values()], o);
    if (!listed) {
      const group = `${o.check}\u0000${o.key}`;
      unlisted.set(group, [...(unlisted.get(group) ?? []), o]);
      continue;
    }
    // A `*` entry counts the cases of every method; its first occurrence in this run resets the count.
    const id = identity(listed);
    listed.cases = (counted.has(id) ? listed.cases : 0) + o.cases;
    counted.add(id);
  }
  const added: BaselineEntry[] = [];
  for (const group of unlisted.values()) {
    // Met under every method: one `*` entry says so, and reads as one decision in review.
    const everyMethod = methods.length > 1 && methods.every((m) => group.some((o) => o.method === m));
    const fresh = everyMethod
      ? [{ ...group[0], method: ANY_METHOD, cases: group.reduce((sum, o) => sum + o.cases, 0) } as Occurrence]
      : group;
    for (const o of fresh) {
      const entry: BaselineEntry = {
        check: o.check,
        method: o.method,
        key: o.key,
        cases: o.cases,
        reason: REASON_TO_WRITE,
        since: day,
      };
      next.set(identity(entry), entry);
      added.push(entry);
    }
  }
  return { entries: sortEntries([...next.values()]), added: sortEntries(added) };
}

/** --prune-baseline: drops the entries that no occurrence of this run matches. */
export function pruneBaseline(
  entries: readonly BaselineEntry[],
  occurred: readonly Deviation[],
): { entries: BaselineEntry[]; removed: BaselineEntry[] } {
  const met = new Set<string>();
  for (const o of occurred) {
    const entry = findEntry(entries, o);
    if (entry) met.add(identity(entry));
  }
  const kept = entries.filter((e) => met.has(identity(e)));
  return { entries: sortEntries(kept), removed: entries.filter((e) => !met.has(identity(e))) };
}

/** Entries no occurrence matched: stale, listed with the prune command. */
export function staleEntries(entries: readonly BaselineEntry[], occurred: readonly Deviation[]): BaselineEntry[] {
  return pruneBaseline(entries, occurred).removed;
}
