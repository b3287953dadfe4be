/**
 * Writing answers: JSON with an exact Content-Length (cheap for keep-alive), and the error envelope
 * {"errors": [{id, status, code, title, detail, source?}]}. The faults that distort error bodies live
 * here, in one place, so every route's errors are distorted the same way.
 */
import type { ServerResponse } from 'node:http';
import type { ApiError } from './errors';
import type { FaultSwitches } from './fault-switches';
import { newErrorId } from './ids';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export function sendJson(res: ServerResponse, status: number, body: unknown, contentType = JSON_CONTENT_TYPE): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** One field name for error-wrong-source-field: any other documented field than the right one. */
const otherField = (field: string): string => (field === 'method' ? 'language' : 'method');

/** The error body exactly as sent for `errors` under the active faults (exported for the 413/400 socket paths). */
export function errorBody(status: number, errors: readonly ApiError[], faults: FaultSwitches): unknown {
  const fieldErrors = errors.some((e) => e.field !== undefined);
  const wrongSource = fieldErrors && faults.fire('error-wrong-source-field');
  const wrongStatus = faults.fire('error-status-mismatch');
  const notFoundAs400 = status === 404 && faults.fire('error-status-404-as-400');
  const dropTitle = faults.fire('schema-error-missing-title');
  const items = errors.map((e) => {
    const item: Record<string, unknown> = {
      id: newErrorId(),
      // A string of digits, like the endpoint page's "400"; the contract accepts string or integer.
      status: wrongStatus ? (status === 400 ? '422' : '400') : notFoundAs400 ? '400' : String(status),
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
  return { errors: items };
}

export function sendErrors(res: ServerResponse, status: number, errors: readonly ApiError[], faults: FaultSwitches): void {
  const body = errorBody(status, errors, faults);
  const contentType = faults.fire('content-type-html-errors') ? 'text/html; charset=utf-8' : JSON_CONTENT_TYPE;
  sendJson(res, status, body, contentType);
}
