/**
 * Writing answers: JSON through wire.ts, and the error envelope
 * {"errors": [{id, status, code, title, detail, source?}], "backtrace": [...]}. The faults that distort
 * error bodies live here, in one place, so every route's errors are distorted the same way.
 */
import type { ApiError } from './errors';
import type { Reply, SandboxState } from './context';
import { newErrorId } from './ids';
import { writeBody } from './wire';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export function sendJson(
  { res, sandbox }: Reply,
  status: number,
  body: unknown,
  contentType = JSON_CONTENT_TYPE,
): void {
  writeBody(res, status, JSON.stringify(body), contentType, sandbox.habits);
}

/** One field name for error-wrong-source-field: any other documented field than the right one. */
const otherField = (field: string): string => (field === 'method' ? 'language' : 'method');

/**
 * What the vendor's sandbox puts beside `errors` (OBS): the server-side stack, as strings. A plausible
 * Rails trace; its content means nothing, its presence is what a client must tolerate.
 */
const BACKTRACE: readonly string[] = [
  "app/controllers/v1/identifications_controller.rb:27:in `create'",
  "app/services/identifications/create.rb:41:in `call'",
  "app/controllers/application_controller.rb:58:in `with_error_handling'",
];

/** The status value the active faults put in every item; null when it must equal the HTTP status. */
function distortedStatus(status: number, { faults }: SandboxState): number | null {
  if (faults.fire('error-status-mismatch')) return status === 400 ? 422 : 400;
  if (status === 404 && faults.fire('error-status-404-as-400')) return 400;
  return null;
}

/** The error body exactly as sent for `errors` under the active faults (exported for the raw-socket 400). */
export function errorBody(status: number, errors: readonly ApiError[], sandbox: SandboxState): unknown {
  const { faults, habits } = sandbox;
  const dialect = habits.errorDialect();
  const fieldErrors = errors.some((e) => e.field !== undefined);
  const wrongSource = fieldErrors && faults.fire('error-wrong-source-field');
  const itemStatus = distortedStatus(status, sandbox) ?? status;
  const dropTitle = faults.fire('schema-error-missing-title');
  const items = errors.map((e) => {
    const item: Record<string, unknown> = {
      id: newErrorId(dialect.idShape),
      // ERR documents an integer, the endpoint page a string ("400"); the vendor sends both.
      status: dialect.statusAs === 'integer' ? itemStatus : String(itemStatus),
      code: e.code,
      title: e.title,
      detail: e.detail,
    };
    if (dropTitle) delete item.title;
    if (e.field !== undefined) {
      item.source = { field: wrongSource ? otherField(e.field) : e.field, message: e.detail };
    }
    return item;
  });
  if (faults.fire('error-flat-envelope')) return items[0];
  return { errors: items, backtrace: [...BACKTRACE] };
}

export function sendErrors(reply: Reply, status: number, errors: readonly ApiError[]): void {
  const body = errorBody(status, errors, reply.sandbox);
  const contentType = reply.sandbox.faults.fire('content-type-html-errors')
    ? 'text/html; charset=utf-8'
    : JSON_CONTENT_TYPE;
  sendJson(reply, status, body, contentType);
}
