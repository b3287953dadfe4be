/**
 * Runs once before any test: validates the configuration, proves the target answers and accepts
 * the credentials (so an unreachable target ends the run in seconds, not with hundreds of
 * failures), provisions a person and a session when none are configured, and reads which methods
 * the session was created for.
 */
import type { FullConfig } from '@playwright/test';
import { SESSION_METHODS } from '../../schemas/contract';
import { IDENTIFICATION_METHODS, type IdentificationMethod } from '../../generators/case';
import { describeTarget, loadDotenv, readConfig, type SuiteConfig } from '../config/env';
import { publishTargetState, type TargetState } from '../config/target-state';
import { ApiClient, fetchToken } from '../http/client';
import { Limiter } from '../http/limiter';
import { newQuietRequestContext, quietRequestsAvailable } from '../http/quiet-request';
import { SetupError } from './setup-error';

/** What POST /v1/persons needs on a real Solaris target; the sandbox ignores the details. */
function personBody(): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    salutation: 'MR',
    first_name: 'Conformance',
    last_name: 'Suite',
    birth_date: '1990-01-01',
    birth_city: 'Berlin',
    nationality: 'DE',
    address: { line_1: 'Unter den Linden 1', postal_code: '10117', city: 'Berlin', country: 'DE' },
    mobile_number: '+4915100000000',
    email: `conformance+${Date.now()}@example.com`,
    employment_status: 'EMPLOYED',
    tax_information: { marital_status: 'SINGLE' },
    fatca_relevant: false,
    terms_conditions_signed_at: now,
    data_terms_signed_at: now,
    own_economic_interest_signed_at: now,
  };
}

const idOf = (json: unknown): string | null => {
  const id = (json as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && id !== '' ? id : null;
};

async function provision(client: ApiClient, config: SuiteConfig): Promise<TargetState> {
  let personId = config.personId;
  if (personId === null) {
    const response = await client.call('POST', '/v1/persons', personBody());
    personId = idOf(response.json);
    if (response.status >= 300 || personId === null) {
      throw new SetupError(`could not provision a person (POST /v1/persons answered HTTP ${response.status})`, 'set SOLARIS_PERSON_ID and SOLARIS_IDENTIFICATION_SESSION_ID to an existing person and session');
    }
  }
  let sessionId = config.sessionId;
  if (sessionId === null) {
    const response = await client.call('POST', `/v1/persons/${encodeURIComponent(personId)}/identification_sessions`, {
      callback_url: 'https://example.com/conformance-callback',
      identification_methods: SESSION_METHODS,
    });
    sessionId = idOf(response.json);
    if (response.status >= 300 || sessionId === null) {
      throw new SetupError(`could not provision an identification session (HTTP ${response.status})`, 'set SOLARIS_IDENTIFICATION_SESSION_ID to an existing session of SOLARIS_PERSON_ID');
    }
  }
  const session = await client.call('GET', `/v1/persons/${encodeURIComponent(personId)}/identification_sessions/${encodeURIComponent(sessionId)}`);
  const listed = (session.json as { identification_methods?: unknown } | undefined)?.identification_methods;
  const sessionMethods = session.status === 200 && Array.isArray(listed) ? IDENTIFICATION_METHODS.filter((m: IdentificationMethod) => listed.includes(m)) : null;
  if (sessionMethods === null) {
    console.warn(`[conformance] could not read the session's identification_methods (GET answered HTTP ${session.status}); every method is judged leniently: 200 or a 4xx with a valid error body`);
  }
  const other = await client.call('POST', '/v1/persons', personBody()).catch(() => null);
  const otherPersonId = other && other.status < 300 ? idOf(other.json) : null;
  return { personId, sessionId, sessionMethods, otherPersonId };
}

export default async function globalSetup(_config: FullConfig): Promise<void> {
  loadDotenv();
  const config = readConfig();
  const ctx = await newQuietRequestContext();
  try {
    const token = await fetchToken(ctx, config);
    const client = new ApiClient(ctx, config, new Limiter(1, config.maxRps));
    client.useToken(token);
    const state = await provision(client, config);
    publishTargetState(state);
    console.log(
      [
        `[conformance] target ${describeTarget(config)}${config.envName ? ` (profile ${config.envName})` : ''}`,
        `[conformance] seed ${config.seed} · ${config.runs} cases per property · concurrency ${config.concurrency} · max rps ${config.maxRps ?? 'unlimited'} · timeout ${config.timeoutMs} ms`,
        `[conformance] person ${state.personId} · session ${state.sessionId} · session methods ${state.sessionMethods?.join(', ') ?? 'unknown'}${quietRequestsAvailable() ? '' : ' · (per-request report steps: slower)'}`,
        `[conformance] replay this run: CONFORMANCE_SEED=${config.seed} CONFORMANCE_RUNS=${config.runs} npm run conformance`,
      ].join('\n'),
    );
  } finally {
    await ctx.dispose();
  }
}
