/**
 * The contract's vocabularies as constants, read from the committed JSON schemas so that the schemas
 * stay the single source: a drift fix in a schema reaches every generator and check. The two lists
 * that no schema holds (documented HTTP statuses, session methods) come from api-contract pages
 * other than the reference page and are written here, with their source.
 */
import { type Json, type JsonObject, isJsonObject } from './json';
import { loadSchema } from './load';

const request = loadSchema('request');
const identification = loadSchema('identification');

function property(schema: JsonObject, dotted: string): JsonObject {
  let node: JsonObject = schema;
  for (const name of dotted.split('.')) {
    const holder = isJsonObject(node.items) ? node.items : node;
    const next = isJsonObject(holder.properties) ? holder.properties[name] : undefined;
    if (!isJsonObject(next)) throw new Error(`schemas/contract: ${String(schema.$id)} has no property "${dotted}"`);
    node = next;
  }
  return node;
}

function enumOf<T extends string | number>(
  schema: JsonObject,
  dotted: string,
  kind: 'string' | 'number',
): readonly T[] {
  const values = property(schema, dotted).enum;
  if (!Array.isArray(values)) throw new Error(`schemas/contract: ${String(schema.$id)} "${dotted}" has no enum`);
  // null is in the enums of nullable fields only to let null through; it is not a value of the vocabulary.
  const vocabulary = values.filter((v): v is Json => v !== null);
  if (!vocabulary.every((v) => typeof v === kind))
    throw new Error(`schemas/contract: "${dotted}" enum is not all ${kind}s`);
  return Object.freeze(vocabulary as T[]);
}

/** The 6 identification methods (request and response `method`). */
export const METHODS = enumOf<string>(request, 'method', 'string');
/** The 2 IDnow languages. */
export const LANGUAGES = enumOf<string>(request, 'language', 'string');
/** The 8 proof-of-address document types. */
export const PROOF_OF_ADDRESS_TYPES = enumOf<string>(request, 'proof_of_address_type', 'string');
/** The 16 identification statuses of the 200 body (the webhook's 3 extra statuses are not valid here). */
export const IDENTIFICATION_STATUSES = enumOf<string>(identification, 'status', 'string');
/** The 8 `documents[].document_type` values. */
export const DOCUMENT_TYPES = enumOf<string>(identification, 'documents.document_type', 'string');
/** The 89 Fourthline `provider_status_code` values. */
export const PROVIDER_STATUS_CODES = enumOf<number>(identification, 'provider_status_code', 'number');
/** The 15 Tink `account_verification_error` values. */
export const ACCOUNT_VERIFICATION_ERRORS = enumOf<string>(identification, 'account_verification_error', 'string');

/** The 7 documented request fields, in page order. */
export const REQUEST_FIELDS: readonly string[] = Object.freeze(
  Object.keys(isJsonObject(request.properties) ? request.properties : {}),
);

/** The request fields typed string (all 7 on the page). */
export const REQUEST_STRING_FIELDS: readonly string[] = Object.freeze(
  REQUEST_FIELDS.filter((name) => {
    const t = property(request, name).type;
    return t === 'string' || (Array.isArray(t) && t.includes('string'));
  }),
);

/**
 * HTTP statuses the contract documents for this endpoint: 200 and 400/403/500 from the reference page,
 * 401 and 404 from the API-wide authentication and errors pages, 409 (record_not_unique) from ERR.
 */
export const DOCUMENTED_HTTP_STATUSES: readonly number[] = Object.freeze([200, 400, 401, 403, 404, 409, 500]);

/** The request enum of `identification_methods` when a session is created (SESS page): no manual, no postident. */
export const SESSION_METHODS: readonly string[] = Object.freeze(['bank', 'bank_id', 'fourthline', 'idnow']);
