import { validateErrorBody, validateIdentification, type SchemaError } from '../../schemas/validators';
import { defineCheck } from './define';
import { isCreation } from './envelope';
import type { Finding } from './types';

const toFinding = (schema: string, error: SchemaError): Finding => ({
  title: `${schema}: ${error.keyword} at ${error.path || '/'}`,
  expected: error.message,
  actual: error.actual,
  path: error.path,
});

/** 200 (and 201) bodies match identification.schema.json; error bodies (4xx, 5xx) match error.schema.json. */
export const check = defineCheck({
  id: 'response-schema',
  meaning:
    'A 200 body (or a 201 one, whose status status-code reports) matches identification.schema.json; every error body (4xx, 5xx) matches error.schema.json.',
  order: 20,
  owedBy: { valid: 'always', invalid: 'all', probes: 'all' },
  appliesTo: ({ response }) => isCreation(response.status) || response.status >= 400,
  run(exchange) {
    const { status, json, jsonError } = exchange.response;
    const schema = isCreation(status) ? 'identification.schema.json' : 'error.schema.json';
    if (json === undefined) {
      return [{ title: `${schema}: body is not JSON`, expected: 'a JSON body', actual: jsonError ?? 'an empty body' }];
    }
    const errors = isCreation(status) ? validateIdentification(json) : validateErrorBody(json);
    return errors.map((error) => toFinding(schema, error));
  },
});
