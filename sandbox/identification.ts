/**
 * The 200 body of a created identification, as the contract describes it: method-scoped fields only
 * for their method, the nullable fields as null, non-nullable ones omitted rather than null.
 */
import { newIdnowReference } from './ids';
import type { AcceptedRequest } from './validate-identification';

/** A code from the page's provider_status_code enum. */
export const FOURTHLINE_STATUS_CODE = 1000;

export function buildIdentification(id: string, personId: string, request: AcceptedRequest): Record<string, unknown> {
  const method = request.method;
  const body: Record<string, unknown> = { id, status: 'created', method, person_id: personId };
  if (method === 'idnow') {
    body.url = `https://go.test.idnow.de/solarisbank/identifications/${id}`;
    body.reference = newIdnowReference();
    if (request.language !== undefined) body.language = request.language;
    body.idnow_process_type = 'eid';
  } else if (request.reference !== undefined) {
    // Not IDnow: no provider has generated a reference, so the one the client supplied stands.
    body.reference = request.reference;
  }
  if (request.proof_of_address_type !== undefined) body.proof_of_address_type = request.proof_of_address_type;
  if (request.proof_of_address_issued_at !== undefined) body.proof_of_address_issued_at = request.proof_of_address_issued_at;
  if ((method === 'bank' || method === 'bank_id') && request.iban !== undefined && request.iban !== '') body.iban = request.iban;
  if (method === 'fourthline') body.provider_status_code = FOURTHLINE_STATUS_CODE;
  body.documents = [];
  body.failure_reason = null;
  body.authorization_expires_at = null;
  body.confirmation_expires_at = null;
  body.account_verification_error = null;
  return body;
}
