/**
 * Turns a failure (data) into what QA reads: the check and why, the request and the response, the
 * minimal request as a one-field diff, a curl command and the replay command. Checks never format.
 */
import { isRawCase, type RequestCase } from '../../generators/case';
import { getCheck } from '../checks/registry';
import type { Exchange, SentRequest, Violation } from '../checks/types';
import { REDACTED_BEARER } from '../http/client';

const DISPLAY_LIMIT = 300;

/** Shortens long values (device_data runs to thousands of characters) for reading only. */
export function shorten(text: string, limit = DISPLAY_LIMIT): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}… (${text.length} characters in all; the curl and replay commands send them exactly)`;
}

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** A curl command that sends exactly the recorded request, with the token left to $SOLARIS_TOKEN. */
export function curlCommand(request: SentRequest): string {
  const lines = [`curl -sS -i -X ${request.method} ${shellQuote(request.url)}`];
  for (const [name, value] of Object.entries(request.headers)) {
    lines.push(value === REDACTED_BEARER ? `  -H "Authorization: Bearer $SOLARIS_TOKEN"` : `  -H ${shellQuote(`${name}: ${value}`)}`);
  }
  lines.push(`  --data-binary ${shellQuote(request.bodyText)}`);
  return lines.join(' \\\n');
}

/** A valid request of the same method to diff against: the case's own base, or the bare minimum. */
function baseline(c: RequestCase): Record<string, unknown> {
  if (c.kind === 'invalid') return c.base;
  const minimal: Record<string, unknown> = { method: c.body.method };
  if (typeof c.body.iban === 'string') minimal.iban = c.body.iban;
  return minimal;
}

const render = (value: unknown): string => (value === undefined ? '(absent)' : shorten(JSON.stringify(value), 160));

/** The request as a diff against a valid request of the same method: what the case changed. */
export function requestDiff(c: RequestCase): string {
  const base = baseline(c);
  if (isRawCase(c)) return `valid request: ${render(base)}\nsent instead (${c.rule}, ${c.variant}, Content-Type ${c.contentType}): ${render(c.raw)}`;
  const body = c.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return `- ${render(base)}\n+ ${render(body)}   (whole body replaced: ${c.kind === 'invalid' ? c.variant : 'valid'})`;
  const sent = body as Record<string, unknown>;
  const lines: string[] = [];
  for (const key of new Set([...Object.keys(base), ...Object.keys(sent)])) {
    const before = base[key];
    const after = sent[key];
    if (JSON.stringify(before) === JSON.stringify(after)) lines.push(`  "${key}": ${render(after)}`);
    else {
      if (key in base) lines.push(`- "${key}": ${render(before)}`);
      if (key in sent) lines.push(`+ "${key}": ${render(after)}`);
    }
  }
  if (c.contentType !== 'application/json') lines.push(`  (Content-Type: ${c.contentType})`);
  return lines.join('\n');
}

export function describeCase(c: RequestCase): string {
  return c.kind === 'valid' ? `valid ${c.method} request` : `${c.method} request breaking ${c.rule} (${c.field ?? 'body'}: ${c.variant})`;
}

function headerLines(headers: Record<string, string>): string {
  return Object.entries(headers).map(([k, v]) => `  ${k}: ${v}`).join('\n');
}

export interface EvidenceInput {
  exchange: Exchange;
  violations: readonly Violation[];
  replay: string;
  shrunk: boolean;
}

/** The text attached to the test for one failing check. */
export function evidenceText({ exchange, violations, replay, shrunk }: EvidenceInput): string {
  const check = violations[0] ? getCheck(violations[0].check) : null;
  const { request, response } = exchange;
  const parts = [
    `CHECK ${check?.id ?? '?'}: ${check?.description ?? ''}`,
    '',
    ...violations.map((v) => `✗ ${v.title}${v.path ? ` at ${v.path}` : ''}\n    expected: ${v.expected}\n    got:      ${shorten(v.actual)}`),
    '',
    `CASE ${describeCase(exchange.case)}${exchange.probe.kind === 'generated' ? '' : ` (probe: ${exchange.probe.kind} ${exchange.probe.variant})`}${shrunk ? ' — shrunk to a minimal failing case' : ''}`,
    '',
    'MINIMAL REQUEST vs a valid request of the same method:',
    requestDiff(exchange.case),
    '',
    'REQUEST',
    `  ${request.method} ${request.url}`,
    headerLines(request.headers),
    `  body: ${shorten(request.bodyText) || '(empty)'}`,
    '',
    'RESPONSE',
    `  HTTP ${response.status}`,
    headerLines(response.headers),
    `  body: ${shorten(response.bodyText, 2000) || '(empty)'}`,
    '',
    'CURL (export SOLARIS_TOKEN first)',
    curlCommand(request),
    '',
    'REPLAY',
    replay,
  ];
  return parts.join('\n');
}
