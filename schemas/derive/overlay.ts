/**
 * The hand-written part of the schemas: what the reference page states in prose, what its copy lost
 * (inline-code words), and what the wider contract adds (request rules, inferred required fields,
 * formats). The page-derived part (fields, types, enums, nullability, examples, descriptions) comes
 * from schemas/derive/build.ts; this overlay is merged on top and wins where it speaks, so keep it to
 * what the page cannot say. Sources: ENDPOINT (the reference page), PID (person identifications page,
 * same fields with inline code intact), RR (requests and responses), ERR (errors).
 */
import type { JsonObject } from '../json';
import { NO_SURROUNDING_WHITESPACE } from '../patterns';

export interface FieldOverlay {
  /** Keywords added to the page-derived field schema (they replace a page-derived keyword of the same name). */
  set?: JsonObject;
  /** Page-derived keywords to drop because `set` says the same thing another way (e.g. `type` → `anyOf`). */
  unset?: string[];
  /** Force nullability (type gains/loses "null", enum gains/loses null). */
  nullable?: boolean;
  /** Words the page copy lost: replace `from` by `to` in the page description; a warning if `from` is gone. */
  restore?: [from: string, to: string];
  /** The field is not on the page; the overlay defines it whole in `set`. */
  add?: boolean;
}

export interface ObjectOverlay {
  /** Root keywords placed before `properties`. */
  head: JsonObject;
  /** Root keywords placed after `properties`. */
  tail: JsonObject;
  /** Keyed by the page's dotted field name (`address.line_1`, `documents.size`). */
  fields: Record<string, FieldOverlay>;
  /**
   * Every field not in `tail.required` also accepts null: at the top level only (RR: null values in a
   * request are ignored), or at every depth (OBS: the API sends null for any field it has no value for).
   */
  optionalFieldsNullable?: 'top-level' | 'every-depth';
}

const SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';
const ID_BASE = 'https://conformance.local/schemas/';

const noWhitespace: FieldOverlay = {
  set: { pattern: NO_SURROUNDING_WHITESPACE, $comment: 'RR: values with leading or trailing whitespace are rejected.' },
};

export const requestOverlay: ObjectOverlay = {
  head: {
    $schema: SCHEMA_DIALECT,
    $id: `${ID_BASE}identification-request.schema.json`,
    title: 'Create identification: request body',
    $comment:
      'Documented part derived from the vendor reference page (Request fields) by schemas/derive; the required method, the conditional iban, the whitespace rule, nulls and unknown fields come from the hand-written overlay (schemas/derive/overlay.ts).',
    type: 'object',
  },
  tail: {
    required: ['method'],
    allOf: [
      {
        $comment:
          'Overlay (PID, words lost on the endpoint page): iban is mandatory (non-null, non-empty, valid) when method is bank or bank_id.',
        if: { properties: { method: { enum: ['bank', 'bank_id'] } }, required: ['method'] },
        then: { required: ['iban'], properties: { iban: { type: 'string', minLength: 1 } } },
      },
      {
        $comment: 'Overlay (Bankident guide): Bankident (method bank) accepts German IBANs only.',
        if: { properties: { method: { enum: ['bank'] } }, required: ['method'] },
        then: { properties: { iban: { type: 'string', pattern: '^DE' } } },
      },
    ],
    additionalProperties: true,
  },
  optionalFieldsNullable: 'top-level',
  fields: {
    method: {
      set: {
        $comment:
          'Inferred required: the page marks nothing required, but without a method there is nothing to create. Case-sensitive (RR).',
      },
    },
    reference: noWhitespace,
    device_data: noWhitespace,
    proof_of_address_type: {
      restore: ['This field is if', 'This field is mandatory if'],
      set: {
        $comment:
          'Mandatory only when the ID document lacks the address, which the API cannot know at creation: optional here.',
      },
    },
    proof_of_address_issued_at: {
      restore: ['This field is if', 'This field is mandatory if'],
      set: { format: 'date' },
    },
    iban: {
      restore: ['method is or .', 'method is bank or bank_id.'],
      set: {
        format: 'iban',
        $comment:
          'format iban: ISO 13616 in electronic form (no spaces, upper case), checked by ibantools.isValidIBAN.',
      },
    },
  },
};

