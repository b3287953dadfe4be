/**
 * The evidence text QA reads for one violation (suite/evidence/format.ts): every part issue 6 asks
 * for is there, and no credential survives formatting, whatever the target echoes.
 */
import { expect, test } from '@playwright/test';
import type { InvalidBodyCase, ValidCase } from '../../../generators/case';
import type { Exchange, Probe, Violation } from '../../../suite/checks/types';
import type { SuiteConfig } from '../../../suite/config/env';
import { ObservationCollector } from '../../../suite/engine/observations';
import { finishTest } from '../../../suite/engine/property';
import { StatsCollector, type TestStats } from '../../../suite/engine/stats';
import { STATS_ATTACHMENT } from '../../../suite/engine/protocol';
import { curlCommand, evidenceText } from '../../../suite/evidence/format';
import { knownSecrets, REDACTED, redactSecrets } from '../../../suite/evidence/redact';
import { REDACTED_BEARER, type ApiClient } from '../../../suite/http/client';

const URL_ = 'http://127.0.0.1:4599/v1/persons/p1cper/identification_sessions/s1ises/identifications';
const REPLAY =
  "CONFORMANCE_SEED=1 CONFORMANCE_RUNS=40 CONFORMANCE_REPLAY_PATH=3:0 npm run conformance -- --grep 'idnow invalid requests: enum$'";

function exchange(
  c: InvalidBodyCase | ValidCase,
  options: { authorization?: string; probe?: Probe; responseBody?: string; status?: number } = {},
): Exchange {
  const bodyText = JSON.stringify(c.body);
  const responseBody = options.responseBody ?? '{"id":"x1cidt","status":"created","documents":{}}';
  return {
    case: c,
    probe: options.probe ?? { kind: 'generated' },
    request: {
      method: 'POST',
      url: URL_,
      headers: {
        'content-type': c.contentType,
        accept: 'application/json',
        authorization: options.authorization ?? REDACTED_BEARER,
      },
      bodyText,
    },
    response: {
      status: options.status ?? 200,
      headers: { 'content-type': 'application/json' },
      bodyText: responseBody,
      json: JSON.parse(responseBody),
    },
    target: { personId: 'p1cper', sessionId: 's1ises', sessionMethods: ['idnow'] },
    earlierIds: new Set(),
  };
}

const enumCase: InvalidBodyCase = {
  kind: 'invalid',
  method: 'idnow',
  contentType: 'application/json',
  rule: 'enum',
  field: 'language',
  variant: 'wrong-case',
  body: { method: 'idnow', language: 'de' },
  base: { method: 'idnow', language: 'DE' },
};

const schemaViolations: Violation[] = [
  {
    check: 'response-schema',
    title: 'identification.schema.json: type at /documents',
    key: 'identification.schema.json: type at /documents',
    expected: 'must be array',
    actual: '{}',
    path: '/documents',
  },
  {
    check: 'response-schema',
    title: 'identification.schema.json: required at /',
    key: 'identification.schema.json: required at /',
    expected: "must have required property 'person_id'",
    actual: '(absent)',
    path: '',
  },
];

test('evidence names the check, method and rule, lists schema errors, diffs, and gives curl and replay', () => {
  const text = evidenceText({
    exchange: exchange(enumCase),
    violations: schemaViolations,
    replay: REPLAY,
    shrunk: true,
  });
  expect(text).toContain(
    'CHECK response-schema: A 200 body (or a 201 one, whose status status-code reports) matches identification.schema.json',
  );
  expect(text).toContain('METHOD idnow · RULE enum · FIELD language · VARIANT wrong-case');
  // Schema errors as a readable list: path, expected, got.
  expect(text).toContain(
    "SCHEMA ERRORS (path: expected; got)\n  • /documents: expected must be array; got {}\n  • /: expected must have required property 'person_id'; got (absent)",
  );
  // The minimal request as a one-field diff against a valid request of the same method.
  expect(text).toContain('diff against a valid idnow request');
  expect(text).toContain('  "method": "idnow"\n- "language": "DE"\n+ "language": "de"');
  expect(text).toContain('shrunk to a minimal failing case');
  // Request and response, both whole.
  expect(text).toContain(
    `REQUEST\n  POST ${URL_}\n  content-type: application/json\n  accept: application/json\n  authorization: Bearer $SOLARIS_TOKEN\n  body: {"method":"idnow","language":"de"}`,
  );
  expect(text).toContain(
    'RESPONSE\n  HTTP 200\n  content-type: application/json\n  body: {"id":"x1cidt","status":"created","documents":{}}',
  );
  expect(text).toContain(`curl -sS -i -X POST '${URL_}'`);
  expect(text).toContain('-H "Authorization: Bearer $SOLARIS_TOKEN"');
  expect(text).toContain(`--data-binary '{"method":"idnow","language":"de"}'`);
  expect(text).toContain(`REPLAY\n${REPLAY}`);
});

