/**
 * The identification's fields as the unit tests hold the target to them, written from
 * api-contract.md rather than read from schemas/ (the tests are an oracle of their own): the
 * documented fields of "Response 200", and the undocumented ones the real API is seen to send (OBS).
 */

/** api-contract.md, "Response 200": every field of the identification object. */
export const DOCUMENTED_FIELDS: readonly string[] = [
  'id',
  'reference',
  'url',
  'status',
  'completed_at',
  'method',
  'proof_of_address_type',
  'proof_of_address_issued_at',
  'language',
  'person_id',
  'address',
  'documents',
  'failure_reason',
  'iban',
  'authorization_expires_at',
  'confirmation_expires_at',
  'provider_status_code',
  'account_verification_error',
  'idnow_process_type',
];

/** The documented fields that may be null: all but id, method and status. */
export const NULLABLE_FIELDS: readonly string[] = DOCUMENTED_FIELDS.filter(
  (f) => !['id', 'method', 'status'].includes(f),
);

/** The undocumented fields real identifications carry (api-contract.md, OBS). */
export const UNDOCUMENTED_FIELDS: readonly string[] = [
  'terms_and_conditions_signed_at',
  'estimated_waiting_time',
  'current_reference_token',
  'next_step',
  'fallback_step',
];
