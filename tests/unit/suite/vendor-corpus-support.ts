/**
 * Shared by vendor-corpus.spec.ts: loads the vendor-shaped corpus (tests/unit/suite/vendor-corpus/*.json),
 * checking its shape loudly, and builds the exchanges the suite would record for each body: the
 * request that produced it, the answer as the vendor sends it (application/json; charset=utf-8),
 * the path's person and session.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  IDENTIFICATION_METHODS,
  type IdentificationMethod,
  type InvalidCase,
  type InvalidRule,
  type RequestCase,
  type ValidCase,
} from '../../../generators/case';
import { INVALID_RULES } from '../../../generators/catalogue';
import { REDACTED_BEARER } from '../../../suite/http/client';
import { CHECK_IDS } from '../../../suite/checks/registry';
import type { CheckId, Exchange, Probe, ReceivedResponse } from '../../../suite/checks/types';

export const CORPUS_DIR = path.join(import.meta.dirname, 'vendor-corpus');
export const SESSION_ID = '1f0c2d3e4a5b6c7d8e9fa0b1c2d3e4f5ises';
const SESSION_METHODS: readonly IdentificationMethod[] = ['bank', 'bank_id', 'fourthline', 'idnow'];
const VENDOR_JSON = 'application/json; charset=utf-8';

export type JsonObject = Record<string, unknown>;

export interface IdentificationEntry {
  name: string;
  method: IdentificationMethod;
  status: string;
  /** A status the same identification may have when read back (status may move on). */
  laterStatus: string;
  httpStatus: 200;
  /** The person of the request path. */
  personId: string;
  /** The request body that produced the answer. */
  sent: JsonObject;
  body: JsonObject;
}

export type ErrorAnswerTo =
  | {
      kind: 'invalid';
      method: IdentificationMethod;
      rule: InvalidRule;
      field: string | null;
      variant: string;
      body?: unknown;
      raw?: string;
    }
  | { kind: 'valid'; body: JsonObject }
  | { kind: 'auth'; variant: Extract<Probe, { kind: 'auth' }>['variant']; body: JsonObject }
  | { kind: 'unknown-resource'; variant: Extract<Probe, { kind: 'unknown-resource' }>['variant']; body: JsonObject };

export interface ErrorEntry {
  name: string;
  httpStatus: number;
  /** The request this body answers. */
  answers: ErrorAnswerTo;
  /** Checks that fire by design (a 500 is a finding whatever its body); [] for every other entry. */
  expectedChecks: CheckId[];
  body: JsonObject;
}

export interface TokenAnswer {
  httpStatus: number;
  contentType: string;
  body: { access_token: string; token_type: string; expires_in: number; scope: string };
}

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
export const clone = <T>(v: T): T => structuredClone(v);

function fail(file: string, where: string, what: string): never {
  throw new Error(`vendor corpus ${file}: ${where}: ${what}`);
}

function readEntries(file: string): { raw: JsonObject[]; file: string } {
  const parsed: unknown = JSON.parse(fs.readFileSync(path.join(CORPUS_DIR, file), 'utf8'));
  if (!isObject(parsed) || !Array.isArray(parsed.entries)) fail(file, '(root)', 'expected {"entries": [...]}');
  return {
    raw: parsed.entries.map((e: unknown, i: number) =>
      isObject(e) ? e : fail(file, `entries[${i}]`, 'not an object'),
    ),
    file,
  };
}

function str(file: string, e: JsonObject, key: string): string {
  const v = e[key];
  return typeof v === 'string' && v !== ''
    ? v
    : fail(file, String(e.name ?? '?'), `"${key}" is not a non-empty string`);
}
function obj(file: string, e: JsonObject, key: string): JsonObject {
  const v = e[key];
  return isObject(v) ? v : fail(file, String(e.name ?? '?'), `"${key}" is not an object`);
}
function method(file: string, name: string, v: unknown): IdentificationMethod {
  const found = IDENTIFICATION_METHODS.find((m) => m === v);
  return found ?? fail(file, name, `method ${JSON.stringify(v)} is not one of ${IDENTIFICATION_METHODS.join(', ')}`);
}

export function loadIdentifications(): IdentificationEntry[] {
  const { raw, file } = readEntries('identifications.json');
  return raw.map((e) => {
    const name = str(file, e, 'name');
    if (e.httpStatus !== 200) fail(file, name, 'httpStatus must be 200');
    return {
      name,
      method: method(file, name, e.method),
      status: str(file, e, 'status'),
      laterStatus: str(file, e, 'laterStatus'),
      httpStatus: 200,
      personId: str(file, e, 'personId'),
      sent: obj(file, e, 'sent'),
      body: obj(file, e, 'body'),
    };
  });
}

