/** Helpers shared by the checks that judge error answers. */
import { formatSchemaErrors, validateErrorBody } from '../../schemas/validators';
import type { Exchange } from './types';

/** Problems with the error envelope of a response, or [] when it is a valid envelope. */
export function envelopeProblems(exchange: Exchange): string[] {
  const { response } = exchange;
  if (response.json === undefined) return [`body is not JSON (${response.jsonError ?? 'empty body'})`];
  const errors = validateErrorBody(response.json);
  return errors.length === 0 ? [] : [formatSchemaErrors(errors)];
}

export const is4xx = (status: number): boolean => status >= 400 && status < 500;

/** A short, stable description of what arrived, for `actual`. */
export function describeResponse(exchange: Exchange, maxBody = 200): string {
  const { status, bodyText } = exchange.response;
  const body = bodyText.length > maxBody ? `${bodyText.slice(0, maxBody)}… (${bodyText.length} chars)` : bodyText;
  return `HTTP ${status}${body ? ` ${body}` : ' (empty body)'}`;
}
