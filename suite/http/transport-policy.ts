/**
 * What the suite does with transport trouble, as one pure decision per attempt (README, "Transport
 * trouble"). Only an answer of the endpoint is judged by the checks; what is not its answer is
 * retried, and what outlives the retries is "could not judge", never a violation:
 *
 * - a rate-limit answer (429, or 503 with Retry-After) is the gateway's "not now", not the
 *   endpoint's verdict on the request: wait as Retry-After asks and send again;
 * - a time-out or a connection that ends without an answer: back off and send again;
 * - the retries are counted, never timed: a busy machine that makes every attempt slow must not
 *   spend a budget sooner than an idle one (a time budget turned load into verdicts).
 */

/** Why a request got no answer the checks may judge. */
export type UnansweredReason = 'rate-limited' | 'timed-out' | 'no-answer';

export const UNANSWERED_MEANING: Record<UnansweredReason, string> = {
  'rate-limited': 'still rate-limited (429, or 503 with Retry-After) after every retry',
  'timed-out': 'no answer within CONFORMANCE_TIMEOUT_MS, every try',
  'no-answer': 'the connection failed or closed without an answer, every try',
};

/** Sends after a time-out or a dropped connection (so 4 tries in all), 0.25, 0.75 and 2.25 s apart. */
export const NETWORK_RETRIES = 3;
/**
 * Sends after a rate-limit answer. Retries are not independent draws: a request turned away meets the
 * limiter again with the others turned away at about the same time. Measured beside two CPU burners
 * against a limiter that turns away every 7th create: 11 % of first retries and 25–33 % of second
 * ones were turned away again, and 1–3 of ~320 requests a run met a fourth 429 (the old limit of 3
 * retries); none met a fifth. Eight leave a wide margin; what outlives them is "could not judge".
 */
export const RATE_LIMIT_RETRIES = 8;
/** A hostile or mistaken Retry-After must not stall the run. */
export const MAX_RETRY_AFTER_MS = 30_000;

/** What one try ended with. */
export type Attempt =
  { kind: 'answer'; status: number; retryAfter: string | undefined } | { kind: 'failed'; error: unknown };

/** What the tries so far were: each kind of trouble has its own count. */
export interface Tries {
  rateLimited: number;
  failed: number;
}

export type Decision =
  | { kind: 'judge' }
  | { kind: 'retry'; waitMs: number; because: UnansweredReason }
  | { kind: 'give-up'; because: UnansweredReason };

/** A 429 always; a 503 only with Retry-After (without it, a 503 is the server's answer, and judged). */
export const isRateLimit = (status: number, retryAfter: string | undefined): boolean =>
  status === 429 || (status === 503 && retryAfter !== undefined);

/** Sends after a refused connection or an unknown host: nothing listens there, so a target that is down ends the run at once. */
export const REFUSED_RETRIES = 1;

/** Nothing listens at the address, or the name does not resolve: not a dropped answer. */
export const isRefused = (error: unknown): boolean =>
  /ECONNREFUSED|ENOTFOUND|EAI_AGAIN/.test(error instanceof Error ? error.message : String(error));

/** Playwright words a request time-out as "Timeout 5000ms exceeded". */
export const isTimeout = (error: unknown): boolean =>
  /timeout \d+ ?ms exceeded|timed out/i.test(error instanceof Error ? error.message : String(error));

export function decide(attempt: Attempt, tries: Tries): Decision {
  if (attempt.kind === 'failed') {
    const because: UnansweredReason = isTimeout(attempt.error) ? 'timed-out' : 'no-answer';
    if (tries.failed >= (isRefused(attempt.error) ? REFUSED_RETRIES : NETWORK_RETRIES))
      return { kind: 'give-up', because };
    return { kind: 'retry', waitMs: 250 * 3 ** tries.failed, because };
  }
  if (!isRateLimit(attempt.status, attempt.retryAfter)) return { kind: 'judge' };
  if (tries.rateLimited >= RATE_LIMIT_RETRIES) return { kind: 'give-up', because: 'rate-limited' };
  const waitMs = retryAfterMs(attempt.retryAfter) ?? Math.min(1000 * 2 ** tries.rateLimited, MAX_RETRY_AFTER_MS);
  return { kind: 'retry', waitMs, because: 'rate-limited' };
}

/** Retry-After in seconds or as an HTTP date, capped so a hostile header cannot stall the run. */
export function retryAfterMs(header: string | undefined): number | null {
  if (header === undefined) return null;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : null;
}