test('a valid case says so and diffs against the bare minimum of its method', () => {
  const valid: ValidCase = {
    kind: 'valid',
    method: 'bank',
    contentType: 'application/json',
    rule: null,
    field: null,
    body: { method: 'bank', iban: 'DE63100100100000000000', reference: 'r' },
  };
  const violation: Violation = {
    check: 'status-code',
    title: 'undocumented status 201',
    key: 'undocumented status 201',
    expected: 'one of 200, 400',
    actual: 'HTTP 201',
  };
  const text = evidenceText({
    exchange: exchange(valid, { status: 201 }),
    violations: [violation],
    replay: REPLAY,
    shrunk: false,
  });
  expect(text).toContain('METHOD bank · RULE (none: a valid request) · FIELD — · VARIANT —');
  expect(text).toContain('+ "reference": "r"');
  expect(text).not.toContain('SCHEMA ERRORS');
});

test('a rule violation with a pointer is listed once, not again under schema errors', () => {
  const violation: Violation = {
    check: 'semantic-consistency',
    title: 'echo-method',
    key: 'echo-method at /method',
    rule: 'echo-method',
    expected: 'method "idnow"',
    actual: '"bank"',
    path: '/method',
  };
  const text = evidenceText({ exchange: exchange(enumCase), violations: [violation], replay: REPLAY, shrunk: false });
  expect(text).toContain('✗ echo-method at /method [rule echo-method]');
  expect(text).not.toContain('SCHEMA ERRORS');
});

test('long values are shortened for reading, while curl sends them exactly', () => {
  const deviceData = 'x'.repeat(5000);
  const c: InvalidBodyCase = {
    ...enumCase,
    body: { method: 'idnow', language: 'de', device_data: deviceData },
    base: { method: 'idnow', language: 'DE', device_data: deviceData },
  };
  const text = evidenceText({ exchange: exchange(c), violations: schemaViolations, replay: REPLAY, shrunk: true });
  expect(text).toContain('characters in all; the curl and replay commands send them exactly');
  expect(text).toContain(`--data-binary '${JSON.stringify(c.body)}'`);
});

test('the unknown-token probe shows no token-shaped value, and its curl makes a fresh one', () => {
  const token = 'ab'.repeat(32);
  const probe: Probe = { kind: 'auth', variant: 'unknown-token' };
  const violation: Violation = {
    check: 'auth',
    title: 'unknown token accepted',
    key: 'unknown token accepted',
    expected: 'HTTP 401',
    actual: 'HTTP 200',
  };
  const text = evidenceText({
    exchange: exchange(enumCase, { authorization: `Bearer ${token}`, probe }),
    violations: [violation],
    replay: REPLAY,
    shrunk: false,
  });
  expect(text).not.toContain(token);
  expect(text).toContain('authorization: Bearer <random 64-hex token the target never issued>');
  expect(text).toContain('-H "Authorization: Bearer $(openssl rand -hex 32)"');
  expect(text).toContain('METHOD idnow · RULE auth probe · FIELD — · VARIANT unknown-token');
  // A malformed token is no credential, and showing it is the point of the probe.
  const malformed = evidenceText({
    exchange: exchange(enumCase, {
      authorization: 'Bearer not a token',
      probe: { kind: 'auth', variant: 'malformed-token' },
    }),
    violations: [violation],
    replay: REPLAY,
    shrunk: false,
  });
  expect(malformed).toContain("-H 'authorization: Bearer not a token'");
});

test('an Authorization value that is neither placeholder nor probe is never printed', () => {
  const leaked = `Bearer ${'f'.repeat(64)}`;
  const text = evidenceText({
    exchange: exchange(enumCase, { authorization: leaked }),
    violations: schemaViolations,
    replay: REPLAY,
    shrunk: false,
  });
  expect(text).not.toContain('f'.repeat(64));
  expect(text).toContain(`authorization: <redacted, ${leaked.length} characters>`);
  expect(curlCommand(exchange(enumCase, { authorization: leaked }).request)).toContain('$SOLARIS_AUTHORIZATION');
});

