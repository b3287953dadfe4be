/**
 * Every environment variable the project reads, in one table: its parser, its default and what it
 * means. The suite (suite/config/env.ts), `npm run conformance`, the sandbox CLI, the self-test and
 * the bench all read their variables through `read()`, so a value means the same everywhere and a
 * bad one is refused the same way: a ConfigError naming the variable and the fix, which each entry
 * point turns into exit 2. README.md's configuration tables are this table in prose, and
 * tests/unit/suite/variables.spec.ts fails when the two disagree.
 *
 * It lives in suite/model/ because the sandbox may import nothing else of the suite (eslint.config.js),
 * and so it imports nothing but Node's built-ins and does nothing when it loads.
 *
 * Not here: variables that are not ours to define (CI, PLAYWRIGHT_*), and the handoff the suite sets
 * for its own workers (CONFORMANCE_TARGET_STATE, suite/config/target-state.ts), which no one configures.
 */
import fs from 'node:fs';
import path from 'node:path';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${variable}: ${problem}. Fix: ${fix}`);
    this.name = 'ConfigError';
  }
}

/** Who reads a variable: the suite (`npm run conformance`), `npm run sandbox`, `npm test`, the bench. */
export type Tool = 'suite' | 'sandbox' | 'selftest' | 'bench';

/** What a parser learns besides the value: the variable's name and its default (for the fix it suggests). */
export interface ParseContext {
  name: string;
  fallback: unknown;
}

/** Turns a set value (trimmed, never blank) into what the variable means, or throws a ConfigError. */
export type Parser<T> = (raw: string, context: ParseContext) => T;

export interface Variable<T> {
  readonly parse: Parser<T>;
  /** The value when the variable is unset or blank (a function: some defaults depend on the disk). */
  readonly fallback: () => T;
  /** One line, as README.md's table says it (markdown). */
  readonly meaning: string;
  /** The default as README.md's table says it (markdown); the unit test compares it cell for cell. */
  readonly readmeDefault: string;
  readonly usedBy: readonly Tool[];
}

interface Spec<T, D> {
  parse: Parser<T>;
  fallback: () => D;
  meaning: string;
  readmeDefault: string;
  usedBy: readonly Tool[];
}

/** Two type parameters, so that a parser of URL and a default of null make a Variable<URL | null>. */
const variable = <T, D>(spec: Spec<T, D>): Variable<T | D> => spec;

// ---------------------------------------------------------------------------------------------
// Parsers. Each refuses with the variable's name, what is wrong, and what to do about it.
// ---------------------------------------------------------------------------------------------

/** Control characters are copy-paste accidents (a line break from a secrets file), never meant. */
const isControl = (c: string): boolean => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f;

function refuseControl(raw: string, name: string): void {
  if ([...raw].some(isControl)) {
    // Never echo the value: it may be a secret.
    const fix = `set ${name} again, copied without line breaks or tabs`;
    throw new ConfigError(name, 'contains a control character (a line break or a tab?)', fix);
  }
}

/** Free text (credentials, a profile name). The value is never repeated in a message: it may be a secret. */
const text =
  (): Parser<string> =>
  (raw, { name }) => {
    refuseControl(raw, name);
    return raw;
  };

/** A file or folder path, as given (relative paths stay relative to the working directory). */
const filePath = (): Parser<string> => text();

/** An absolute http(s) URL without credentials. */
const url =
  (): Parser<URL> =>
  (raw, { name }) => {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      const fix = 'set it to an absolute URL such as https://api.solaris-sandbox.de';
      throw new ConfigError(name, `"${raw}" is not a URL`, fix);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw new ConfigError(name, `protocol ${parsed.protocol} is not supported`, 'use an http:// or https:// URL');
    }
    if (parsed.username || parsed.password) {
      const fix = 'put credentials in SOLARIS_CLIENT_ID / SOLARIS_CLIENT_SECRET, never in a URL';
      throw new ConfigError(name, 'contains credentials', fix);
    }
    return parsed;
  };

/** Digits only, within [min, max]: `Number()` alone would take "1e3", "0x10" and, as NaN, "zero". */
const wholeNumber =
  (min: number, max: number): Parser<number> =>
  (raw, { name, fallback }) => {
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      const suggestion = typeof fallback === 'number' ? fallback : min;
      const fix = `set ${name}=${suggestion} or another whole number, or unset it`;
      throw new ConfigError(name, `"${raw}" is not a whole number from ${min} to ${max}`, fix);
    }
    return Number(raw);
  };

/** A fast-check seed: a signed 32-bit integer. */
const seed =
  (fix: string): Parser<number> =>
  (raw, { name }) => {
    const n = Number(raw);
    if (/^-?\d+$/.test(raw) && Number.isSafeInteger(n) && Math.abs(n) <= 0x7fffffff) return n;
    throw new ConfigError(name, `"${raw}" is not a 32-bit integer`, fix);
  };

/** Exactly "yes": a switch that sends real traffic somewhere must not be turned on by "true" or "1" by accident. */
const yes =
  (fix: string): Parser<boolean> =>
  (raw, { name }) => {
    if (raw === 'yes') return true;
    throw new ConfigError(name, `"${raw}" is not "yes"`, fix);
  };

/** An on/off switch for the project's own tools. */
const flag =
  (): Parser<boolean> =>
  (raw, { name }) => {
    if (['1', 'yes', 'true'].includes(raw)) return true;
    if (['0', 'no', 'false'].includes(raw)) return false;
    throw new ConfigError(name, `"${raw}" is neither 1 nor 0`, `set ${name}=1 to turn it on, or unset it`);
  };

/** A Solaris resource id. */
const solarisId =
  (): Parser<string> =>
  (raw, { name }) => {
    if (/^[A-Za-z0-9_-]{1,128}$/.test(raw)) return raw;
    const fix =
      'copy the id exactly (letters and digits, e.g. dc1a6812a14f6cc338cd084208535bcdcper)' +
      ' or unset it to let the suite provision one';
    throw new ConfigError(name, `"${raw}" does not look like a Solaris id`, fix);
  };

/**
 * Comma-separated items, each matching `pattern`; blanks and surrounding spaces are dropped ('a, b'
 * works). Whether each item exists is for the tool that knows them (the sandbox knows its faults).
 */
const commaList =
  (pattern: RegExp, what: string, fix: (name: string) => string): Parser<string[]> =>
  (raw, { name }) => {
    const list = raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    for (const item of list) {
      if (!pattern.test(item)) throw new ConfigError(name, `"${item}" is not ${what}`, fix(name));
    }
    return list;
  };

const names = (example: string): Parser<string[]> =>
  commaList(
    /^[A-Za-z0-9_.-]+$/,
    "a name (letters, digits, '-', '_', '.')",
    (name) => `list names separated by commas, e.g. ${name}=${example}`,
  );

/** `mode` or `mode:N` (`delay:MIN-MAX`); which modes exist is the sandbox's to say (sandbox/chaos.ts). */
const chaosList = (): Parser<string[]> =>
  commaList(
    /^[a-z-]+(:\d+(-\d+)?)?$/,
    'a chaos mode',
    (name) => `list modes separated by commas, each optionally with a number, e.g. ${name}=rate-limit:7,drop:25`,
  );

/** A fast-check path inside one property, as a failure's replay command prints it. */
const replayPath =
  (): Parser<string> =>
  (raw, { name }) => {
    if (/^\d+(:\d+)*$/.test(raw)) return raw;
    const fix = 'copy the path from the replay command of the failure (digits separated by colons)';
    throw new ConfigError(name, `"${raw}" is not a fast-check path`, fix);
  };

// ---------------------------------------------------------------------------------------------
// The table. Its order is the README's: the suite's and the sandbox's variables first, then the
// project's own tools'.
// ---------------------------------------------------------------------------------------------

/** The repository root (this file is suite/model/variables.ts). */
const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** Where CONFORMANCE_BASELINE looks when it is unset. */
export const DEFAULT_BASELINE_FILE = 'conformance.baseline.json';
/** CONFORMANCE_MAX_RPS for hosts other than loopback: every accepted POST creates a real resource. */
export const REMOTE_MAX_RPS = 25;

const none = (): null => null;

export const VARIABLES = {
  SOLARIS_BASE_URL: variable({
    parse: url(),
    fallback: none,
    meaning: 'API base URL of the target',
    readmeDefault: 'unset → the embedded sandbox',
    usedBy: ['suite'],
  }),
  SOLARIS_AUTH_URL: variable({
    parse: url(),
    fallback: none,
    meaning: 'OAuth2 token endpoint',
    readmeDefault: '`${SOLARIS_BASE_URL}/oauth2/token`',
    usedBy: ['suite'],
  }),
  SOLARIS_CLIENT_ID: variable({
    parse: text(),
    fallback: none,
    meaning: 'OAuth2 client id',
    readmeDefault: 'required with a real target; `SANDBOX_CLIENT_ID` with the embedded sandbox',
    usedBy: ['suite'],
  }),
  SOLARIS_CLIENT_SECRET: variable({
    parse: text(),
    fallback: none,
    meaning: 'OAuth2 client secret',
    readmeDefault: 'required with a real target; `SANDBOX_CLIENT_SECRET` with the embedded sandbox',
    usedBy: ['suite'],
  }),
  SOLARIS_PERSON_ID: variable({
    parse: solarisId(),
    fallback: none,
    meaning: 'an existing person to create identifications for',
    readmeDefault: 'unset → provisioned through the API',
    usedBy: ['suite'],
  }),
  SOLARIS_IDENTIFICATION_SESSION_ID: variable({
    parse: solarisId(),
    fallback: none,
    meaning: 'an existing identification session of that person (needs `SOLARIS_PERSON_ID`)',
    readmeDefault: 'unset → provisioned through the API',
    usedBy: ['suite'],
  }),
  CONFORMANCE_ENV: variable({
    parse: text(),
    fallback: none,
    meaning: 'profile name; loads `.env.<name>` (`sandbox`, `staging`)',
    readmeDefault: 'none',
    usedBy: ['suite'],
  }),
  CONFORMANCE_RUNS: variable({
    parse: wholeNumber(1, 10_000_000),
    fallback: () => 40,
    meaning: 'generated cases per property (per method and rule family)',
    readmeDefault: '`40`',
    usedBy: ['suite'],
  }),
  CONFORMANCE_SEED: variable({
    parse: seed('copy the seed printed by the run you want to replay, or unset it for a random seed'),
    // Random, drawn once per run by whoever starts it (suite/config/env.ts randomSeed).
    fallback: none,
    meaning: 'fast-check seed; printed on every run so any run can be replayed',
    readmeDefault: 'random',
    usedBy: ['suite'],
  }),
  CONFORMANCE_CONCURRENCY: variable({
    parse: wholeNumber(1, 256),
    fallback: () => 8,
    meaning: 'requests in flight at most (split across workers)',
    readmeDefault: '`8`',
    usedBy: ['suite'],
  }),
  CONFORMANCE_MAX_RPS: variable({
    parse: wholeNumber(1, 10_000_000),
    // Depends on the target's host: suite/config/env.ts decides.
    fallback: none,
    meaning: 'requests per second at most',
    readmeDefault: `unlimited on loopback, \`${REMOTE_MAX_RPS}\` otherwise`,
    usedBy: ['suite'],
  }),
  CONFORMANCE_TIMEOUT_MS: variable({
    parse: wholeNumber(1, 600_000),
    fallback: () => 5_000,
    meaning: 'per-request timeout',
    readmeDefault: '`5000`',
    usedBy: ['suite'],
  }),
  CONFORMANCE_ALLOW_PRODUCTION: variable({
    parse: yes('set it to exactly "yes" to allow a production host, or unset it'),
    fallback: () => false,
    meaning: 'must be `yes` to send anything to `api.solarisbank.de`',
    readmeDefault: 'refused',
    usedBy: ['suite'],
  }),
  CONFORMANCE_REPLAY_PATH: variable({
    parse: replayPath(),
    fallback: none,
    meaning: "fast-check path of one case to replay (from a failure's replay command)",
    readmeDefault: 'unset',
    usedBy: ['suite'],
  }),
  CONFORMANCE_MAX_UNJUDGED_PERCENT: variable({
    parse: wholeNumber(0, 100),
    fallback: () => 1,
    meaning:
      'cases the target gave no answer to judge after every retry (rate-limited, timed out, dropped) that a run ' +
      'may leave, in per cent of its cases; more ends it with exit 2 naming how many and why',
    readmeDefault: '`1`',
    usedBy: ['suite'],
  }),
  CONFORMANCE_WORKERS: variable({
    parse: wholeNumber(1, 64),
    fallback: () => 2,
    meaning: 'Playwright worker processes (1–64)',
    readmeDefault: '`2`',
    usedBy: ['suite'],
  }),
  CONFORMANCE_SHRINK_MS: variable({
    parse: wholeNumber(0, 3_600_000),
    fallback: () => 30_000,
    meaning: 'time budget for shrinking one failure (`0`: report failures unshrunk)',
    readmeDefault: '`30000`',
    usedBy: ['suite'],
  }),
  CONFORMANCE_REPORT_DIR: variable({
    parse: filePath(),
    fallback: () => 'reports',
    meaning: 'where the reports go',
    readmeDefault: '`reports`',
    usedBy: ['suite', 'bench'],
  }),
  CONFORMANCE_BASELINE: variable({
    // As given: the baseline's loader says when it is missing (and --update-baseline may create it).
    parse: filePath(),
    fallback: (): string | null => {
      const file = path.join(ROOT, DEFAULT_BASELINE_FILE);
      return fs.existsSync(file) ? file : null;
    },
    meaning: 'the known-deviations file',
    readmeDefault: `\`${DEFAULT_BASELINE_FILE}\` at the repository root if present, else none`,
    usedBy: ['suite'],
  }),
  SANDBOX_PORT: variable({
    parse: wholeNumber(0, 65_535),
    // npm run sandbox's port; npm run conformance takes a free one instead when the variable is unset.
    fallback: () => 4010,
    meaning:
      'port of the embedded sandbox (`npm run sandbox`: `0` picks a free one); ' +
      'a busy one ends the run at once with exit 2, naming it',
    readmeDefault: 'a free port from the OS (`npm run sandbox`: `4010`)',
    usedBy: ['suite', 'sandbox'],
  }),
  SANDBOX_FAULTS: variable({
    parse: names('status-201-created,accept-bad-iban'),
    fallback: (): string[] => [],
    meaning: 'comma-separated fault names to inject into the embedded sandbox',
    readmeDefault: 'none',
    usedBy: ['sandbox'],
  }),
  SANDBOX_CHAOS: variable({
    parse: chaosList(),
    fallback: (): string[] => [],
    meaning:
      'comma-separated transport chaos for the embedded sandbox (`rate-limit:7`, `busy:11`, `drop:25`, `hang:25`, ' +
      '`delay:500-2000`, `token-uses:40`): trouble a client must absorb, never a fault',
    readmeDefault: 'none',
    usedBy: ['sandbox'],
  }),
  SANDBOX_FAULT_LOG: variable({
    parse: filePath(),
    fallback: none,
    meaning: "file the embedded sandbox appends each fault's name to when it first fires",
    readmeDefault: 'none',
    usedBy: ['sandbox'],
  }),
  SANDBOX_CLIENT_ID: variable({
    parse: text(),
    fallback: () => 'sandbox-client',
    meaning: 'client id the embedded sandbox accepts',
    readmeDefault: '`sandbox-client`',
    usedBy: ['suite', 'sandbox'],
  }),
  SANDBOX_CLIENT_SECRET: variable({
    parse: text(),
    fallback: () => 'sandbox-secret',
    meaning: 'client secret the embedded sandbox accepts',
    readmeDefault: '`sandbox-secret`',
    usedBy: ['suite', 'sandbox'],
  }),
  SANDBOX_SLOW_EVERY: variable({
    parse: wholeNumber(0, 1_000_000_000),
    fallback: () => 400,
    meaning:
      "every Nth POST to the embedded sandbox's endpoint answers after 1–2 s, " +
      'as the real API now and then does; `0` turns it off',
    readmeDefault: '`400`',
    usedBy: ['sandbox'],
  }),
  SELFTEST_SEED: variable({
    parse: seed("set it to a 32-bit integer, or unset it for the self-test's fixed seed"),
    // Fixed, so that a fault is caught (or not) the same way on every machine.
    fallback: () => 20_261_125,
    meaning: '`npm test`: seed of the suite runs and the fault matrix',
    readmeDefault: '`20261125`',
    usedBy: ['selftest'],
  }),
  SELFTEST_FAULT_RUNS: variable({
    parse: wholeNumber(1, 10_000_000),
    fallback: () => 15,
    meaning: '`npm test`: cases per property in the fault matrix',
    readmeDefault: '`15`',
    usedBy: ['selftest'],
  }),
  SELFTEST_PARALLEL: variable({
    parse: wholeNumber(1, 64),
    fallback: () => 2,
    meaning: "`npm test`: faults judged at a time (the fault matrix's workers)",
    readmeDefault: '`2`',
    usedBy: ['selftest'],
  }),
  SELFTEST_ONLY: variable({
    parse: names('id-reuse,crash-emoji'),
    fallback: none,
    meaning: '`npm test`: comma-separated faults to judge, and nothing else',
    readmeDefault: 'unset → the whole self-test',
    usedBy: ['selftest'],
  }),
  BENCH_IN_RUNNER: variable({
    parse: flag(),
    fallback: () => false,
    meaning: '`1` runs the request-path bench inside a Playwright test (`tests/unit/bench/bench.spec.ts`)',
    readmeDefault: 'off (the test is skipped)',
    usedBy: ['bench'],
  }),
  BENCH_ROUNDS: variable({
    parse: wholeNumber(1, 1_000),
    fallback: () => 5,
    meaning: 'that bench: measured rounds per mode and concurrency',
    readmeDefault: '`5`',
    usedBy: ['bench'],
  }),
  BENCH_ROUND_MS: variable({
    parse: wholeNumber(1, 600_000),
    fallback: () => 1_000,
    meaning: 'that bench: length of one round in milliseconds',
    readmeDefault: '`1000`',
    usedBy: ['bench'],
  }),
  BENCH_STACK_LIMIT: variable({
    parse: wholeNumber(0, 1_000_000),
    fallback: none,
    meaning: 'that bench: `Error.stackTraceLimit` while it measures (what a lower limit would save)',
    readmeDefault: "unset → the runner's",
    usedBy: ['bench'],
  }),
} as const;

