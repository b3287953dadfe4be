/**
 * The faults that distort a correct identification body (schema and semantic faults), applied after
 * buildIdentification so the builder itself stays the plain contract. A null is conformant in every
 * documented field but id, method and status, so the schema faults set nulls only there and
 * otherwise put wrong non-null values.
 */
import { newIdnowReference, newResourceId } from './ids';
import { FOURTHLINE_STATUS_CODE } from './identification';
import type { FaultSwitches } from './fault-switches';
import { METHODS, type AcceptedRequest } from './validate-identification';

const OTHER_IBANS = ['DE89370400440532013000', 'GB82WEST12345698765432'];

export function distortIdentification(
  body: Record<string, unknown>,
  request: AcceptedRequest,
  faults: FaultSwitches,
): void {
  if (!faults.any) return;
  const method = body.method;
  if (method !== 'idnow' && faults.fire('idnow-fields-on-other-method')) {
    body.url = `https://go.test.idnow.de/solarisbank/identifications/${String(body.id)}`;
    body.idnow_process_type = 'eid';
    body.reference ??= newIdnowReference();
    if (request.language !== undefined) body.language = request.language;
  }
  if (method !== 'fourthline' && faults.fire('fourthline-field-on-other-method'))
    body.provider_status_code = FOURTHLINE_STATUS_CODE;
  if (faults.fire('echo-wrong-method')) {
    const i = METHODS.indexOf(method as (typeof METHODS)[number]);
    body.method = METHODS[(i + 1) % METHODS.length];
  }
  if (faults.fire('echo-wrong-person-id')) body.person_id = newResourceId('cper');
  if (body.iban !== undefined && body.iban !== null && faults.fire('echo-wrong-iban'))
    body.iban = OTHER_IBANS.find((iban) => iban !== body.iban);
  if (faults.fire('schema-bad-status-enum')) body.status = 'pre_successful';
  if (faults.fire('schema-wrong-type')) body.documents = {};
  if (faults.fire('schema-bad-date-time')) body.authorization_expires_at = '2021-09-14 18:18:28';
  if (faults.fire('schema-missing-status')) delete body.status;
  if (faults.fire('schema-completed-at-no-zone')) body.completed_at = '2022-06-09T13:33:28';
  // Unix seconds where an RFC 3339 string belongs: the wrong type in a field that is usually null.
  if (faults.fire('schema-usually-null-wrong-type')) body.completed_at = 1654781608;
  if (faults.fire('schema-null-id')) body.id = null;
  if (faults.fire('schema-null-status')) body.status = null;
  if (faults.fire('schema-null-method')) body.method = null;
}
