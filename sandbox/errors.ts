/**
 * The sandbox's error vocabulary: one constructor per kind of error the contract names, so the
 * codes and titles stay consistent across routes. Turning them into a body is respond.ts's job.
 */

export interface ApiError {
  code: string;
  title: string;
  detail: string;
  /** The request field at fault, for validation errors (becomes source.field). */
  field?: string;
}

export const tokenRequired = (): ApiError => ({
  code: 'token_required',
  title: 'Token Required',
  detail: 'The request has no bearer token.',
});

export const invalidToken = (): ApiError => ({
  code: 'invalid_token',
  title: 'Invalid Token',
  detail: 'The bearer token is invalid or has expired.',
});

export const invalidClient = (): ApiError => ({
  code: 'invalid_client',
  title: 'Invalid Client',
  detail: 'The client credentials are not valid.',
});

export const unsupportedGrantType = (): ApiError => ({
  code: 'unsupported_grant_type',
  title: 'Unsupported Grant Type',
  detail: 'Only grant_type=client_credentials is supported.',
});

export const modelNotFound = (model: string, id: string): ApiError => ({
  code: 'model_not_found',
  title: 'Model Not Found',
  detail: `Couldn't find '${model}' for id '${id}'.`,
});

export const routeNotFound = (): ApiError => ({ code: 'not_found', title: 'Not Found', detail: 'No such route.' });

export const methodNotAllowed = (): ApiError => ({
  code: 'method_not_allowed',
  title: 'Method Not Allowed',
  detail: 'The route does not support this HTTP method.',
});

export const invalidJson = (detail = 'The request body is not valid JSON.'): ApiError => ({
  code: 'invalid_json',
  title: 'Invalid JSON',
  detail,
});

export const wrongContentType = (): ApiError =>
  invalidJson('The request body must be sent with Content-Type application/json.');

export const notAnObject = (): ApiError => ({
  code: 'invalid_model',
  title: 'Invalid Model',
  detail: 'The request body must be a JSON object.',
});

export const bodyTooLarge = (limit: number): ApiError => ({
  code: 'request_entity_too_large',
  title: 'Request Entity Too Large',
  detail: `The request body exceeds ${limit} bytes.`,
});

export const typeError = (field: string, expected: string): ApiError => ({
  code: 'type_error',
  title: 'Type Error',
  detail: `${field} must be ${expected}.`,
  field,
});

export const validationError = (field: string, detail: string): ApiError => ({
  code: 'validation_error',
  title: 'Validation Error',
  detail,
  field,
});

export const genericError = (): ApiError => ({
  code: 'generic_error',
  title: 'Generic Error',
  detail: 'There was an error.',
});

/** What a rate limiter or a busy gateway answers (chaos.ts): not the endpoint's verdict on the request. */
export const tooManyRequests = (): ApiError => ({
  code: 'too_many_requests',
  title: 'Too Many Requests',
  detail: 'Rate limit exceeded; retry after the time in Retry-After.',
});

export const serviceUnavailable = (): ApiError => ({
  code: 'service_unavailable',
  title: 'Service Unavailable',
  detail: 'The service is busy; retry after the time in Retry-After.',
});
