/** POST /v1/persons: any JSON object makes a person (the sandbox needs persons, not their data). */
import { authenticate } from '../auth';
import type { Exchange } from '../context';
import { sendErrors, sendJson } from '../respond';
import { jsonObjectOrReject } from './json-object';

export function createPerson(exchange: Exchange): void {
  const { req, sandbox } = exchange;
  const authError = authenticate(req, sandbox.store, sandbox.faults);
  if (authError !== null) return sendErrors(exchange, 401, [authError]);
  const body = jsonObjectOrReject(exchange);
  if (body === null) return;
  const person = sandbox.store.createPerson(body);
  sendJson(exchange, 201, { ...body, id: person.id });
}
