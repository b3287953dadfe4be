/**
 * The requests the bench sends and the three ways it sends them. Every path sends the same bytes
 * with the same headers to the same URL, so the only difference measured is the client.
 */
import fc from 'fast-check';
import { request as publicRequest, type APIRequestContext } from '@playwright/test';
import {
  IDENTIFICATION_METHODS,
  invalidCase,
  requestText,
  validCase,
  type IdentificationMethod,
  type RequestCase,
} from '../generators';
import { SESSION_METHODS } from '../schemas/contract';
import { judge } from '../suite/checks/registry';
import type { CheckId, Exchange, ReceivedResponse, TargetContext } from '../suite/checks/types';
import { readConfig, type SuiteConfig } from '../suite/config/env';
import { createdId, identificationsPath, sendCase } from '../suite/engine/send';
import { StatsCollector } from '../suite/engine/stats';
import { ApiClient, REDACTED_BEARER, type Token } from '../suite/http/client';
import { Limiter } from '../suite/http/limiter';
import type { SandboxInfo } from './sandbox-host';

/** A mix like the suite's: per method, valid cases and every invalid family (invalidCase without rules). */
export function casePool(seed: number, validPerMethod = 40, invalidPerMethod = 80): RequestCase[] {
  const pool: RequestCase[] = [];
  IDENTIFICATION_METHODS.forEach((method, i) => {
    pool.push(...fc.sample(validCase(method), { seed: seed + 2 * i, numRuns: validPerMethod }));
    pool.push(...fc.sample(invalidCase(method), { seed: seed + 2 * i + 1, numRuns: invalidPerMethod }));
  });
  // Interleave valid and invalid so that every round sends the same mix, whatever its length.
  return (
    fc.sample(fc.shuffledSubarray(pool, { minLength: pool.length, maxLength: pool.length }), { seed, numRuns: 1 })[0] ??
    pool
  );
}

/** The suite's own configuration for the sandbox, through readConfig so that defaults stay the suite's. */
export function benchConfig(sandbox: SandboxInfo, concurrency: number): SuiteConfig {
  return readConfig({
    SOLARIS_BASE_URL: sandbox.url,
    SOLARIS_AUTH_URL: sandbox.authUrl,
    SOLARIS_CLIENT_ID: sandbox.clientId,
    SOLARIS_CLIENT_SECRET: sandbox.clientSecret,
    SOLARIS_PERSON_ID: sandbox.personId,
    SOLARIS_IDENTIFICATION_SESSION_ID: sandbox.sessionId,
    CONFORMANCE_CONCURRENCY: String(concurrency),
    CONFORMANCE_SEED: '0',
  });
}

export const benchTarget = (sandbox: SandboxInfo): TargetContext => ({
  personId: sandbox.personId,
  sessionId: sandbox.sessionId,
  sessionMethods: SESSION_METHODS as readonly IdentificationMethod[],
});

/** Sends case `index` and resolves when its answer has been read (and, for the suite, judged). */
export type SendOne = (c: RequestCase) => Promise<void>;

export interface SuitePath {
  send: SendOne;
  client: ApiClient;
  stats: StatsCollector;
  /** Violations seen, by check: against the reference sandbox this must stay empty. */
  violations: Map<CheckId, number>;
  /** The first exchanges, kept to measure validation and judging on real answers. */
  sample: Exchange[];
}

/**
 * (a) The suite's request path, as suite/engine/property.ts drives it: ApiClient (with its limiter
 * at the run's concurrency) on the given context, sendCase, judge() with every check, the stats
 * collector and the id set. Nothing is kept per case except the counts (and a small sample).
 */
