/**
 * The suite's request path: Playwright's APIRequestContext, a worker-wide limiter, an OAuth2 token
 * fetched once per worker and refreshed once on a 401, and retries for what is not an answer
 * (network errors, 429). A contract answer is never retried: it is what the checks judge.
 */
import type { APIRequestContext, APIResponse } from '@playwright/test';
import type { SuiteConfig } from '../config/env';
import type { ReceivedResponse, SentRequest } from '../checks/types';
import { Limiter, sleep } from './limiter';
import { CASE_HEADER } from '../model/case-header';
import type { ContextRotation } from './context-rotation';
import { inOneApiCall, rotationFor } from './quiet-request';

/** How the Authorization header of a stored request reads: the token never leaves the process. */
export const REDACTED_BEARER = 'Bearer $SOLARIS_TOKEN';

/** The target did not answer (network error or time-out) after retries: the run cannot judge it. */
export class TargetUnavailableError extends Error {
  override name = 'TargetUnavailableError';
}
/** The token endpoint refused the configured credentials. */
export class CredentialsRejectedError extends Error {
  override name = 'CredentialsRejectedError';
}

const NETWORK_RETRIES = 2;
const RATE_LIMIT_RETRIES = 3;
const MAX_RETRY_AFTER_MS = 30_000;

export interface Token {
  value: string;
  expiresAt: number;
}

