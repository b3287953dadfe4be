/** POST and GET /v1/persons/{person_id}/identification_sessions[/{id}] (SESS). */
import { authenticate } from '../auth';
import type { Exchange } from '../context';
import { modelNotFound, validationError } from '../errors';
import { sendErrors, sendJson } from '../respond';
import { SESSION_METHODS, sessionView, type SessionMethod } from '../store';
import { jsonObjectOrReject } from './json-object';

const isSessionMethod = (v: unknown): v is SessionMethod =>
  typeof v === 'string' && (SESSION_METHODS as readonly string[]).includes(v);

export function createSession(exchange: Exchange, personId: string): void {
  const { req, sandbox } = exchange;
  const { store, faults } = sandbox;
  const authError = authenticate(req, store, faults);
  if (authError !== null) return sendErrors(exchange, 401, [authError]);
  if (!store.persons.has(personId)) return sendErrors(exchange, 404, [modelNotFound('Person', personId)]);
  const body = jsonObjectOrReject(exchange);
  if (body === null) return;
  const methods = body.identification_methods;
  if (!Array.isArray(methods) || methods.length === 0 || !methods.every(isSessionMethod)) {
    const detail = `identification_methods must be a non-empty array of ${SESSION_METHODS.join(', ')}.`;
    return sendErrors(exchange, 400, [validationError('identification_methods', detail)]);
  }
  const callbackUrl = body.callback_url ?? null;
  if (callbackUrl !== null && typeof callbackUrl !== 'string') {
    return sendErrors(exchange, 400, [validationError('callback_url', 'callback_url must be a string.')]);
  }
  const session = store.createSession(personId, [...new Set(methods)], callbackUrl);
  sendJson(exchange, 201, sessionView(session));
}

export function getSession(exchange: Exchange, personId: string, sessionId: string): void {
  const { req, sandbox } = exchange;
  const { store, faults } = sandbox;
  const authError = authenticate(req, store, faults);
  if (authError !== null) return sendErrors(exchange, 401, [authError]);
  const session = store.sessions.get(sessionId);
  if (session === undefined || session.personId !== personId) {
    return sendErrors(exchange, 404, [modelNotFound('IdentificationSession', sessionId)]);
  }
  sendJson(exchange, 200, sessionView(session));
}
