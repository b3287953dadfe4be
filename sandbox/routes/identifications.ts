/**
 * The endpoint under test, POST …/identification_sessions/{id}/identifications, and the GET of an
 * identification (PID). Order of judgement, as settled: auth (401) → person and session (404) →
 * Content-Type and JSON (400) → body rules (400).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { authenticate } from '../auth';
import { isJsonContentType, isPlainObject, parseJsonBody } from '../body';
import type { Exchange } from '../context';
import { genericError, invalidJson, modelNotFound, notAnObject, wrongContentType, type ApiError } from '../errors';
import { CRASH_DEVICE_DATA_LENGTH } from '../faults';
import { buildIdentification, presentIdentification } from '../identification';
import { distortIdentification } from '../identification-faults';
import { newResourceId } from '../ids';
import { JSON_CONTENT_TYPE, sendErrors, sendJson } from '../respond';
import { SESSION_METHODS, type IdentificationSession } from '../store';
import { validateIdentification } from '../validate-identification';
import { CASE_HEADER } from '../../suite/model/case-header';

/** Any emoji, or any character outside the BMP (what trips naive UTF-16/3-byte-UTF-8 code). */
const EMOJI_OR_ASTRAL = /\p{Extended_Pictographic}|[\u{10000}-\u{10FFFF}]/u;

/** What the unreadable-body faults pretend the client sent. */
const FALLBACK_BODY = { method: 'manual' };

export async function createIdentification(exchange: Exchange, personId: string, sessionId: string): Promise<void> {
  // The vendor's rare slow answer: the pause comes first, so every kind of answer can be the slow one.
  const delay = exchange.sandbox.habits.delayForEndpointPost();
  if (delay > 0) await sleep(delay);
  const caseId = exchange.req.headers[CASE_HEADER];
  exchange.sandbox.faults.during(typeof caseId === 'string' ? caseId : null, () =>
    judgeCreation(exchange, personId, sessionId),
  );
}

function judgeCreation(exchange: Exchange, personId: string, sessionId: string): void {
  const { req, sandbox } = exchange;
  const { store, faults } = sandbox;
  const authError = authenticate(req, store, faults);
  if (authError !== null) return sendErrors(exchange, 401, [authError]);

  const session = findSession(exchange, personId, sessionId);
  if (session === null) return;

  const contentType = req.headers['content-type'];
  if (!isJsonContentType(contentType) && !faults.fire('content-type-ignored')) {
    return sendErrors(exchange, 400, [wrongContentType()]);
  }
  const fields = readFields(exchange);
  if (fields === null) return;

  if (faults.any && crashes(fields, exchange)) return sendErrors(exchange, 500, [genericError()]);

  const result = validateIdentification(fields, session.identification_methods, faults);
  if (!result.ok) {
    const status = faults.fire('status-422-validation') ? 422 : 400;
    return sendErrors(exchange, status, result.errors);
  }
  // Only once everything else passed, so the fault shows as a valid request refused and nothing else.
  if (contentType?.includes(';') && faults.fire('reject-charset-json')) {
    return sendErrors(exchange, 400, [
      invalidJson('The request body must be sent with Content-Type application/json, without parameters.'),
    ]);
  }

  const id = nextIdentificationId(exchange);
  const identification = buildIdentification(id, personId, result.request, store.identificationsCreated);
  distortIdentification(identification, result.request, faults);
  if (typeof identification.id === 'string')
    store.identifications.set(identification.id, { personId, body: identification });
  const status = faults.fire('status-201-created') ? 201 : 200;
  const answerType = faults.fire('content-type-text-success') ? 'text/plain; charset=utf-8' : JSON_CONTENT_TYPE;
  sendJson(exchange, status, presentIdentification(identification, sandbox.habits), answerType);
}

