/**
 * The suite's request path: Playwright's APIRequestContext, a worker-wide limiter, an OAuth2 token
 * fetched once per worker and refreshed on a 401, and retries for what is not an answer of the
 * endpoint (transport-policy.ts: rate limits, time-outs, dropped connections). A contract answer is
 * never retried: it is what the checks judge. What outlives the retries is an UnansweredError, which
 * the engine records as "could not judge this case", never as a violation.
 */
import type { APIRequestContext, APIResponse } from '@playwright/test';
import type { SuiteConfig } from '../config/env';
import type { ReceivedResponse, SentRequest } from '../checks/types';
import { Limiter, sleep } from './limiter';
import { CASE_HEADER } from '../model/case-header';
import type { ContextRotation } from './context-rotation';
import { inOneApiCall, rotationFor } from './quiet-request';
import {
  decide,
  isRateLimit,
  UNANSWERED_MEANING,
  type Attempt,
  type Tries,
  type UnansweredReason,
} from './transport-policy';

/** How the Authorization header of a stored request reads: the token never leaves the process. */
export const REDACTED_BEARER = 'Bearer $SOLARIS_TOKEN';

/** The target did not answer usefully (after retries): the run, or this case, cannot be judged. */
export class TargetUnavailableError extends Error {
  override name = 'TargetUnavailableError';
}
/** No answer the checks may judge after every retry the transport policy allows: "could not judge". */
export class UnansweredError extends TargetUnavailableError {
  override name = 'UnansweredError';
  constructor(
    message: string,
    readonly reason: UnansweredReason,
    readonly tries: number,
  ) {
    super(message);
  }
}
/** The token endpoint refused the configured credentials. */
export class CredentialsRejectedError extends Error {
  override name = 'CredentialsRejectedError';
}

/** Token refreshes for one request answered 401 with the suite's own token (each with a token issued after the 401). */
const TOKEN_REFRESHES = 2;

/** One try of a request: what the policy decides on, and the answer when there is one to keep. */
interface Try<T> {
  attempt: Attempt;
  answer: T | null;
}

/**
 * Tries `once` until it yields an answer to judge, as transport-policy.ts decides; throws an
 * UnansweredError naming `what`, the reason and the last trouble once the retries are spent.
 */
export async function untilAnswered<T>(what: string, once: () => Promise<Try<T>>): Promise<T> {
  const tries: Tries = { rateLimited: 0, failed: 0 };
  for (;;) {
    const { attempt, answer } = await once();
    const decision = decide(attempt, tries);
    if (decision.kind === 'judge' && answer !== null) return answer;
    if (decision.kind === 'retry') {
      if (decision.because === 'rate-limited') tries.rateLimited++;
      else tries.failed++;
      await sleep(decision.waitMs);
      continue;
    }
    const because = decision.kind === 'give-up' ? decision.because : 'no-answer';
    const last =
      attempt.kind === 'failed'
        ? firstLine(attempt.error)
        : `HTTP ${attempt.status}${attempt.retryAfter === undefined ? '' : `, Retry-After ${attempt.retryAfter}`}`;
    const count = tries.rateLimited + tries.failed + 1;
    throw new UnansweredError(
      `${what}: ${UNANSWERED_MEANING[because]} (${count} tries; last: ${last})`,
      because,
      count,
    );
  }
}

export interface Token {
  value: string;
  expiresAt: number;
}

/** POST {authUrl} with client credentials (Basic auth), as AUTH documents; retried like every request. */
export async function fetchToken(
  ctx: APIRequestContext,
  config: Pick<SuiteConfig, 'authUrl' | 'clientId' | 'clientSecret' | 'timeoutMs'>,
): Promise<Token> {
  const answer = await untilAnswered(`token endpoint ${config.authUrl}`, () =>
    // One internal API call (no report step) per try.
    inOneApiCall(ctx, async (): Promise<Try<{ status: number; text: string }>> => {
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
        return { attempt: { kind: 'failed', error }, answer: null };
      }
      const text = await response.text().catch(() => '');
      await response.dispose();
      const status = response.status();
      return {
        attempt: { kind: 'answer', status, retryAfter: response.headers()['retry-after'] },
        answer: { status, text },
      };
    }),
  );
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

  /**
   * After a 401 to `used`: a new token, unless another request has already replaced `used` (eight
   * requests in flight when a token dies must not become eight token requests, nor refresh away
   * the token the first refresh brought).
   */
  private async tokenAfter(used: string | null): Promise<void> {
    if (used !== null && this.token !== null && this.token.value !== used) return;
    await this.renewToken();
  }

  /**
   * Sends one request. With the suite's own token, a 401 gets the request sent again with a token
   * issued after that 401 (at most TOKEN_REFRESHES times): a token that expired or was revoked early
   * is the suite's problem, and the endpoint's verdict is its answer to a live token.
   */
  async send(input: SendInput, method: 'GET' | 'POST' = 'POST'): Promise<SentExchange> {
    for (let refreshes = 0; ; refreshes++) {
      const { exchange, token } = await this.sendOnce(input, method);
      if (input.auth.kind !== 'token' || exchange.response.status !== 401 || refreshes >= TOKEN_REFRESHES)
        return exchange;
      await this.tokenAfter(token);
    }
  }

  /** A JSON call outside the endpoint under test (provisioning, GET session, read-back); same retries and refresh. */
  async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ReceivedResponse> {
    const exchange = await this.send(
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

  private async sendOnce(
    input: SendInput,
    method: 'GET' | 'POST',
  ): Promise<{ exchange: SentExchange; token: string | null }> {
    const url = `${this.config.baseUrl}${input.path}`;
    const headers: Record<string, string> = { 'content-type': input.contentType, accept: 'application/json' };
    if (input.caseId !== undefined) headers[CASE_HEADER] = input.caseId;
    const storedHeaders: Record<string, string> = { ...headers };
    let token: string | null = null;
    if (input.auth.kind === 'token') {
      token = await this.currentToken();
      headers.authorization = `Bearer ${token}`;
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

    const response = await untilAnswered(`${method} ${url}`, async () => {
      // A generation context when this.ctx came from newQuietRequestContext: its bodies are freed
      // with the generation instead of by a dispose call per response (see context-rotation.ts).
      // fetch and body (and dispose, without a rotation) run as one Playwright API call (see
      // inOneApiCall): one captured stack per request instead of three. The limiter bounds only
      // the fetch itself, so a request waiting out a Retry-After holds no slot.
      const lease = this.rotation === null ? null : await this.rotation.acquire();
      const ctx = lease?.ctx ?? this.ctx;
      return inOneApiCall(ctx, async (): Promise<Try<ReceivedResponse>> => {
        let answer: APIResponse;
        try {
          answer = await this.limiter.run(() =>
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
          return { attempt: { kind: 'failed', error }, answer: null };
        }
        this.requests++;
        const attempt: Attempt = {
          kind: 'answer',
          status: answer.status(),
          retryAfter: answer.headers()['retry-after'],
        };
        if (isRateLimit(attempt.status, attempt.retryAfter)) {
          // Not the endpoint's answer: its body is not needed, whatever the policy decides.
          if (lease === null) await answer.dispose();
          return { attempt, answer: null };
        }
        return { attempt, answer: await readResponse(answer, lease === null) };
      }).finally(() => lease?.release());
    });
    return { exchange: { request, response }, token };
  }
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
