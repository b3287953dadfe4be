/** Bearer-token checks for /v1 routes, and client-credential checks for the token endpoint. */
import type { IncomingMessage } from 'node:http';
import { invalidToken, tokenRequired, type ApiError } from './errors';
import type { FaultSwitches } from './fault-switches';
import type { Store } from './store';

const BEARER = /^Bearer +(\S+) *$/i;

/** null when the request may proceed; otherwise the 401 error to answer. */
export function authenticate(req: IncomingMessage, store: Store, faults: FaultSwitches): ApiError | null {
  const header = req.headers.authorization;
  if (header === undefined || header.trim() === '') {
    return faults.fire('auth-no-token-accepted') ? null : withCode(tokenRequired(), faults);
  }
  const token = BEARER.exec(header)?.[1];
  if (token !== undefined && store.isValidToken(token)) return null;
  return faults.fire('auth-any-bearer') ? null : withCode(invalidToken(), faults);
}

/** auth-wrong-error-code: the right 401, with a code the errors page does not give it. */
function withCode(error: ApiError, faults: FaultSwitches): ApiError {
  return faults.fire('auth-wrong-error-code') ? { ...error, code: 'unauthorized' } : error;
}

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** Credentials from `Authorization: Basic …`, else from the client_id / client_secret form fields. */
export function presentedCredentials(req: IncomingMessage, form: URLSearchParams): ClientCredentials | null {
  const header = req.headers.authorization;
  const basic = header === undefined ? undefined : /^Basic +(\S+) *$/i.exec(header)?.[1];
  if (basic !== undefined) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    return {
      clientId: decodeURIComponentSafe(decoded.slice(0, colon)),
      clientSecret: decodeURIComponentSafe(decoded.slice(colon + 1)),
    };
  }
  const clientId = form.get('client_id');
  const clientSecret = form.get('client_secret');
  return clientId === null || clientSecret === null ? null : { clientId, clientSecret };
}

/** RFC 6749 §2.3.1 form-encodes Basic credentials; plain ones decode to themselves. */
function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}