export type VariableName = keyof typeof VARIABLES;
/** What `read(name)` returns: the parser's type, or the default's (often null: "unset"). */
export type ValueOf<N extends VariableName> = (typeof VARIABLES)[N] extends Variable<infer T> ? T : never;
/** The table's order, which is the README's. */
export const VARIABLE_NAMES = Object.keys(VARIABLES) as VariableName[];

/** The environment as a plain record, so that a test or a bench can pass its own. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Whether the variable is set to something other than blanks: tells "unset" from "set to the default". */
export const isSet = (name: VariableName, env: Environment = process.env): boolean => (env[name]?.trim() ?? '') !== '';

/** The variable's value, parsed; its default when unset or blank. Throws ConfigError on a bad value. */
export function read<N extends VariableName>(name: N, env: Environment = process.env): ValueOf<N> {
  // Indexing the table with a generic key yields a union of every entry's type; this is the one cast.
  const spec = VARIABLES[name] as unknown as Variable<ValueOf<N>>;
  const raw = env[name]?.trim() ?? '';
  if (raw === '') return spec.fallback();
  return spec.parse(raw, { name, fallback: spec.fallback() });
}

/** The variable's default (what `read` returns when it is unset). */
export const defaultOf = <N extends VariableName>(name: N): ValueOf<N> => read(name, {});

/** The variables a tool reads, in the table's order. */
export const variablesOf = (tool: Tool): VariableName[] =>
  VARIABLE_NAMES.filter((name) => VARIABLES[name].usedBy.includes(tool));

/**
 * An environment for a child run (a suite run of the self-test or of a unit test) that nothing of
 * the caller's shell or `.env` files can reach: every variable the suite and the sandbox read is
 * set to '', not left out, since dotenv never overrides a variable that is set and `read` takes ''
 * for unset (a developer's `.env` cannot point a self-test at staging). Everything else is kept.
 */
export function isolatedEnvironment(base: Environment = process.env): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...base };
  for (const name of [...variablesOf('suite'), ...variablesOf('sandbox')]) env[name] = '';
  return env;
}