/** The body as a JSON object (or what the unreadable-body faults pretend was sent); null once a 400/500 is sent. */
function readFields(exchange: Exchange): Record<string, unknown> | null {
  const { faults } = exchange.sandbox;
  const parsed = parseJsonBody(exchange.body);
  let body: unknown;
  if (parsed.ok) body = parsed.value;
  else if (faults.fire('malformed-json-500')) return reject(exchange, 500, genericError());
  else if (faults.fire('malformed-json-accepted')) body = FALLBACK_BODY;
  else if (faults.fire('malformed-json-wrong-code'))
    return reject(exchange, 400, { ...invalidJson(parsed.reason), code: 'validation_error' });
  else return reject(exchange, 400, invalidJson(parsed.reason));
  if (!isPlainObject(body)) {
    if (!faults.fire('non-object-accepted')) return reject(exchange, 400, notAnObject());
    body = FALLBACK_BODY;
  }
  return body as Record<string, unknown>;
}

function reject(exchange: Exchange, status: number, error: ApiError): null {
  sendErrors(exchange, status, [error]);
  return null;
}

export function getIdentification(exchange: Exchange, personId: string, identificationId: string): void {
  const { req, sandbox } = exchange;
  const { store, faults, habits } = sandbox;
  const authError = authenticate(req, store, faults);
  if (authError !== null) return sendErrors(exchange, 401, [authError]);
  const stored = store.identifications.get(identificationId);
  if (stored === undefined || stored.personId !== personId || faults.fire('read-back-not-found')) {
    return sendErrors(exchange, 404, [modelNotFound('Identification', identificationId)]);
  }
  if (faults.fire('read-back-different')) {
    return sendJson(
      exchange,
      200,
      presentIdentification(
        { ...stored.body, method: stored.body.method === 'manual' ? 'postident' : 'manual' },
        habits,
      ),
    );
  }
  sendJson(exchange, 200, presentIdentification(stored.body, habits));
}

/** The session to create in, or null once a 404 is sent (unknown person, unknown or foreign session). */
function findSession(exchange: Exchange, personId: string, sessionId: string): IdentificationSession | null {
  const { store, faults } = exchange.sandbox;
  const personKnown = store.persons.has(personId);
  const session = store.sessions.get(sessionId);
  if (session === undefined) {
    if (personKnown && faults.fire('unknown-session-accepted')) {
      return { id: sessionId, personId, identification_methods: [...SESSION_METHODS], callback_url: null, url: '' };
    }
    sendErrors(exchange, 404, [
      personKnown ? modelNotFound('IdentificationSession', sessionId) : modelNotFound('Person', personId),
    ]);
    return null;
  }
  if (!personKnown) {
    if (faults.fire('unknown-person-accepted')) return session;
    sendErrors(exchange, 404, [modelNotFound('Person', personId)]);
    return null;
  }
  if (session.personId !== personId && !faults.fire('foreign-session-accepted')) {
    sendErrors(exchange, 404, [modelNotFound('IdentificationSession', sessionId)]);
    return null;
  }
  return session;
}

/** The not-a-server-error faults: inputs a fragile implementation would crash on. */
function crashes(fields: Record<string, unknown>, { sandbox: { faults } }: Exchange): boolean {
  const deviceData = fields.device_data;
  if (
    typeof deviceData === 'string' &&
    deviceData.length > CRASH_DEVICE_DATA_LENGTH &&
    faults.fire('crash-long-device-data')
  )
    return true;
  for (const value of Object.values(fields)) {
    if (typeof value === 'string' && EMOJI_OR_ASTRAL.test(value)) return faults.fire('crash-emoji');
  }
  return false;
}

/** A new id every time; under id-reuse, every 2nd identification gets the previous one's id. */
function nextIdentificationId({ sandbox: { store, faults } }: Exchange): string {
  store.identificationsCreated += 1;
  const previous = store.lastIdentificationId;
  const id =
    store.identificationsCreated % 2 === 0 && previous !== undefined && faults.fire('id-reuse')
      ? previous
      : newResourceId('cidt');
  store.lastIdentificationId = id;
  return id;
}
