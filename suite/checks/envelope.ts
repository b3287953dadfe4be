/** Helpers shared by the checks that judge error answers (a helper: it declares no check). */
import { formatSchemaErrors, validateErrorBody } from '../../schemas/validators';
import type { Exchange, Finding } from './types';

/** Problems with the error envelope of a response, or [] when it is a valid envelope. */
export function envelopeProblems(exchange: Exchange): string[] {
  const { response } = exchange;
  if (response.json === undefined) return [`body is not JSON (${response.jsonError ?? 'empty body'})`];
  const errors = validateErrorBody(response.json);
  return errors.length === 0 ? [] : [formatSchemaErrors(errors)];
}

/** Every string errors[].code of an error body ([] for anything that is not the envelope). */
export function errorCodes(json: unknown): string[] {
  const errors = (json as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((e: unknown) => {
    const code = (e as { code?: unknown } | null)?.code;
    return typeof code === 'string' ? [code] : [];
  });
}

export const is4xx = (status: number): boolean => status >= 400 && status < 500;

/** A short, stable description of what arrived, for `actual`. */
export function describeResponse(exchange: Exchange, maxBody = 200): string {
  const { status, bodyText } = exchange.response;
  const body = bodyText.length > maxBody ? `${bodyText.slice(0, maxBody)}… (${bodyText.length} chars)` : bodyText;
  return `HTTP ${status}${body ? ` ${body}` : ' (empty body)'}`;
}

export interface RejectionRule {
  /** Whether the status is the rejection the contract asks for (400 exactly, any 4xx, 401). */
  accepts: (status: number) => boolean;
  /** What the contract expects, for the report. */
  expected: string;
  /** What was sent, for the titles ("enum", "no-token", …). */
  subject: string;
}

/** The shared shape of the rejection checks: the right status first, then a valid error envelope. */
export function rejectionFindings(exchange: Exchange, rule: RejectionRule): Finding[] {
  if (!rule.accepts(exchange.response.status)) {
    return [{ title: `${rule.subject}: not rejected as the contract asks`, expected: rule.expected, actual: describeResponse(exchange) }];
  }
  const problems = envelopeProblems(exchange);
  if (problems.length === 0) return [];
  return [{ title: `${rule.subject}: rejection without a valid error envelope`, expected: 'a body {"errors": [ … ]} per error.schema.json', actual: problems.join('; ') }];
}
