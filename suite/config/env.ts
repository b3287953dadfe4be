/**
 * Configuration from the environment and dotenv files, validated before any request is sent.
 * Every problem names the variable and the fix, because the person reading it is usually looking
 * at a CI log, not at this file.
 */
import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { ConfigError, defaultOf, read, REMOTE_MAX_RPS, variablesOf } from '../model/variables';

export const PRODUCTION_HOSTS = ['api.solarisbank.de', 'auth.solarisbank.de'];
/** What the embedded sandbox accepts unless SANDBOX_CLIENT_ID / SANDBOX_CLIENT_SECRET say otherwise. */
export const SANDBOX_DEFAULT_CLIENT_ID = defaultOf('SANDBOX_CLIENT_ID');
export const SANDBOX_DEFAULT_CLIENT_SECRET = defaultOf('SANDBOX_CLIENT_SECRET');
export const SANDBOX_DEFAULT_PORT = defaultOf('SANDBOX_PORT');

/** The defaults live in the variable table (suite/model/variables.ts); these names are for the suite's code. */
export const DEFAULTS = {
  runs: defaultOf('CONFORMANCE_RUNS'),
  concurrency: defaultOf('CONFORMANCE_CONCURRENCY'),
  timeoutMs: defaultOf('CONFORMANCE_TIMEOUT_MS'),
  /** For hosts other than loopback: polite by default, since every accepted POST creates a real resource. */
  remoteMaxRps: REMOTE_MAX_RPS,
  shrinkTimeMs: defaultOf('CONFORMANCE_SHRINK_MS'),
} as const;

// ConfigError lives with the variable table, where the sandbox can use it too; the suite imports it from here.
export { ConfigError };

export interface SuiteConfig {
  /** The API base URL, without a trailing slash. */
  baseUrl: string;
  authUrl: string;
  clientId: string;
  clientSecret: string;
  personId: string | null;
  sessionId: string | null;
  envName: string | null;
  /** True when the suite starts the embedded sandbox itself (no SOLARIS_BASE_URL configured). */
  embeddedSandbox: boolean;
  sandboxPort: number;
  runs: number;
  seed: number;
  concurrency: number;
  maxRps: number | null;
  timeoutMs: number;
  /** Set only by the self-test and for replays: a fast-check path inside the grep'd property. */
  replayPath: string | null;
  /** Shrinking sends one request at a time; this bounds it per failing test (0: report failures unshrunk). */
  shrinkTimeMs: number;
}

/**
 * Loads `.env` and `.env.<CONFORMANCE_ENV>` into process.env without overriding what the shell set,
 * so CI secrets always win over files. Profile values win over `.env`.
 */
export function loadDotenv(cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): string[] {
  const loaded: string[] = [];
  const profile = read('CONFORMANCE_ENV', env);
  const files = [profile ? `.env.${profile}` : null, '.env'].filter((f): f is string => f !== null);
  for (const file of files) {
    const full = path.join(cwd, file);
    if (!fs.existsSync(full)) continue;
    const parsed = dotenv.parse(fs.readFileSync(full));
    for (const [key, value] of Object.entries(parsed)) if (env[key] === undefined) env[key] = value;
    loaded.push(file);
  }
  if (profile && !loaded.includes(`.env.${profile}`)) {
    throw new ConfigError(
      'CONFORMANCE_ENV',
      `profile "${profile}" has no file .env.${profile}`,
      `create .env.${profile} (see .env.${profile}.example or .env.example) or unset CONFORMANCE_ENV`,
    );
  }
  return loaded;
}

export const isLoopback = (host: string): boolean =>
  host === 'localhost' || host === '[::1]' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);

