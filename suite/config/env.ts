/**
 * Configuration from the environment and dotenv files, validated before any request is sent.
 * Every problem names the variable and the fix, because the person reading it is usually looking
 * at a CI log, not at this file.
 */
import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';

export const PRODUCTION_HOSTS = ['api.solarisbank.de', 'auth.solarisbank.de'];
/** What the embedded sandbox accepts unless SANDBOX_CLIENT_ID / SANDBOX_CLIENT_SECRET say otherwise. */
export const SANDBOX_DEFAULT_CLIENT_ID = 'sandbox-client';
export const SANDBOX_DEFAULT_CLIENT_SECRET = 'sandbox-secret';
export const SANDBOX_DEFAULT_PORT = 4010;

export const DEFAULTS = {
  runs: 40,
  concurrency: 8,
  timeoutMs: 5_000,
  /** For hosts other than loopback: polite by default, since every accepted POST creates a real resource. */
  remoteMaxRps: 25,
  shrinkTimeMs: 30_000,
} as const;

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
  const profile = env.CONFORMANCE_ENV?.trim();
  const files = [profile ? `.env.${profile}` : null, '.env'].filter((f): f is string => f !== null);
  for (const file of files) {
    const full = path.join(cwd, file);
    if (!fs.existsSync(full)) continue;
    const parsed = dotenv.parse(fs.readFileSync(full));
    for (const [key, value] of Object.entries(parsed)) if (env[key] === undefined) env[key] = value;
    loaded.push(file);
  }
  if (profile && !loaded.includes(`.env.${profile}`)) {
    throw new ConfigError('CONFORMANCE_ENV', `profile "${profile}" has no file .env.${profile}`, `create .env.${profile} (see .env.${profile}.example or .env.example) or unset CONFORMANCE_ENV`);
  }
  return loaded;
}

function parseUrl(variable: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(variable, `"${value}" is not a URL`, `set it to an absolute URL such as https://api.solaris-sandbox.de`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(variable, `protocol ${url.protocol} is not supported`, 'use an http:// or https:// URL');
  }
  if (url.username || url.password) {
    throw new ConfigError(variable, 'contains credentials', 'put credentials in SOLARIS_CLIENT_ID / SOLARIS_CLIENT_SECRET, never in a URL');
  }
  return url;
}

function wholeNumber(env: NodeJS.ProcessEnv, variable: string, fallback: number, min: number, max: number): number {
  const raw = env[variable]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(variable, `"${raw}" is not a whole number from ${min} to ${max}`, `set ${variable}=${fallback} or another whole number, or unset it`);
  }
  return Number(raw);
}

const positiveInt = (env: NodeJS.ProcessEnv, variable: string, fallback: number, max = 10_000_000): number => wholeNumber(env, variable, fallback, 1, max);

const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export const isLoopback = (host: string): boolean =>
  host === 'localhost' || host === '[::1]' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);

