/** Path → handlers by HTTP method. Plain segment matching: seven routes do not need a framework. */
import type { Exchange } from './context';
import { faultReport } from './routes/fault-report';
import { createIdentification, getIdentification } from './routes/identifications';
import { createPerson } from './routes/persons';
import { createSession, getSession } from './routes/sessions';
import { issueToken } from './routes/token';

/** Most handlers answer at once; the endpoint's may wait first (a slow answer), hence the promise. */
export type Handler = (exchange: Exchange) => void | Promise<void>;
export type RouteHandlers = Partial<Record<'GET' | 'POST', Handler>>;

/** Path parameters are percent-decoded; a bad escape leaves the raw text (it then matches nothing). */
function param(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The handlers for a path, or null for an unknown path. The query string is ignored. */
export function resolveRoute(url: string): RouteHandlers | null {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (!path.startsWith('/')) return null;
  const s = path.slice(1).split('/');
  if (s.length > 1 && s[s.length - 1] === '') s.pop(); // a trailing slash
  const [a, b, c, d, e, f] = s;
  if (s.length === 2 && a === 'oauth2' && b === 'token') return { POST: issueToken };
  if (s.length === 2 && a === '__sandbox' && b === 'faults') return { GET: faultReport };
  if (a !== 'v1' || b !== 'persons') return null;
  if (s.length === 2) return { POST: createPerson };
  if (c === undefined || c === '') return null;
  const personId = param(c);
  if (s.length === 4 && d === 'identification_sessions') return { POST: (x) => createSession(x, personId) };
  if (s.length === 5 && d === 'identification_sessions' && e) {
    const sessionId = param(e);
    return { GET: (x) => getSession(x, personId, sessionId) };
  }
  if (s.length === 6 && d === 'identification_sessions' && e && f === 'identifications') {
    const sessionId = param(e);
    return { POST: (x) => createIdentification(x, personId, sessionId) };
  }
  if (s.length === 5 && d === 'identifications' && e) {
    const identificationId = param(e);
    return { GET: (x) => getIdentification(x, personId, identificationId) };
  }
  return null;
}
