/**
 * The request rules of the endpoint under test, hand-written from api-contract.md (deliberately not
 * the suite's JSON schemas: the sandbox is an independent oracle, so a disagreement shows a bug on
 * one side). Returns every field error, not just the first, one per field at most.
 * The faults that make the sandbox accept invalid input, or reject valid input, are applied here,
 * at the exact rule they switch off or add.
 */
import { isValidIBAN } from 'ibantools';
import { isCalendarDate } from './calendar-date';
import { typeError, validationError, type ApiError } from './errors';
import { LONG_TEXT_LENGTH } from './faults';
import type { FaultSwitches } from './fault-switches';
import type { SessionMethod } from './store';

export const REQUEST_FIELDS = [
  'method',
  'language',
  'reference',
  'proof_of_address_type',
  'proof_of_address_issued_at',
  'iban',
  'device_data',
] as const;
export type RequestField = (typeof REQUEST_FIELDS)[number];

export const METHODS = ['bank', 'bank_id', 'fourthline', 'idnow', 'manual', 'postident'] as const;
export const LANGUAGES = ['DE', 'EN'] as const;
export const PROOF_OF_ADDRESS_TYPES = [
  'BANK_ACCOUNT_STATEMENT',
  'CERTIFICATE_OF_REGISTRATION',
  'ELECTRICITY_BILL',
  'GAS_BILL',
  'HEATING_BILL',
  'INTERNET_BILL',
  'TELEPHONE_BILL',
  'WATER_BILL',
] as const;

const ENUMS: Partial<Record<RequestField, readonly string[]>> = {
  method: METHODS,
  language: LANGUAGES,
  proof_of_address_type: PROOF_OF_ADDRESS_TYPES,
};

const DOCUMENTED: ReadonlySet<string> = new Set(REQUEST_FIELDS);
const SESSION_SCOPED: ReadonlySet<string> = new Set<SessionMethod>(['bank', 'bank_id', 'fourthline', 'idnow']);
/** RR: values with leading or trailing whitespace are rejected (JS \s, as the lead settled). */
const PADDED = /^\s|\s$/;
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * The accepted request. Values are strings unless accept-wrong-types let a non-string through;
 * absent and null fields are missing.
 */
export type AcceptedRequest = Partial<Record<RequestField, unknown>>;

export type ValidationResult = { ok: true; request: AcceptedRequest } | { ok: false; errors: ApiError[] };

export function validateIdentification(
  body: Record<string, unknown>,
  sessionMethods: readonly string[],
  faults: FaultSwitches,
): ValidationResult {
  const rejected = rejectValidInput(body, faults);
  if (rejected.length > 0) return { ok: false, errors: rejected };

  const errors: ApiError[] = [];
  const request: AcceptedRequest = {};
  for (const field of REQUEST_FIELDS) {
    const raw = body[field];
    if (raw === undefined || raw === null) continue; // RR: null is as if absent
    if (typeof raw !== 'string') {
      if (faults.fire('accept-wrong-types')) request[field] = raw;
      else errors.push(typeError(field, 'a string'));
      continue;
    }
    let value = raw;
    if (PADDED.test(value)) {
      if (faults.fire('accept-padded-trimmed')) value = value.trim();
      else {
        errors.push(validationError(field, `${field} must not start or end with whitespace.`));
        continue;
      }
    }
    const error = fieldRule(field, value, faults);
    if (error !== null) errors.push(error);
    else request[field] = value;
  }

  const method = request.method;
  if (method === undefined && !errors.some((e) => e.field === 'method')) {
    errors.push(validationError('method', 'method is required.'));
  }
  if (method === 'bank' || method === 'bank_id') {
    const iban = request.iban;
    const ibanMissing = iban === undefined || iban === '';
    if (ibanMissing && !errors.some((e) => e.field === 'iban') && !faults.fire('accept-missing-iban')) {
      errors.push(validationError('iban', `iban is required when method is ${method}.`));
    }
    // Bankident accepts German IBANs only (api-contract: Bankident guide); an invalid IBAN is reported above.
    if (
      method === 'bank' &&
      !ibanMissing &&
      typeof iban === 'string' &&
      !iban.startsWith('DE') &&
      isValidIBAN(iban) &&
      !faults.fire('accept-foreign-iban-bankident')
    ) {
      errors.push(validationError('iban', 'Bankident accepts German IBANs only.'));
    }
  }
  if (typeof method === 'string' && SESSION_SCOPED.has(method) && !sessionMethods.includes(method)) {
    errors.push(validationError('method', `The identification session was not created for method ${method}.`));
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, request };
}

/** The per-field rule after type and whitespace: enum, calendar date, IBAN. */
function fieldRule(field: RequestField, value: string, faults: FaultSwitches): ApiError | null {
  const allowed = ENUMS[field];
  if (allowed !== undefined && !allowed.includes(value)) {
    return faults.fire('accept-bad-enum')
      ? null
      : validationError(field, `${field} must be one of ${allowed.join(', ')}.`);
  }
  if (field === 'proof_of_address_issued_at' && !isCalendarDate(value)) {
    return faults.fire('accept-invalid-date')
      ? null
      : validationError(field, `${field} must be a date in YYYY-MM-DD format.`);
  }
  // '' is "no iban": with bank / bank_id that is the required-iban error, otherwise nothing.
  if (field === 'iban' && value !== '' && !isValidIBAN(value)) {
    return faults.fire('accept-bad-iban') ? null : validationError(field, 'iban is not a valid IBAN.');
  }
  return null;
}

/** The positive-acceptance faults: rules the contract does not have, added on purpose. */
function rejectValidInput(body: Record<string, unknown>, faults: FaultSwitches): ApiError[] {
  const errors: ApiError[] = [];
  for (const key of Object.keys(body)) {
    const value = body[key];
    if (!DOCUMENTED.has(key)) {
      if (faults.fire('reject-unknown-fields')) errors.push(validationError(key, `${key} is not a permitted field.`));
      continue;
    }
    if (value === null) {
      if (faults.fire('reject-nulls')) errors.push(validationError(key, `${key} must not be null.`));
      continue;
    }
    if (typeof value !== 'string') continue;
    if (value.length > LONG_TEXT_LENGTH && faults.fire('reject-long-text')) {
      errors.push(validationError(key, `${key} must be at most ${LONG_TEXT_LENGTH} characters.`));
    } else if (
      (key === 'reference' || key === 'device_data') &&
      NON_ASCII.test(value) &&
      faults.fire('reject-non-ascii')
    ) {
      errors.push(validationError(key, `${key} must contain ASCII characters only.`));
    }
  }
  return errors;
}