export const identificationOverlay: ObjectOverlay = {
  head: {
    $schema: SCHEMA_DIALECT,
    $id: `${ID_BASE}identification.schema.json`,
    title: 'Create identification: 200 response body (the identification)',
    $comment:
      'Documented part derived from the vendor reference page (Response 200 fields) by schemas/derive; formats, required and nullability come from the overlay. required is inferred: the page marks no field required, but an identification without id, method and status is unusable, and the vendor\'s own client models make exactly these three non-optional (person_id is omitted in recorded responses). null means "no value" (OBS): the API sends null for every field it has no value for, so every field but the required three accepts null, at every depth; type, enum and format apply to every non-null value. Unknown fields are allowed: the page does not close the object and the API sends undocumented fields.',
    type: 'object',
  },
  tail: {
    required: ['id', 'method', 'status'],
    additionalProperties: true,
  },
  optionalFieldsNullable: 'every-depth',
  fields: {
    url: { set: { format: 'uri' } },
    completed_at: { set: { format: 'date-time' } },
    proof_of_address_issued_at: { set: { format: 'date' } },
    authorization_expires_at: { set: { format: 'date-time' } },
    confirmation_expires_at: { set: { format: 'date-time' } },
    'documents.size': { set: { minimum: 0, $comment: 'A byte count cannot be negative.' } },
    iban: {
      restore: ['provided for and identifications', 'provided for bank and bank_id identifications'],
      set: {
        $comment:
          "No iban format here: the page's own example (DE11010101010101010100) fails mod-97; the rule iban-echo (schemas/rules.ts) ties it to the valid IBAN sent.",
      },
    },
    account_verification_error: {
      set: {
        $comment:
          'Only with failure_reason account_snaphot_failed (sic) or account_snapshot_expired: rule account-verification-error-needs-failure-reason.',
      },
    },
  },
};

/** The error item's fields come from the page's `Response NNN fields` sections (the page renders the array's items flat). */
export const errorItemOverlay: ObjectOverlay = {
  head: { type: 'object' },
  tail: { required: ['id', 'status', 'code', 'title', 'detail'], additionalProperties: true },
  fields: {
    id: { set: { $comment: 'A UUID on the endpoint pages, hex elsewhere (ERR): shape not asserted.' } },
    status: {
      unset: ['type'],
      set: {
        $comment:
          'ERR documents an integer, the endpoint pages a string ("400"): either, as long as it is digits. Its value must equal the HTTP status (rule error-status-matches-http).',
        anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^[0-9]+$' }],
      },
    },
    source: {
      add: true,
      set: {
        description: 'The offending request field, on validation errors (ERR).',
        type: 'object',
        properties: {
          field: { type: 'string' },
          message: { type: 'string' },
        },
        additionalProperties: true,
      },
    },
  },
};

export const errorEnvelopeHead: JsonObject = {
  $schema: SCHEMA_DIALECT,
  $id: `${ID_BASE}error.schema.json`,
  title: 'Error response body (every 4xx/5xx)',
  $comment:
    'ERR: {"errors": [...]} with one or more items. The reference page lists the item fields flat (Response NNN fields): that is how the docs render the array items, not a second format, so a flat error object is invalid. examples: one per Response NNN section of the page, wrapped in the envelope.',
  type: 'object',
};

export const pathParametersHead: JsonObject = {
  $schema: SCHEMA_DIALECT,
  $id: `${ID_BASE}path-parameters.schema.json`,
  title: 'Create identification: path parameters',
  $comment: 'Derived from the vendor reference page (Path parameters) by schemas/derive.',
  type: 'object',
};
