import { formatSchemaErrors, validateIdentification } from '../../schemas/validators';
import { defineCheck } from './define';
import { describeResponse } from './envelope';
import type { Finding } from './types';

/** What the created identification and its read-back must agree on (PID: the same resource). */
const SAME_FIELDS = [
  'id',
  'method',
  'person_id',
  'iban',
  'proof_of_address_type',
  'proof_of_address_issued_at',
] as const;

const hasValue = (v: unknown): boolean => v !== undefined && v !== null;

const asObject = (v: unknown): Record<string, unknown> | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

/**
 * PID documents GET /v1/persons/{person_id}/identifications/{id}: an identification just created
 * can be read back, is a valid identification, and is the same resource (status may move on).
 */
export const check = defineCheck({
  id: 'read-after-create',
  meaning:
    'An identification just created can be read back with GET /v1/persons/{person_id}/identifications/{id}: 200, a valid identification, same id, method, person_id and echoed fields.',
  order: 120,
  // Read-backs follow 200s only: owed wherever the contract demands one.
  owedBy: { valid: 'when-accepted' },
  readsBack: true,
  appliesTo: ({ readBack }) => readBack !== undefined,
  run(exchange) {
    const back = exchange.readBack;
    if (back === undefined) return [];
    const violation = (title: string, expected: string, actual: string, path?: string): Finding => ({
      title,
      expected,
      actual,
      ...(path ? { path } : {}),
    });
    if (back.status !== 200)
      return [
        violation(
          'created identification cannot be read back',
          'HTTP 200 from GET …/identifications/{id}',
          `HTTP ${back.status} ${back.bodyText.slice(0, 200)}`,
        ),
      ];
    if (back.json === undefined)
      return [violation('read-back is not JSON', 'a JSON identification', back.jsonError ?? 'an empty body')];
    const schemaErrors = validateIdentification(back.json);
    if (schemaErrors.length > 0)
      return [
        violation(
          'read-back does not match identification.schema.json',
          'a valid identification',
          formatSchemaErrors(schemaErrors),
        ),
      ];
    const created = asObject(exchange.response.json);
    const read = asObject(back.json);
    if (created === null || read === null)
      return [violation('read-back is not an object', 'an identification object', describeResponse(exchange))];
    // The GET is under the path's person: a read-back naming another person is not this resource.
    const foreign =
      hasValue(read.person_id) && read.person_id !== exchange.target.personId
        ? [
            violation(
              'read-back belongs to another person',
              `person_id ${JSON.stringify(exchange.target.personId)} (the path's person), or none`,
              JSON.stringify(read.person_id),
              '/person_id',
            ),
          ]
        : [];
    // null means "no value" (OBS), like an absent field; and a field one side has no value for is no
    // disagreement: the vendor omits person_id from some answers, and a read-back may fill fields in.
    return [
      ...foreign,
      ...SAME_FIELDS.filter(
        (field) =>
          hasValue(created[field]) &&
          hasValue(read[field]) &&
          JSON.stringify(created[field]) !== JSON.stringify(read[field]),
      ).map((field) =>
        violation(
          `read-back differs in ${field}`,
          `${field} ${JSON.stringify(created[field])} as created`,
          `${JSON.stringify(read[field])}`,
          `/${field}`,
        ),
      ),
    ];
  },
});
