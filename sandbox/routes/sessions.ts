/** POST and GET /v1/persons/{person_id}/identification_sessions[/{id}] (SESS). */
import { authenticate } from '../auth';
import type { Exchange } from '../context';
import { modelNotFound, validationError } from '../errors';
import { sendErrors, sendJson } from '../respond';
import { SESSION_METHODS, sessionView, type SessionMethod } from '../store';
import { jsonObjectOrReject } from './json-object';

const isSessionMethod = (v: unknown): v is SessionMethod => typeof v === 'string' && (SESSION_METHODS as readonly string[]).includes(v);

export function createSession(exchange: Exchange, personId: string): void {
  const { req, res, sandbox } = exchange;
  const { store, faults } = sandbox;
  const authError = authenticate(req, store, faults);
  if (authError !== null) return sendErrors(res, 401, [authError], faults);
  if (!store.persons.has(personId)) return sendErrors(res, 404, [modelNotFound('Person', personId)], faults);
  const body = jsonObjectOrReject(exchange);
  if (body === null) return;
  const methods = body.identification_methods;
  if (!Array.isArray(methods) || methods.length === 0 || !methods.every(isSessionMethod)) {
    const detail = `identification_methods must be a non-empty array of ${SESSION_METHODS.join(', ')}.`;
    return sendErrors(res, 400, [validationError('identification_methods', detail)], faults);
  }
  const callbackUrl = body.callback_url ?? null;
  if (callbackUrl !== null && typeof callbackUrl !== 'string') {
    return sendErrors(res, 400, [validationError('callback_url', 'callback_url must be a string.')], faults);
  }
  const session = store.createSession(personId, [...new Set(methods)], callbackUrl);
  sendJson(res, 201, sessionView(session));
}

export function getSession(exchange: Exchange, personId: string, sessionId: string): void {
  const { req, res, sandbox } = exchange;
  const { store, faults } = sandbox;
  const authError = authenticate(req, store, faults);
  if (authError !== null) return sendErrors(res, 401, [authError], faults);
  const session = store.sessions.get(sessionId);
  if (session === undefined || session.personId !== personId) {
    return sendErrors(res, 404, [modelNotFound('IdentificationSession', sessionId)], faults);
  }
  sendJson(res, 200, sessionView(session));
}
