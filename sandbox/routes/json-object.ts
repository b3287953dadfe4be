/** The body of the provisioning routes (persons, sessions): a JSON object or a 400 already sent. */
import { isJsonContentType, isPlainObject, parseJsonBody } from '../body';
import type { Exchange } from '../context';
import { invalidJson, notAnObject, wrongContentType } from '../errors';
import { sendErrors } from '../respond';

export function jsonObjectOrReject(exchange: Exchange): Record<string, unknown> | null {
  const { req, body } = exchange;
  if (!isJsonContentType(req.headers['content-type'])) {
    sendErrors(exchange, 400, [wrongContentType()]);
    return null;
  }
  const parsed = parseJsonBody(body);
  if (!parsed.ok) {
    sendErrors(exchange, 400, [invalidJson(parsed.reason)]);
    return null;
  }
  if (!isPlainObject(parsed.value)) {
    sendErrors(exchange, 400, [notAnObject()]);
    return null;
  }
  return parsed.value;
}
