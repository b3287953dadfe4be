/**
 * The identification as the vendor sends it (api-contract.md, "Response 200", OBS): every documented
 * field present and `null` where there is no value, method-scoped fields non-null only for their
 * method, and the undocumented fields real identifications carry (mostly null). Which optional values
 * appear follows the identification's ordinal, so a seed replays the same bodies.
 */
import { newIdnowReference } from './ids';
import type { AcceptedRequest } from './validate-identification';
import type { VendorHabits } from './vendor-habits';

/** A code from the page's provider_status_code enum. */
export const FOURTHLINE_STATUS_CODE = 1000;
/** IDnow's estimate in seconds, as the vendor sends it on some IDnow identifications. */
export const IDNOW_WAITING_SECONDS = 120;

/** IdentHub's step names (the vendor's SDKs) that follow the creation of a bank / bank_id / fourthline identification. */
const STEPS: Readonly<Record<string, { next: string; fallback: string | null }>> = {
  bank: { next: 'bank/qes', fallback: 'bank_id/iban' },
  bank_id: { next: 'bank_id/fourthline', fallback: 'partner_fallback' },
  fourthline: { next: 'fourthline/simplified', fallback: null },
};

/** The vendor's timestamp form: whole seconds, milliseconds written out, UTC `Z` (2022-06-09T13:33:28.000Z). */
export const vendorTimestamp = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString();

/**
 * The stored body of a new identification. `ordinal` is its 1-based creation count; `now` the
 * creation time in ms (for the one timestamp the sandbox sets).
 */
export function buildIdentification(
  id: string,
  personId: string,
  request: AcceptedRequest,
  ordinal: number,
  now = Date.now(),
): Record<string, unknown> {
  const method = request.method;
  const idnow = method === 'idnow';
  const bankMethod = method === 'bank' || method === 'bank_id';
  return {
    id,
    // IDnow generates its own reference; otherwise the one the client supplied stands.
    reference: idnow ? newIdnowReference() : (request.reference ?? null),
    url: idnow ? `https://go.test.idnow.de/solarisbank/identifications/${id}` : null,
    status: 'created',
    completed_at: null,
    method,
    proof_of_address_type: request.proof_of_address_type ?? null,
    proof_of_address_issued_at: request.proof_of_address_issued_at ?? null,
    language: idnow ? (request.language ?? null) : null,
    person_id: personId,
    address: null,
    // Both forms of "no documents yet" occur; a client must read either.
    documents: ordinal % 2 === 0 ? null : [],
    failure_reason: null,
    iban: bankMethod && request.iban !== '' ? (request.iban ?? null) : null,
    authorization_expires_at: null,
    confirmation_expires_at: null,
    provider_status_code: method === 'fourthline' ? FOURTHLINE_STATUS_CODE : null,
    account_verification_error: null,
    idnow_process_type: idnow ? 'eid' : null,
    ...undocumentedFields(method, ordinal, now),
  };
}

/** Fields the page does not list but the vendor sends (api-contract.md, OBS): allowed, never a violation. */
function undocumentedFields(method: unknown, ordinal: number, now: number): Record<string, unknown> {
  const steps = typeof method === 'string' ? STEPS[method] : undefined;
  const withSteps = steps !== undefined && ordinal % 2 === 0;
  return {
    terms_and_conditions_signed_at: ordinal % 4 === 0 ? vendorTimestamp(now) : null,
    estimated_waiting_time: method === 'idnow' && ordinal % 2 === 1 ? IDNOW_WAITING_SECONDS : null,
    // Its real shape is unknown: always null, rather than a made-up value a reader could take for real.
    current_reference_token: null,
    next_step: withSteps ? steps.next : null,
    fallback_step: withSteps ? steps.fallback : null,
  };
}

/** One answer's view of a stored identification: the vendor leaves person_id out of some answers. */
export function presentIdentification(body: Record<string, unknown>, habits: VendorHabits): Record<string, unknown> {
  if (!habits.omitPersonId()) return body;
  const shown = { ...body };
  delete shown.person_id;
  return shown;
}