/**
 * Validates the environment into a SuiteConfig; throws ConfigError on the first problem. Every variable
 * the suite reads is validated here, those SuiteConfig does not carry (CONFORMANCE_WORKERS, ...) too,
 * so that `npm run conformance` refuses a bad one before Playwright starts.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): SuiteConfig {
  const sandboxPort = read('SANDBOX_PORT', env);
  if (sandboxPort === 0) {
    // The sandbox CLI takes 0 for "any free port", but the suite must know its target's URL up front.
    const fix = 'unset SANDBOX_PORT to let the suite pick a free port, or set a port from 1 to 65535';
    throw new ConfigError('SANDBOX_PORT', '"0" (any free port) works for npm run sandbox only', fix);
  }
  const configured = read('SOLARIS_BASE_URL', env);
  const embeddedSandbox = configured === null;
  const base = configured ?? new URL(`http://127.0.0.1:${sandboxPort}`);
  const baseUrl = base.toString().replace(/\/+$/, '');

  const authUrl = read('SOLARIS_AUTH_URL', env)?.toString() ?? `${baseUrl}/oauth2/token`;

  const allowProduction = read('CONFORMANCE_ALLOW_PRODUCTION', env);
  for (const [variable, value] of [
    ['SOLARIS_BASE_URL', baseUrl],
    ['SOLARIS_AUTH_URL', authUrl],
  ] as const) {
    const host = new URL(value).hostname;
    if (PRODUCTION_HOSTS.includes(host) && !allowProduction) {
      throw new ConfigError(
        variable,
        `${host} is a production host; every accepted request creates a real identification`,
        'point the suite at the sandbox or staging, or set CONFORMANCE_ALLOW_PRODUCTION=yes if you really mean production',
      );
    }
  }

  // With the embedded sandbox, its own credentials unless SOLARIS_* name others.
  const clientId = read('SOLARIS_CLIENT_ID', env) ?? (embeddedSandbox ? read('SANDBOX_CLIENT_ID', env) : null);
  const clientSecret =
    read('SOLARIS_CLIENT_SECRET', env) ?? (embeddedSandbox ? read('SANDBOX_CLIENT_SECRET', env) : null);
  if (clientId === null)
    throw new ConfigError(
      'SOLARIS_CLIENT_ID',
      'is required with a real target',
      'set SOLARIS_CLIENT_ID to your OAuth2 client id (in .env or as a CI secret)',
    );
  if (clientSecret === null)
    throw new ConfigError(
      'SOLARIS_CLIENT_SECRET',
      'is required with a real target',
      'set SOLARIS_CLIENT_SECRET to your OAuth2 client secret (in .env or as a CI secret; never commit it)',
    );

  const personId = read('SOLARIS_PERSON_ID', env);
  const sessionId = read('SOLARIS_IDENTIFICATION_SESSION_ID', env);
  if (sessionId !== null && personId === null) {
    throw new ConfigError(
      'SOLARIS_PERSON_ID',
      'is unset while SOLARIS_IDENTIFICATION_SESSION_ID is set',
      'set the person the session belongs to, or unset both to let the suite provision them',
    );
  }

  const seed = read('CONFORMANCE_SEED', env) ?? randomSeed();
  const maxRps = read('CONFORMANCE_MAX_RPS', env) ?? (isLoopback(base.hostname) ? null : DEFAULTS.remoteMaxRps);

  const config: SuiteConfig = {
    baseUrl,
    authUrl,
    clientId,
    clientSecret,
    personId,
    sessionId,
    envName: read('CONFORMANCE_ENV', env),
    embeddedSandbox,
    sandboxPort,
    runs: read('CONFORMANCE_RUNS', env),
    seed,
    concurrency: read('CONFORMANCE_CONCURRENCY', env),
    maxRps,
    timeoutMs: read('CONFORMANCE_TIMEOUT_MS', env),
    replayPath: read('CONFORMANCE_REPLAY_PATH', env),
    shrinkTimeMs: read('CONFORMANCE_SHRINK_MS', env),
  };
  // The suite's variables that SuiteConfig does not carry (workers, report folder, baseline), and any
  // added to the table later: a bad value ends the run here rather than in whoever reads it later.
  for (const name of variablesOf('suite')) read(name, env);
  return config;
}

export const randomSeed = (): number => Math.floor(Math.random() * 0x7fffffff);

/** The target as it may appear in reports: origin and path only, never credentials or tokens. */
export const describeTarget = (config: Pick<SuiteConfig, 'baseUrl' | 'embeddedSandbox'>): string =>
  config.embeddedSandbox ? `${config.baseUrl} (embedded sandbox)` : config.baseUrl;

/**
 * Where reports go (default `reports/`). The self-test runs several suites at once and gives each
 * its own folder; users rarely need it.
 */
export const reportDir = (env: NodeJS.ProcessEnv = process.env): string => read('CONFORMANCE_REPORT_DIR', env);
