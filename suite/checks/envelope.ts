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

/**
 * An answer that created the identification: 200, as the page documents, or 201, as the vendor's
 * other creates answer (the contract's first candidate for a known deviation). status-code judges
 * which of the two came; every other check judges the body of either the same way, so a team that
 * accepts 201 knowingly still has every created identification checked.
 */
export const isCreation = (status: number): boolean => status === 200 || status === 201;

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
  /** The request field the broken rule concerns, where there is one: part of the deviation's key. */
  field?: string;
}

/** The shared shape of the rejection checks: the right status first, then a valid error envelope. */
export function rejectionFindings(exchange: Exchange, rule: RejectionRule): Finding[] {
  const subject = `${rule.subject}${rule.field ? ` (${rule.field})` : ''}`;
  const { status } = exchange.response;
  if (!rule.accepts(status)) {
    return [
      {
        title: `${rule.subject}: not rejected as the contract asks`,
        key: `${subject}: answered HTTP ${status}`,
        expected: rule.expected,
        actual: describeResponse(exchange),
      },
    ];
  }
  const problems = envelopeProblems(exchange);
  if (problems.length === 0) return [];
  return [
    {
      title: `${rule.subject}: rejection without a valid error envelope`,
      key: `${subject}: HTTP ${status} without a valid error envelope`,
      expected: 'a body {"errors": [ … ]} per error.schema.json',
      actual: problems.join('; '),
    },
  ];
}