export function suitePath(
  ctx: APIRequestContext,
  sandbox: SandboxInfo,
  token: Token,
  concurrency: number,
  keepSample = 0,
): SuitePath {
  const config = benchConfig(sandbox, concurrency);
  const client = new ApiClient(ctx, config, new Limiter(concurrency, null));
  client.useToken(token);
  const target = benchTarget(sandbox);
  const stats = new StatsCollector();
  const violations = new Map<CheckId, number>();
  const sample: Exchange[] = [];
  // The engine keeps one id set per property (test); a fresh one per 500 cases mirrors that.
  let ids = new Set<string>();
  const send: SendOne = async (c) => {
    const exchange = await sendCase(client, target, c, ids);
    const { applied, violations: found } = judge(exchange);
    const id = createdId(exchange);
    if (id !== null) ids.add(id);
    if (stats.cases % 500 === 499) ids = new Set();
    const violated = new Set(found.map((v) => v.check));
    stats.record(applied, violated);
    for (const check of violated) violations.set(check, (violations.get(check) ?? 0) + 1);
    if (sample.length < keepSample) sample.push(exchange);
  };
  return { send, client, stats, violations, sample };
}

/** (b) Plain fetch (undici): same URL, headers and bytes; reads the whole answer; no checks. */
export function fetchPath(sandbox: SandboxInfo, token: Token): SendOne {
  const url = `${sandbox.url}${identificationsPath(sandbox.personId, sandbox.sessionId)}`;
  const authorization = `Bearer ${token.value}`;
  return async (c) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': c.contentType, accept: 'application/json', authorization },
      body: requestText(c),
      redirect: 'manual',
    });
    await response.text();
  };
}

/**
 * (c) The suite path as it was before the bench (commit 10cfe53): same quiet context, ApiClient's
 * headers, a string body (which Playwright JSON-re-encodes when it does not parse: see client.ts),
 * and fetch, body and dispose as three separate API calls; then judge() like (a). Kept so that
 * every run measures before and after side by side on the same machine state.
 */
export function beforePath(ctx: APIRequestContext, sandbox: SandboxInfo, token: Token): SendOne {
  const url = `${sandbox.url}${identificationsPath(sandbox.personId, sandbox.sessionId)}`;
  const target = benchTarget(sandbox);
  const ids = new Set<string>();
  return async (c) => {
    const bodyText = requestText(c);
    const headers: Record<string, string> = {
      'content-type': c.contentType,
      accept: 'application/json',
      authorization: `Bearer ${token.value}`,
    };
    const response = await ctx.fetch(url, {
      method: 'POST',
      headers,
      data: bodyText,
      timeout: 5_000,
      failOnStatusCode: false,
      maxRedirects: 0,
    });
    const text = (await response.body()).toString('utf8');
    const received: ReceivedResponse = {
      status: response.status(),
      headers: response.headers(),
      bodyText: text,
      json: undefined,
    };
    await response.dispose();
    try {
      received.json = text === '' ? undefined : JSON.parse(text);
    } catch (error) {
      received.jsonError = String(error);
    }
    const request = { method: 'POST' as const, url, headers: { ...headers, authorization: REDACTED_BEARER }, bodyText };
    judge({ case: c, probe: { kind: 'generated' }, request, response: received, target, earlierIds: ids });
  };
}

/**
 * (d) For reference, the naive Playwright loop without the suite's changes: the public
 * `request.newContext()` (outside a test it has no runner instrumentation), a string body, and
 * fetch + text + dispose as three separate API calls. No checks.
 */
export async function publicContextPath(
  sandbox: SandboxInfo,
  token: Token,
): Promise<{ send: SendOne; dispose: () => Promise<void> }> {
  const ctx = await publicRequest.newContext();
  const url = `${sandbox.url}${identificationsPath(sandbox.personId, sandbox.sessionId)}`;
  const authorization = `Bearer ${token.value}`;
  const send: SendOne = async (c) => {
    const response = await ctx.fetch(url, {
      method: 'POST',
      headers: { 'content-type': c.contentType, accept: 'application/json', authorization },
      data: requestText(c),
      timeout: 5_000,
      failOnStatusCode: false,
      maxRedirects: 0,
    });
    await response.text();
    await response.dispose();
  };
  return { send, dispose: () => ctx.dispose() };
}
