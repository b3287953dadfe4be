/**
 * Runs once before any test: validates the configuration, proves the target answers and accepts
 * the credentials (so an unreachable target ends the run in seconds, not with hundreds of
 * failures), provisions a person and a session when none are configured, and reads which methods
 * the session was created for.
 */
import type { FullConfig } from '@playwright/test';
import { SESSION_METHODS } from '../../schemas/contract';
import { IDENTIFICATION_METHODS, type IdentificationMethod } from '../../generators/case';
import { describeTarget, loadDotenv, readConfig, type SuiteConfig } from '../../suite/config/env';
import { publishTargetState, type TargetState } from '../../suite/config/target-state';
import { ApiClient, fetchToken } from '../../suite/http/client';
import { Limiter } from '../../suite/http/limiter';
import { assertPrivateApis, newQuietRequestContext } from '../../suite/http/quiet-request';
import { SetupError } from '../../suite/engine/setup-error';
import { shownPath } from '../../suite/baseline/baseline';
import { readBaseline } from '../../suite/baseline/load';
import { knownSecrets, redactSecrets } from '../../suite/evidence/redact';
import type { ReceivedResponse } from '../../suite/checks/types';

/**
 * The person POST /v1/persons gets on a real target: the docs' example person (api-contract, "The
 * surrounding resources"), every field it shows filled. Which fields are mandatory "varies based on
 * the country, product and customer segment", so a target may still refuse it; provisioning then
 * ends the run with the target's own answer and the variables that skip it. The e-mail is derived
 * from the run's seed so that a replay sends the same person.
 */
export function personBody(seed: number): Record<string, unknown> {
  return {
    salutation: 'MR',
    first_name: 'Conformance',
    last_name: 'Suite',
    address: {
      line_1: 'Unter den Linden 1',
      line_2: 'Erste Etage',
      postal_code: '10117',
      city: 'Berlin',
      country: 'DE',
      state: 'BE',
    },
    email: `conformance+${seed}@example.com`,
    mobile_number: '+4915100000000',
    birth_date: '1990-01-01',
    birth_city: 'Berlin',
    birth_country: 'DE',
    nationality: 'DE',
    employment_status: 'EMPLOYED',
    tax_information: { tax_assessment: 'SEPARATE', marital_status: 'SINGLE' },
    fatca_relevant: false,
    fatca_crs_confirmed_at: '2024-01-15T10:00:00.000Z',
    terms_conditions_signed_at: '2024-01-15T10:00:00.000Z',
    own_economic_interest_signed_at: '2024-01-15T10:00:00.000Z',
  };
}

/** The target's own words, for a refusal QA has to act on: status and body, secrets scrubbed, cut. */
function refusal(response: ReceivedResponse, secrets: readonly string[]): string {
  const body = redactSecrets(response.bodyText, secrets);
  return `HTTP ${response.status}${body === '' ? ' (empty body)' : `: ${body.length > 600 ? `${body.slice(0, 600)}… (${body.length} chars)` : body}`}`;
}

const idOf = (json: unknown): string | null => {
  const id = (json as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && id !== '' ? id : null;
};

/** Also the self-test's fault matrix (tests/selftest/matrix.spec.ts) provisions each fault's in-process sandbox with it. */
export async function provision(
  client: ApiClient,
  config: SuiteConfig,
  secrets: readonly string[],
): Promise<TargetState> {
  let personId = config.personId;
  if (personId === null) {
    const response = await client.call('POST', '/v1/persons', personBody(config.seed));
    personId = idOf(response.json);
    if (response.status >= 300 || personId === null) {
      throw new SetupError(
        `could not provision a person: POST /v1/persons answered ${refusal(response, secrets)}`,
        'set SOLARIS_PERSON_ID and SOLARIS_IDENTIFICATION_SESSION_ID to an existing person and an identification session of that person; with both set the suite provisions nothing',
      );
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
      throw new SetupError(
        `could not provision an identification session: POST /v1/persons/{person_id}/identification_sessions answered ${refusal(response, secrets)}`,
        'set SOLARIS_IDENTIFICATION_SESSION_ID to an existing identification session of SOLARIS_PERSON_ID',
      );
    }
  }
  const session = await client.call(
    'GET',
    `/v1/persons/${encodeURIComponent(personId)}/identification_sessions/${encodeURIComponent(sessionId)}`,
  );
  const listed = (session.json as { identification_methods?: unknown } | undefined)?.identification_methods;
  const sessionMethods =
    session.status === 200 && Array.isArray(listed)
      ? IDENTIFICATION_METHODS.filter((m: IdentificationMethod) => listed.includes(m))
      : null;
  if (sessionMethods === null) {
    console.warn(
      `[conformance] could not read the session's identification_methods (GET answered HTTP ${session.status}); every method is judged leniently: 200 or a 4xx with a valid error body`,
    );
  }
  const other = await client.call('POST', '/v1/persons', personBody(config.seed + 1)).catch(() => null);
  const otherPersonId = other && other.status < 300 ? idOf(other.json) : null;
  return { personId, sessionId, sessionMethods, otherPersonId };
}

export default async function globalSetup(_config: FullConfig): Promise<void> {
  await assertPrivateApis();
  loadDotenv();
  const config = readConfig();
  // Before any request: a baseline that cannot be used ends the run (the CLI checked it already; a bare `playwright test` did not).
  const baseline = readBaseline();
  const ctx = await newQuietRequestContext();
  try {
    const token = await fetchToken(ctx, config);
    const client = new ApiClient(ctx, config, new Limiter(1, config.maxRps));
    client.useToken(token);
    const state = await provision(client, config, knownSecrets(config, token.value));
    publishTargetState(state);
    console.log(
      [
        `[conformance] target ${describeTarget(config)}${config.envName ? ` (profile ${config.envName})` : ''}`,
        `[conformance] seed ${config.seed} · ${config.runs} cases per property · concurrency ${config.concurrency} · max rps ${config.maxRps ?? 'unlimited'} · timeout ${config.timeoutMs} ms`,
        `[conformance] person ${state.personId} · session ${state.sessionId} · session methods ${state.sessionMethods?.join(', ') ?? 'unknown'}`,
        ...(baseline
          ? [`[conformance] known deviations: ${baseline.entries.length} in ${shownPath(baseline.file)}`]
          : []),
        `[conformance] replay this run: CONFORMANCE_SEED=${config.seed} CONFORMANCE_RUNS=${config.runs} npm run conformance`,
      ].join('\n'),
    );
  } finally {
    await ctx.dispose();
  }
}
