/** The body of the provisioning routes (persons, sessions): a JSON object or a 400 already sent. */
import { isJsonContentType, isPlainObject, parseJsonBody } from '../body';
import type { Exchange } from '../context';
import { invalidJson, notAnObject, wrongContentType } from '../errors';
import { sendErrors } from '../respond';

export function jsonObjectOrReject({ req, res, body, sandbox }: Exchange): Record<string, unknown> | null {
  if (!isJsonContentType(req.headers['content-type'])) {
    sendErrors(res, 400, [wrongContentType()], sandbox.faults);
    return null;
  }
  const parsed = parseJsonBody(body);
  if (!parsed.ok) {
    sendErrors(res, 400, [invalidJson(parsed.reason)], sandbox.faults);
    return null;
  }
  if (!isPlainObject(parsed.value)) {
    sendErrors(res, 400, [notAnObject()], sandbox.faults);
    return null;
  }
  return parsed.value;
}