/** Validates the environment into a SuiteConfig; throws ConfigError on the first problem. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): SuiteConfig {
  const rawBase = env.SOLARIS_BASE_URL?.trim();
  const embeddedSandbox = !rawBase;
  const sandboxPort = positiveInt(env, 'SANDBOX_PORT', SANDBOX_DEFAULT_PORT, 65_535);
  const base = embeddedSandbox ? new URL(`http://127.0.0.1:${sandboxPort}`) : parseUrl('SOLARIS_BASE_URL', rawBase);
  const baseUrl = base.toString().replace(/\/+$/, '');

  const rawAuth = env.SOLARIS_AUTH_URL?.trim();
  const authUrl = rawAuth ? parseUrl('SOLARIS_AUTH_URL', rawAuth).toString() : `${baseUrl}/oauth2/token`;

  const allowProduction = env.CONFORMANCE_ALLOW_PRODUCTION?.trim();
  if (allowProduction !== undefined && allowProduction !== '' && allowProduction !== 'yes') {
    throw new ConfigError('CONFORMANCE_ALLOW_PRODUCTION', `"${allowProduction}" is not "yes"`, 'set it to exactly "yes" to allow a production host, or unset it');
  }
  for (const [variable, value] of [['SOLARIS_BASE_URL', baseUrl], ['SOLARIS_AUTH_URL', authUrl]] as const) {
    const host = new URL(value).hostname;
    if (PRODUCTION_HOSTS.includes(host) && allowProduction !== 'yes') {
      throw new ConfigError(variable, `${host} is a production host; every accepted request creates a real identification`, 'point the suite at the sandbox or staging, or set CONFORMANCE_ALLOW_PRODUCTION=yes if you really mean production');
    }
  }

  let clientId = env.SOLARIS_CLIENT_ID?.trim() ?? '';
  let clientSecret = env.SOLARIS_CLIENT_SECRET?.trim() ?? '';
  if (embeddedSandbox) {
    clientId ||= env.SANDBOX_CLIENT_ID?.trim() || SANDBOX_DEFAULT_CLIENT_ID;
    clientSecret ||= env.SANDBOX_CLIENT_SECRET?.trim() || SANDBOX_DEFAULT_CLIENT_SECRET;
  }
  if (!clientId) throw new ConfigError('SOLARIS_CLIENT_ID', 'is required with a real target', 'set SOLARIS_CLIENT_ID to your OAuth2 client id (in .env or as a CI secret)');
  if (!clientSecret) throw new ConfigError('SOLARIS_CLIENT_SECRET', 'is required with a real target', 'set SOLARIS_CLIENT_SECRET to your OAuth2 client secret (in .env or as a CI secret; never commit it)');

  const personId = env.SOLARIS_PERSON_ID?.trim() || null;
  const sessionId = env.SOLARIS_IDENTIFICATION_SESSION_ID?.trim() || null;
  for (const [variable, value] of [['SOLARIS_PERSON_ID', personId], ['SOLARIS_IDENTIFICATION_SESSION_ID', sessionId]] as const) {
    if (value !== null && !ID_PATTERN.test(value)) throw new ConfigError(variable, `"${value}" does not look like a Solaris id`, 'copy the id exactly (letters and digits, e.g. dc1a6812a14f6cc338cd084208535bcdcper) or unset it to let the suite provision one');
  }
  if (sessionId !== null && personId === null) {
    throw new ConfigError('SOLARIS_PERSON_ID', 'is unset while SOLARIS_IDENTIFICATION_SESSION_ID is set', 'set the person the session belongs to, or unset both to let the suite provision them');
  }

  const rawSeed = env.CONFORMANCE_SEED?.trim();
  let seed: number;
  if (rawSeed === undefined || rawSeed === '') {
    seed = randomSeed();
  } else if (/^-?\d+$/.test(rawSeed) && Number.isSafeInteger(Number(rawSeed)) && Math.abs(Number(rawSeed)) <= 0x7fffffff) {
    seed = Number(rawSeed);
  } else {
    throw new ConfigError('CONFORMANCE_SEED', `"${rawSeed}" is not a 32-bit integer`, 'copy the seed printed by the run you want to replay, or unset it for a random seed');
  }

  const rawRps = env.CONFORMANCE_MAX_RPS?.trim();
  const maxRps = rawRps ? positiveInt(env, 'CONFORMANCE_MAX_RPS', 1) : isLoopback(base.hostname) ? null : DEFAULTS.remoteMaxRps;

  const replayPath = env.CONFORMANCE_REPLAY_PATH?.trim() || null;
  if (replayPath !== null && !/^\d+(:\d+)*$/.test(replayPath)) {
    throw new ConfigError('CONFORMANCE_REPLAY_PATH', `"${replayPath}" is not a fast-check path`, 'copy the path from the replay command of the failure (digits separated by colons)');
  }

  return {
    baseUrl,
    authUrl,
    clientId,
    clientSecret,
    personId,
    sessionId,
    envName: env.CONFORMANCE_ENV?.trim() || null,
    embeddedSandbox,
    sandboxPort,
    runs: positiveInt(env, 'CONFORMANCE_RUNS', DEFAULTS.runs),
    seed,
    concurrency: positiveInt(env, 'CONFORMANCE_CONCURRENCY', DEFAULTS.concurrency, 256),
    maxRps,
    timeoutMs: positiveInt(env, 'CONFORMANCE_TIMEOUT_MS', DEFAULTS.timeoutMs, 600_000),
    replayPath,
    shrinkTimeMs: wholeNumber(env, 'CONFORMANCE_SHRINK_MS', DEFAULTS.shrinkTimeMs, 0, 3_600_000),
  };
}

export const randomSeed = (): number => Math.floor(Math.random() * 0x7fffffff);

/** The target as it may appear in reports: origin and path only, never credentials or tokens. */
export const describeTarget = (config: Pick<SuiteConfig, 'baseUrl' | 'embeddedSandbox'>): string =>
  config.embeddedSandbox ? `${config.baseUrl} (embedded sandbox)` : config.baseUrl;

/**
 * Where reports go (default `reports/`). The self-test runs several suites at once and gives each
 * its own folder; users rarely need it.
 */
export const reportDir = (env: NodeJS.ProcessEnv = process.env): string => env.CONFORMANCE_REPORT_DIR?.trim() || 'reports';
