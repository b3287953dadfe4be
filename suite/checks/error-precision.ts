import { checkErrorRules } from '../../schemas/rules';
import { defineCheck } from './define';
import type { Exchange, Finding } from './types';

/** The last segment of a field reference: `iban`, `identification.iban`, `/iban` and `data[iban]` all name `iban`. */
const lastSegment = (field: string): string =>
  field
    .split(/[./[\]]+/)
    .filter(Boolean)
    .pop() ?? field;

function sourceFields(json: unknown): string[] {
  const errors = (json as { errors?: unknown })?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((e: unknown) => {
    const field = (e as { source?: { field?: unknown } })?.source?.field;
    return typeof field === 'string' && field !== '' ? [field] : [];
  });
}

function fieldFinding(exchange: Exchange): Finding[] {
  const c = exchange.case;
  if (c.kind !== 'invalid' || c.field === null || exchange.response.status !== 400) return [];
  const named = sourceFields(exchange.response.json);
  if (named.length === 0 || named.some((f) => lastSegment(f) === c.field)) return [];
  return [
    {
      rule: 'source-field-names-broken-field',
      title: `source.field does not name the broken field (${c.rule})`,
      expected: `source.field naming "${c.field}"`,
      actual: `source.field ${named.map((f) => JSON.stringify(f)).join(', ')}`,
    },
  ];
}

/** The error's own status equals the HTTP status; where source.field is given, it names the broken field. */
export const check = defineCheck({
  id: 'error-precision',
  meaning:
    "An error's status equals the HTTP status, and where errors[].source.field is present it names the field the request broke.",
  order: 60,
  owedBy: { invalid: 'all' },
  appliesTo: ({ response }) =>
    response.status >= 400 && Array.isArray((response.json as { errors?: unknown } | undefined)?.errors),
  run(exchange) {
    const rules: Finding[] = checkErrorRules({
      httpStatus: exchange.response.status,
      body: exchange.response.json,
    }).map((v) => ({
      rule: v.rule,
      title: `${v.rule}`,
      expected: v.expected,
      actual: v.actual,
      path: v.path,
    }));
    return [...rules, ...fieldFinding(exchange)];
  },
});