const AUTH_VARIANTS = ['no-token', 'malformed-token', 'unknown-token'] as const;
const RESOURCE_VARIANTS = ['unknown-person', 'unknown-session', 'foreign-session'] as const;

function answerTo(file: string, name: string, a: JsonObject): ErrorAnswerTo {
  switch (a.kind) {
    case 'invalid': {
      const rule =
        INVALID_RULES.find((r) => r === a.rule) ??
        fail(file, name, `answers.rule ${JSON.stringify(a.rule)} is not an invalid-case rule`);
      const field = a.field === null ? null : str(file, a, 'field');
      const hasRaw = typeof a.raw === 'string';
      if (hasRaw === 'body' in a) fail(file, name, 'answers needs exactly one of body and raw');
      return {
        kind: 'invalid',
        method: method(file, name, a.method),
        rule,
        field,
        variant: str(file, a, 'variant'),
        ...(hasRaw ? { raw: a.raw as string } : { body: a.body }),
      };
    }
    case 'valid':
      return { kind: 'valid', body: obj(file, a, 'body') };
    case 'auth': {
      const variant =
        AUTH_VARIANTS.find((v) => v === a.variant) ??
        fail(file, name, `answers.variant ${JSON.stringify(a.variant)} is not an auth probe`);
      return { kind: 'auth', variant, body: obj(file, a, 'body') };
    }
    case 'unknown-resource': {
      const variant =
        RESOURCE_VARIANTS.find((v) => v === a.variant) ??
        fail(file, name, `answers.variant ${JSON.stringify(a.variant)} is not an unknown-resource probe`);
      return { kind: 'unknown-resource', variant, body: obj(file, a, 'body') };
    }
    default:
      return fail(file, name, `answers.kind ${JSON.stringify(a.kind)} is not invalid, valid, auth or unknown-resource`);
  }
}

export function loadErrors(): ErrorEntry[] {
  const { raw, file } = readEntries('errors.json');
  return raw.map((e) => {
    const name = str(file, e, 'name');
    const httpStatus =
      typeof e.httpStatus === 'number' && Number.isInteger(e.httpStatus)
        ? e.httpStatus
        : fail(file, name, 'httpStatus is not an integer');
    const expected = Array.isArray(e.expectedChecks)
      ? e.expectedChecks
      : fail(file, name, 'expectedChecks is not an array');
    const expectedChecks = expected.map(
      (id: unknown) =>
        CHECK_IDS.find((c) => c === id) ?? fail(file, name, `expectedChecks: unknown check ${JSON.stringify(id)}`),
    );
    return {
      name,
      httpStatus,
      answers: answerTo(file, name, obj(file, e, 'answers')),
      expectedChecks,
      body: obj(file, e, 'body'),
    };
  });
}

export function loadToken(): TokenAnswer {
  const file = 'token.json';
  const parsed: unknown = JSON.parse(fs.readFileSync(path.join(CORPUS_DIR, file), 'utf8'));
  if (!isObject(parsed) || !isObject(parsed.body)) fail(file, '(root)', 'expected {"body": {...}}');
  const b = parsed.body;
  if (
    typeof b.access_token !== 'string' ||
    typeof b.token_type !== 'string' ||
    typeof b.expires_in !== 'number' ||
    typeof b.scope !== 'string'
  )
    fail(file, 'body', 'expected access_token, token_type, expires_in, scope');
  return {
    httpStatus:
      typeof parsed.httpStatus === 'number' ? parsed.httpStatus : fail(file, '(root)', 'httpStatus is not a number'),
    contentType: str(file, parsed, 'contentType'),
    body: { access_token: b.access_token, token_type: b.token_type, expires_in: b.expires_in, scope: b.scope },
  };
}

/** A response as the suite records it: the exact text, the parsed JSON, the vendor's media type. */
export function vendorResponse(status: number, json: unknown, contentType = VENDOR_JSON): ReceivedResponse {
  return {
    status,
    headers: { 'content-type': contentType, 'transfer-encoding': 'chunked', connection: 'keep-alive' },
    bodyText: JSON.stringify(json),
    json,
  };
}

const identificationsUrl = (personId: string): string =>
  `https://api.solaris-sandbox.de/v1/persons/${personId}/identification_sessions/${SESSION_ID}/identifications`;