/** POST {authUrl} with client credentials (Basic auth), as AUTH documents. One internal API call (no report step). */
export async function fetchToken(
  ctx: APIRequestContext,
  config: Pick<SuiteConfig, 'authUrl' | 'clientId' | 'clientSecret' | 'timeoutMs'>,
): Promise<Token> {
  const answer = await inOneApiCall(ctx, async (): Promise<{ status: number; text: string } | { error: unknown }> => {
    let response: APIResponse;
    try {
      response = await ctx.fetch(config.authUrl, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${config.clientId}:${config.clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        data: 'grant_type=client_credentials&scope=partners',
        timeout: config.timeoutMs,
        failOnStatusCode: false,
        maxRedirects: 0,
      });
    } catch (error) {
      return { error };
    }
    const text = await response.text().catch(() => '');
    await response.dispose();
    return { status: response.status(), text };
  });
  if ('error' in answer)
    throw new TargetUnavailableError(`token endpoint ${config.authUrl} did not answer: ${firstLine(answer.error)}`);
  const { status, text } = answer;
  if (status === 401 || status === 403 || status === 400) {
    throw new CredentialsRejectedError(
      `token endpoint ${config.authUrl} rejected the client credentials (HTTP ${status}); check SOLARIS_CLIENT_ID / SOLARIS_CLIENT_SECRET`,
    );
  }
  if (status !== 200) throw new TargetUnavailableError(`token endpoint ${config.authUrl} answered HTTP ${status}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new TargetUnavailableError(`token endpoint ${config.authUrl} answered 200 without a JSON body`);
  }
  const { access_token: value, expires_in: expiresIn } = (parsed ?? {}) as {
    access_token?: unknown;
    expires_in?: unknown;
  };
  if (typeof value !== 'string' || value === '')
    throw new TargetUnavailableError(`token endpoint ${config.authUrl} answered 200 without access_token`);
  const lifetimeS = typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn : 3599;
  return { value, expiresAt: Date.now() + lifetimeS * 1000 };
}

export const firstLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';

export type AuthMode = { kind: 'token' } | { kind: 'header'; value: string | null };

export interface SendInput {
  path: string;
  bodyText: string;
  contentType: string;
  auth: AuthMode;
  /** The case's id (suite/engine/exchange-log.ts), sent as X-Conformance-Case so a target's logs can find it. */
  caseId?: string;
}

export interface SentExchange {
  request: SentRequest;
  response: ReceivedResponse;
}

export class ApiClient {
  private token: Token | null = null;
  private tokenRefresh: Promise<Token> | null = null;
  private readonly rotation: ContextRotation | null;
  requests = 0;

  constructor(
    private readonly ctx: APIRequestContext,
    private readonly config: SuiteConfig,
    private readonly limiter = new Limiter(config.concurrency, config.maxRps),
  ) {
    this.rotation = rotationFor(ctx);
  }

  /** Starts with a token fetched elsewhere (the worker's token fixture). */
  useToken(token: Token): void {
    this.token = token;
  }

  /** The current token, fetched on first use and again shortly before it expires. */
  async currentToken(): Promise<string> {
    if (this.token && this.token.expiresAt - 60_000 > Date.now()) return this.token.value;
    return (await this.renewToken()).value;
  }

  private renewToken(): Promise<Token> {
    // One refresh in flight at a time: eight concurrent 401s must not become eight token requests.
    this.tokenRefresh ??= fetchToken(this.ctx, this.config).then(
      (token) => {
        this.token = token;
        this.tokenRefresh = null;
        return token;
      },
      (error: unknown) => {
        this.tokenRefresh = null;
        throw error;
      },
    );
    return this.tokenRefresh;
  }

  /** Sends one request; with the suite's own token, a 401 triggers one token refresh and one resend. */
  async send(input: SendInput): Promise<SentExchange> {
    const first = await this.sendOnce(input);
    if (input.auth.kind === 'token' && first.response.status === 401) {
      await this.renewToken();
      return this.sendOnce(input);
    }
    return first;
  }

  /** A JSON call outside the endpoint under test (provisioning, GET session); same retries. */
  async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ReceivedResponse> {
    const exchange = await this.sendOnce(
      {
        path,
        bodyText: body === undefined ? '' : JSON.stringify(body),
        contentType: 'application/json',
        auth: { kind: 'token' },
      },
      method,
    );
    return exchange.response;
  }

  private async sendOnce(input: SendInput, method: 'GET' | 'POST' = 'POST'): Promise<SentExchange> {
    const url = `${this.config.baseUrl}${input.path}`;
    const headers: Record<string, string> = { 'content-type': input.contentType, accept: 'application/json' };
    if (input.caseId !== undefined) headers[CASE_HEADER] = input.caseId;
    const storedHeaders: Record<string, string> = { ...headers };
    if (input.auth.kind === 'token') {
      headers.authorization = `Bearer ${await this.currentToken()}`;
      storedHeaders.authorization = REDACTED_BEARER;
    } else if (input.auth.value !== null) {
      headers.authorization = input.auth.value;
      storedHeaders.authorization = input.auth.value;
    }
    const request: SentRequest = { method: 'POST', url, headers: storedHeaders, bodyText: input.bodyText };
    if (method === 'GET') delete headers['content-type'];

    // A Buffer, not a string: with a JSON Content-Type, Playwright re-encodes a string that does not
    // parse as JSON (JSON.stringify), so malformed-JSON and empty-body cases went out as "\"{bad\""
    // and "\"\"" instead of their exact bytes; it also JSON.parses every string body to decide that.
    const data = method === 'POST' ? Buffer.from(input.bodyText, 'utf8') : undefined;

    for (let attempt = 0, rateLimited = 0; ; attempt++) {
      // A generation context when this.ctx came from newQuietRequestContext: its bodies are freed
      // with the generation instead of by a dispose call per response (see context-rotation.ts).
      // fetch and body (and dispose, without a rotation) run as one Playwright API call (see
      // inOneApiCall): one captured stack per request instead of three. The limiter still bounds
      // only the fetch itself.
      const lease = this.rotation === null ? null : await this.rotation.acquire();
      const ctx = lease?.ctx ?? this.ctx;
      const outcome = await inOneApiCall(ctx, async (): Promise<Attempt> => {
        let response: APIResponse;
        try {
          response = await this.limiter.run(() =>
            ctx.fetch(url, {
              method,
              headers,
              ...(data !== undefined ? { data } : {}),
              timeout: this.config.timeoutMs,
              failOnStatusCode: false,
              maxRedirects: 0,
            }),
          );
        } catch (error) {
          return { kind: 'unanswered', error };
        }
        this.requests++;
        if (response.status() === 429 && rateLimited < RATE_LIMIT_RETRIES) {
          const retryAfter = response.headers()['retry-after'];
          if (lease === null) await response.dispose();
          return { kind: 'rate-limited', retryAfter };
        }
        return { kind: 'answer', response: await readResponse(response, lease === null) };
      }).finally(() => lease?.release());
      if (outcome.kind === 'unanswered') {
        if (attempt < NETWORK_RETRIES) {
          await sleep(250 * 4 ** attempt);
          continue;
        }
        throw new TargetUnavailableError(
          `${method} ${url} failed after ${attempt + 1} attempts: ${firstLine(outcome.error)}`,
        );
      }
      if (outcome.kind === 'rate-limited') {
        rateLimited++;
        attempt--;
        await sleep(retryAfterMs(outcome.retryAfter) ?? 1000 * 2 ** rateLimited);
        continue;
      }
      return { request, response: outcome.response };
    }
  }
}

type Attempt =
  | { kind: 'answer'; response: ReceivedResponse }
  | { kind: 'rate-limited'; retryAfter: string | undefined }
  | { kind: 'unanswered'; error: unknown };

/** Retry-After in seconds or as an HTTP date, capped so a hostile header cannot stall the run. */
export function retryAfterMs(header: string | undefined): number | null {
  if (header === undefined) return null;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : null;
}

async function readResponse(response: APIResponse, dispose: boolean): Promise<ReceivedResponse> {
  // In process, the body is read where Playwright keeps it, without a protocol round trip.
  const bodyText = (await response.body()).toString('utf8');
  const result: ReceivedResponse = {
    status: response.status(),
    headers: response.headers(),
    bodyText,
    json: undefined,
  };
  // Playwright keeps every response body until it is disposed; at nightly scale that is the leak.
  // Without a rotation (a context not from newQuietRequestContext), each response is disposed here.
  if (dispose) await response.dispose();
  if (bodyText !== '') {
    try {
      result.json = JSON.parse(bodyText);
    } catch (error) {
      result.jsonError = firstLine(error);
    }
  }
  return result;
}
