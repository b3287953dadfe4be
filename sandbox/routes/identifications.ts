/**
 * The endpoint under test, POST …/identification_sessions/{id}/identifications, and the GET of an
 * identification (PID). Order of judgement, as settled: auth (401) → person and session (404) →
 * Content-Type and JSON (400) → body rules (400).
 */
import { authenticate } from '../auth';
import { isJsonContentType, isPlainObject, parseJsonBody } from '../body';
import type { Exchange } from '../context';
import { genericError, invalidJson, modelNotFound, notAnObject, wrongContentType } from '../errors';
import { CRASH_DEVICE_DATA_LENGTH } from '../faults';
import { buildIdentification } from '../identification';
import { distortIdentification } from '../identification-faults';
import { newResourceId } from '../ids';
import { JSON_CONTENT_TYPE, sendErrors, sendJson } from '../respond';
import { SESSION_METHODS, type IdentificationSession } from '../store';
import { validateIdentification } from '../validate-identification';

/** Any emoji, or any character outside the BMP (what trips naive UTF-16/3-byte-UTF-8 code). */
const EMOJI_OR_ASTRAL = /\p{Extended_Pictographic}|[\u{10000}-\u{10FFFF}]/u;

/** What the unreadable-body faults pretend the client sent. */
const FALLBACK_BODY = { method: 'manual' };

export function createIdentification(exchange: Exchange, personId: string, sessionId: string): void {
  const { req, res, sandbox } = exchange;
  const { store, faults } = sandbox;
  const authError = authenticate(req, store, faults);
  if (authError !== null) return sendErrors(res, 401, [authError], faults);

  const session = findSession(exchange, personId, sessionId);
  if (session === null) return;

  if (!isJsonContentType(req.headers['content-type']) && !faults.fire('content-type-ignored')) {
    return sendErrors(res, 400, [wrongContentType()], faults);
  }
  const parsed = parseJsonBody(exchange.body);
  let body: unknown;
  if (parsed.ok) body = parsed.value;
  else if (faults.fire('malformed-json-500')) return sendErrors(res, 500, [genericError()], faults);
  else if (faults.fire('malformed-json-accepted')) body = FALLBACK_BODY;
  else return sendErrors(res, 400, [invalidJson(parsed.reason)], faults);
  if (!isPlainObject(body)) {
    if (!faults.fire('non-object-accepted')) return sendErrors(res, 400, [notAnObject()], faults);
    body = FALLBACK_BODY;
  }
  const fields = body as Record<string, unknown>;

  if (faults.any && crashes(fields, exchange)) return sendErrors(res, 500, [genericError()], faults);

  const result = validateIdentification(fields, session.identification_methods, faults);
  if (!result.ok) {
    const status = faults.fire('status-422-validation') ? 422 : 400;
    return sendErrors(res, status, result.errors, faults);
  }

  const identification = buildIdentification(nextIdentificationId(exchange), personId, result.request);
  distortIdentification(identification, result.request, faults);
  if (typeof identification.id === 'string') store.identifications.set(identification.id, { personId, body: identification });
  const status = faults.fire('status-201-created') ? 201 : 200;
  const contentType = faults.fire('content-type-text-success') ? 'text/plain; charset=utf-8' : JSON_CONTENT_TYPE;
  sendJson(res, status, identification, contentType);
}

export function getIdentification(exchange: Exchange, personId: string, identificationId: string): void {
  const { req, res, sandbox } = exchange;
  const { store, faults } = sandbox;
  const authError = authenticate(req, store, faults);
  if (authError !== null) return sendErrors(res, 401, [authError], faults);
  const stored = store.identifications.get(identificationId);
  if (stored === undefined || stored.personId !== personId || faults.fire('read-back-not-found')) {
    return sendErrors(res, 404, [modelNotFound('Identification', identificationId)], faults);
  }
  if (faults.fire('read-back-different')) {
    return sendJson(res, 200, { ...stored.body, method: stored.body.method === 'manual' ? 'postident' : 'manual' });
  }
  sendJson(res, 200, stored.body);
}

/** The session to create in, or null once a 404 is sent (unknown person, unknown or foreign session). */
function findSession({ res, sandbox }: Exchange, personId: string, sessionId: string): IdentificationSession | null {
  const { store, faults } = sandbox;
  const personKnown = store.persons.has(personId);
  const session = store.sessions.get(sessionId);
  if (session === undefined) {
    if (personKnown && faults.fire('unknown-session-accepted')) {
      return { id: sessionId, personId, identification_methods: [...SESSION_METHODS], callback_url: null, url: '' };
    }
    sendErrors(res, 404, [personKnown ? modelNotFound('IdentificationSession', sessionId) : modelNotFound('Person', personId)], faults);
    return null;
  }
  if (!personKnown) {
    if (faults.fire('unknown-person-accepted')) return session;
    sendErrors(res, 404, [modelNotFound('Person', personId)], faults);
    return null;
  }
  if (session.personId !== personId && !faults.fire('foreign-session-accepted')) {
    sendErrors(res, 404, [modelNotFound('IdentificationSession', sessionId)], faults);
    return null;
  }
  return session;
}

/** The not-a-server-error faults: inputs a fragile implementation would crash on. */
function crashes(fields: Record<string, unknown>, { sandbox: { faults } }: Exchange): boolean {
  const deviceData = fields.device_data;
  if (typeof deviceData === 'string' && deviceData.length > CRASH_DEVICE_DATA_LENGTH && faults.fire('crash-long-device-data')) return true;
  for (const value of Object.values(fields)) {
    if (typeof value === 'string' && EMOJI_OR_ASTRAL.test(value)) return faults.fire('crash-emoji');
  }
  return false;
}

/** A new id every time; under id-reuse, every 2nd identification gets the previous one's id. */
function nextIdentificationId({ sandbox: { store, faults } }: Exchange): string {
  store.identificationsCreated += 1;
  const previous = store.lastIdentificationId;
  const id = store.identificationsCreated % 2 === 0 && previous !== undefined && faults.fire('id-reuse') ? previous : newResourceId('cidt');
  store.lastIdentificationId = id;
  return id;
}