function exchangeOf(
  c: RequestCase,
  probe: Probe,
  personId: string,
  response: ReceivedResponse,
  bodyText: string,
  authorization: string | null,
): Exchange {
  const headers: Record<string, string> = { 'content-type': c.contentType, accept: 'application/json' };
  if (authorization !== null) headers.authorization = authorization;
  return {
    case: c,
    probe,
    request: { method: 'POST', url: identificationsUrl(personId), headers, bodyText },
    response,
    target: { personId, sessionId: SESSION_ID, sessionMethods: SESSION_METHODS },
    earlierIds: new Set(),
  };
}

const validCase = (body: JsonObject): ValidCase => ({
  kind: 'valid',
  method: method('(exchange)', 'sent', body.method),
  rule: null,
  field: null,
  contentType: 'application/json',
  body,
});

export interface IdentificationExchangeOptions {
  /** The body answered (default: the entry's). */
  body?: unknown;
  /** The request sent (default: the entry's). */
  sent?: JsonObject;
  readBack?: ReceivedResponse;
  earlierIds?: readonly string[];
  httpStatus?: number;
  contentType?: string;
}

/** The generated valid case `entry.sent`, answered 200 with the entry's body, for the path's person. */
export function identificationExchange(
  entry: IdentificationEntry,
  options: IdentificationExchangeOptions = {},
): Exchange {
  const sent = options.sent ?? entry.sent;
  const ex = exchangeOf(
    validCase(sent),
    { kind: 'generated' },
    entry.personId,
    vendorResponse(options.httpStatus ?? 200, options.body ?? entry.body, options.contentType),
    JSON.stringify(sent),
    REDACTED_BEARER,
  );
  return {
    ...ex,
    earlierIds: new Set(options.earlierIds ?? []),
    ...(options.readBack ? { readBack: options.readBack } : {}),
  };
}

/** The PERSON the suite works with, when a probe sends another one in the path. */
const SUITE_PERSON = 'c3ff833ff87b826b61d448bc4d544be7cper';
const UNKNOWN_PERSON = '00000000000000000000000000000000cper';

/** The request the entry answers, answered with `body` (default: the entry's) and the entry's HTTP status. */
export function errorExchange(entry: ErrorEntry, body: unknown = entry.body): Exchange {
  const response = vendorResponse(entry.httpStatus, body);
  const a = entry.answers;
  switch (a.kind) {
    case 'invalid': {
      const base = { method: a.method };
      const c: InvalidCase =
        a.raw !== undefined
          ? {
              kind: 'invalid',
              method: a.method,
              rule: a.rule,
              field: null,
              variant: a.variant,
              contentType: 'application/json',
              raw: a.raw,
              base,
            }
          : {
              kind: 'invalid',
              method: a.method,
              rule: a.rule,
              field: a.field,
              variant: a.variant,
              contentType: 'application/json',
              body: a.body,
              base,
            };
      return exchangeOf(
        c,
        { kind: 'generated' },
        SUITE_PERSON,
        response,
        a.raw ?? JSON.stringify(a.body),
        REDACTED_BEARER,
      );
    }
    case 'valid':
      return exchangeOf(
        validCase(a.body),
        { kind: 'generated' },
        SUITE_PERSON,
        response,
        JSON.stringify(a.body),
        REDACTED_BEARER,
      );
    case 'auth': {
      const authorization =
        a.variant === 'no-token'
          ? null
          : a.variant === 'malformed-token'
            ? 'Bearer not a token'
            : 'Bearer corpus-unknown-token-0000000000000000';
      return exchangeOf(
        validCase(a.body),
        { kind: 'auth', variant: a.variant },
        SUITE_PERSON,
        response,
        JSON.stringify(a.body),
        authorization,
      );
    }
    case 'unknown-resource': {
      const ex = exchangeOf(
        validCase(a.body),
        { kind: 'unknown-resource', variant: a.variant },
        SUITE_PERSON,
        response,
        JSON.stringify(a.body),
        REDACTED_BEARER,
      );
      return a.variant === 'unknown-person'
        ? { ...ex, request: { ...ex.request, url: identificationsUrl(UNKNOWN_PERSON) } }
        : ex;
    }
  }
}

/** The check that judges the rejection itself for this kind of request (it also reads the envelope). */
export function rejectionCheckFor(entry: ErrorEntry): CheckId {
  const a = entry.answers;
  switch (a.kind) {
    case 'invalid':
      return a.raw !== undefined || a.rule === 'not-an-object' ? 'malformed-requests' : 'negative-rejection';
    case 'valid':
      return 'positive-acceptance';
    case 'auth':
      return 'auth';
    case 'unknown-resource':
      return 'unknown-resources';
  }
}

/** A copy of `value` without any property whose value is null, at any depth (null ≡ absent). */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}