test('secrets the target echoes back are scrubbed from the whole text', () => {
  const config = { clientId: 'SENTINEL-ID-4d2e1b', clientSecret: 'SENTINEL-SECRET-7f3a9c' };
  const token = '0123456789abcdef'.repeat(4);
  const secrets = knownSecrets(config, token);
  const basic = Buffer.from(`${config.clientId}:${config.clientSecret}`).toString('base64');
  expect(secrets).toEqual([config.clientSecret, basic, token]);
  const echo = JSON.stringify({ errors: [{ detail: `token ${token} for ${config.clientSecret} (Basic ${basic})` }] });
  const text = evidenceText({
    exchange: exchange(enumCase, { responseBody: echo, status: 400 }),
    violations: schemaViolations,
    replay: REPLAY,
    shrunk: false,
    secrets,
  });
  for (const secret of secrets) expect(text).not.toContain(secret);
  expect(text).toContain(`token ${REDACTED} for ${REDACTED} (Basic ${REDACTED})`);
  // Too short to scrub without mangling the text: left alone rather than replaced everywhere.
  expect(redactSecrets('a b c', ['b'])).toBe('a b c');
});

test('finishTest scrubs an echoed token from the evidence, the stats examples and the error', async ({}, testInfo) => {
  const token = '0123456789abcdef'.repeat(4);
  const config = {
    clientId: 'SENTINEL-ID-4d2e1b',
    clientSecret: 'SENTINEL-SECRET-7f3a9c',
    seed: 1,
    envName: null,
  } as unknown as SuiteConfig;
  const client = { requests: 0, currentToken: () => Promise.resolve(token) } as unknown as ApiClient;
  const echo = JSON.stringify({ errors: [{ status: '400', detail: `bad token ${token}` }] });
  const violation: Violation = {
    check: 'status-code',
    title: 'undocumented status 418',
    key: 'undocumented status 418',
    expected: 'one of 200, 400',
    actual: `HTTP 418 ${echo}`,
  };
  const stats = new StatsCollector();
  stats.record(['status-code'], new Set(['status-code']));
  stats.addExample('status-code', { summary: `${violation.title}: got ${violation.actual}`, replay: REPLAY });
  const failure = {
    index: 0,
    path: '0',
    exchange: exchange(enumCase, { responseBody: echo, status: 418 }),
    violations: [violation],
    shrunk: false,
  };
  // An undocumented field that quotes the token: its example goes through the same scrubbing.
  const observations = new ObservationCollector();
  observations.observe(
    exchange(enumCase, {
      responseBody: JSON.stringify({ errors: [], backtrace: [`auth.rb:12 token=${token}`] }),
      status: 418,
    }),
  );
  const finished = finishTest(
    {
      testInfo,
      client,
      config,
      target: { personId: 'p1cper', sessionId: 's1ises', sessionMethods: null },
      method: 'idnow',
      family: 'enum',
      runs: 1,
    },
    {
      stats,
      observations,
      firstByCheck: new Map([['status-code', failure]]),
      expects: [],
      propertySeed: 2,
      started: Date.now(),
      requestsBefore: 0,
    },
  );
  const error = await finished.then(
    () => null,
    (e: unknown) => e as Error,
  );
  expect(error?.name).toBe('ConformanceViolationError');
  expect(error?.message).toContain(`bad token ${REDACTED}`);
  expect(`${error?.message}\n${error?.stack}`).not.toContain(token);
  const attachments = testInfo.attachments.filter(
    (a) => a.name === 'violation: status-code' || a.name === STATS_ATTACHMENT,
  );
  expect(attachments).toHaveLength(2);
  for (const a of attachments) {
    expect(a.body?.toString('utf8')).toContain(REDACTED);
    expect(a.body?.toString('utf8')).not.toContain(token);
  }
  const attached = JSON.parse(
    attachments.find((a) => a.name === STATS_ATTACHMENT)?.body?.toString('utf8') ?? '{}',
  ) as TestStats;
  expect(attached.observations).toEqual([
    { kind: 'undocumented-error-field', field: 'backtrace', count: 1, example: [`auth.rb:12 token=${REDACTED}`] },
  ]);
});
