/**
 * The sandbox's default behaviour beyond the reference page, as the real vendor answers (api-contract.md,
 * OBS and "Authentication and environments"): nulls and undocumented fields, person_id left out of
 * some answers, error status as integer and string, error ids in two shapes, a backtrace, gzip,
 * chunked bodies, `Connection: close` now and then, and a rare slow answer. All of it conformant:
 * the suite must cope, so the sandbox does it by default. Each test starts its own sandbox, so the
 * counters behind the habits start from a known state.
 */
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { test, expect } from '@playwright/test';
import { connect, type SandboxClient } from '../../../sandbox/client';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../sandbox/server';
import {
  CHUNKED_EVERY,
  CLOSE_EVERY,
  DEFAULT_SLOW_EVERY,
  GZIP_MIN_BYTES,
  OMIT_PERSON_ID_EVERY,
  acceptsGzip,
} from '../../../sandbox/vendor-habits';

const IBAN = 'DE89370400440532013000';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX_ID = /^[0-9a-f]{32}cerr$/;
const VENDOR_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/;
/** Five methods, so that cycling through them gives each method odd and even ordinals (the habits alternate on those). */
const BODIES = [
  { method: 'idnow', language: 'EN' },
  { method: 'bank', iban: IBAN },
  { method: 'bank_id', iban: IBAN },
  { method: 'fourthline' },
  { method: 'manual' },
];

/** A fresh sandbox and client for one test (slow answers off unless asked for, to keep timings exact). */
async function withSandbox(options: SandboxOptions, body: (client: SandboxClient) => Promise<void>): Promise<void> {
  const sandbox = await startSandbox({ slowEvery: 0, ...options });
  try {
    await body(await connect(sandbox));
  } finally {
    await sandbox.close();
  }
}

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes as they came over the wire (still gzipped when Content-Encoding says so). */
  wire: Buffer;
  /** The body decoded: gunzipped when needed, parsed as JSON. */
  json: unknown;
  /** The local port of the socket: a new one means a new connection. */
  localPort: number;
}

/** One request with node:http, which neither decompresses nor hides the framing headers. */
function raw(
  sandbox: RunningSandbox,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; agent?: Agent } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      sandbox.url + path,
      { method: init.method ?? 'POST', headers: init.headers ?? {}, agent: init.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        const localPort = res.socket.localPort ?? -1;
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const wire = Buffer.concat(chunks);
          const text = (res.headers['content-encoding'] === 'gzip' ? gunzipSync(wire) : wire).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, wire, json: JSON.parse(text), localPort });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

const postIdentification = (
  client: SandboxClient,
  headers: Record<string, string>,
  agent?: Agent,
): Promise<RawAnswer> =>
  raw(client.sandbox, client.endpoint, {
    headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ method: 'idnow', language: 'DE' }),
    ...(agent ? { agent } : {}),
  });

test.describe('identification bodies', () => {
  test('nulls for every field without a value, the undocumented fields, vendor timestamps', async () => {
    await withSandbox({}, async (client) => {
      const bodies: Record<string, unknown>[] = [];
      for (let i = 0; i < 12; i++) bodies.push((await client.identify(BODIES[i % BODIES.length])).json);
      for (const body of bodies) {
        for (const field of [
          'terms_and_conditions_signed_at',
          'estimated_waiting_time',
          'current_reference_token',
          'next_step',
          'fallback_step',
        ])
          expect(field in body, field).toBe(true);
        for (const field of [
          'reference',
          'url',
          'completed_at',
          'language',
          'iban',
          'address',
          'failure_reason',
          'provider_status_code',
          'idnow_process_type',
        ])
          expect(field in body, field).toBe(true);
        expect(body.completed_at).toBeNull();
        expect(body.address).toBeNull();
        if (body.terms_and_conditions_signed_at !== null)
          expect(body.terms_and_conditions_signed_at).toMatch(VENDOR_TIMESTAMP);
      }
      // Mostly null, sometimes a plausible value: both occur, and values only where they belong.
      const seen = (field: string): unknown[] => bodies.map((b) => b[field]);
      expect(seen('terms_and_conditions_signed_at')).toContain(null);
      expect(seen('terms_and_conditions_signed_at').some((v) => typeof v === 'string')).toBe(true);
      const idnowWaits = bodies.filter((b) => b.method === 'idnow').map((b) => b.estimated_waiting_time);
      expect(idnowWaits).toContain(120);
      expect(idnowWaits).toContain(null);
      expect(bodies.filter((b) => b.method !== 'idnow').every((b) => b.estimated_waiting_time === null)).toBe(true);
      expect(seen('next_step').some((v) => typeof v === 'string')).toBe(true);
      expect(seen('documents')).toContainEqual([]);
      expect(seen('documents')).toContain(null);
    });
  });

  test(`person_id is left out of every ${OMIT_PERSON_ID_EVERY}rd answer, the read-back included, and is the path's otherwise`, async () => {
    await withSandbox({}, async (client) => {
      const presence: boolean[] = [];
      let lastId = '';
      for (let i = 0; i < 6; i++) {
        const body = (await client.identify({ method: 'manual' })).json;
        presence.push('person_id' in body);
        if ('person_id' in body) expect(body.person_id).toBe(client.sandbox.personId);
        lastId = body.id as string;
      }
      expect(presence).toEqual([true, true, false, true, true, false]);
      const readBacks = [];
      for (let i = 0; i < 3; i++)
        readBacks.push(
          (await client.send(`/v1/persons/${client.sandbox.personId}/identifications/${lastId}`, { method: 'GET' }))
            .json,
        );
      expect(readBacks.map((b) => 'person_id' in b)).toEqual([true, true, false]);
      expect(readBacks.every((b) => b.id === lastId)).toBe(true);
    });
  });
});

test.describe('error bodies', () => {
  test('status alternates integer and digit string (always the HTTP status), ids UUID and hex, a backtrace beside errors', async () => {
    await withSandbox({}, async (client) => {
      const answers = [
        await client.identify({}),
        await client.identify({ method: 'IDNOW' }),
        await client.identify({}, { authorization: null }),
        await client.send('/v2/nothing', { body: {} }),
      ];
      expect(answers.map((a) => a.status)).toEqual([400, 400, 401, 404]);
      expect(answers.map((a) => a.json.errors[0].status)).toEqual([400, '400', 401, '404']);
      const ids = answers.map((a) => a.json.errors[0].id as string);
      expect(ids[0]).toMatch(UUID);
      expect(ids[1]).toMatch(HEX_ID);
      expect(ids[2]).toMatch(UUID);
      expect(ids[3]).toMatch(HEX_ID);
      for (const answer of answers) {
        expect(Object.keys(answer.json).sort()).toEqual(['backtrace', 'errors']);
        expect(answer.json.backtrace.length).toBeGreaterThan(0);
        expect(answer.json.backtrace.every((line: unknown) => typeof line === 'string')).toBe(true);
      }
    });
  });
});

test.describe('transport', () => {
  test('gzip when Accept-Encoding allows it, and only then; small bodies stay plain', async () => {
    await withSandbox({}, async (client) => {
      for (const acceptEncoding of ['gzip', 'gzip, deflate, br', 'br;q=1.0, gzip;q=0.8, *;q=0.1', '*']) {
        const answer = await postIdentification(client, { 'accept-encoding': acceptEncoding });
        expect(answer.headers['content-encoding'], acceptEncoding).toBe('gzip');
        expect(answer.wire.subarray(0, 2).toString('hex'), 'gzip magic bytes').toBe('1f8b');
        expect((answer.json as { method: string }).method).toBe('idnow');
      }
      for (const acceptEncoding of [undefined, 'identity', 'gzip;q=0', 'br, *;q=0', 'deflate']) {
        const answer = await postIdentification(
          client,
          acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
        );
        expect(answer.headers['content-encoding'], String(acceptEncoding)).toBeUndefined();
        expect((answer.json as { method: string }).method).toBe('idnow');
      }
      // An error body is long enough (the backtrace) to be gzipped too.
      const error = await raw(client.sandbox, client.endpoint, {
        headers: { 'accept-encoding': 'gzip', 'content-type': 'application/json' },
        body: '{}',
      });
      expect(error.status).toBe(401);
      expect(error.headers['content-encoding']).toBe('gzip');
      // The token answer is under GZIP_MIN_BYTES: sent plain even to a gzip client.
      const token = await raw(client.sandbox, '/oauth2/token', {
        headers: { 'accept-encoding': 'gzip', 'content-type': 'application/x-www-form-urlencoded' },
        body: `grant_type=client_credentials&client_id=${client.sandbox.clientId}&client_secret=${client.sandbox.clientSecret}`,
      });
      expect(token.wire.length).toBeLessThan(GZIP_MIN_BYTES);
      expect(token.headers['content-encoding']).toBeUndefined();
      expect(token.json).toEqual({
        access_token: expect.stringMatching(/^[0-9a-f]{64}$/),
        token_type: 'bearer',
        expires_in: 3599,
        scope: 'partners',
      });
    });
  });

  test('accepts-gzip parsing follows RFC 9110 qualities', () => {
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('gzip')).toBe(true);
    expect(acceptsGzip('GZIP;Q=0.5')).toBe(true);
    expect(acceptsGzip('x-gzip')).toBe(true);
    expect(acceptsGzip('gzip;q=0, *')).toBe(false);
    expect(acceptsGzip('deflate, *;q=0.2')).toBe(true);
    expect(acceptsGzip(['br', 'gzip'])).toBe(true);
    expect(acceptsGzip('identity')).toBe(false);
  });

  test(`every ${CHUNKED_EVERY}nd body is chunked without Content-Length; every ${CLOSE_EVERY}th answer closes its kept-alive connection`, async () => {
    await withSandbox({}, async (client) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const answers: RawAnswer[] = [];
        // gzip on a period of 4 against chunking on a period of 2, so every combination occurs.
        for (let i = 0; i < 2 * CLOSE_EVERY; i++)
          answers.push(await postIdentification(client, i % 4 < 2 ? { 'accept-encoding': 'gzip' } : {}, agent));
        expect(answers.every((a) => a.status === 200)).toBe(true);
        const chunked = answers.filter((a) => a.headers['content-length'] === undefined);
        expect(chunked.length).toBe(answers.length / CHUNKED_EVERY);
        expect(chunked.every((a) => a.headers['transfer-encoding'] === 'chunked')).toBe(true);
        for (const a of answers.filter((x) => x.headers['content-length'] !== undefined))
          expect(Number(a.headers['content-length'])).toBe(a.wire.length);
        // Both framings occur with and without gzip.
        const kinds = new Set(
          answers.map(
            (a) =>
              `${a.headers['content-encoding'] ?? 'plain'}/${a.headers['content-length'] === undefined ? 'chunked' : 'length'}`,
          ),
        );
        expect([...kinds].sort()).toEqual(['gzip/chunked', 'gzip/length', 'plain/chunked', 'plain/length']);
        const closing = answers.map((a, i) => (a.headers.connection === 'close' ? i : -1)).filter((i) => i >= 0);
        expect(closing.length).toBe(2);
        // The connection really ends: the answer after a close comes over a new socket, and the others keep theirs.
        for (const i of closing.filter((i) => i + 1 < answers.length))
          expect(answers[i + 1]!.localPort).not.toBe(answers[i]!.localPort);
        const reused = answers.filter(
          (a, i) => i > 0 && !closing.includes(i - 1) && a.localPort === answers[i - 1]!.localPort,
        ).length;
        expect(reused).toBe(answers.length - 1 - closing.filter((i) => i + 1 < answers.length).length);
      } finally {
        agent.destroy();
      }
    });
  });

  test('the fetch client reads every framing transparently, many concurrent requests included', async () => {
    await withSandbox({}, async (client) => {
      const answers = await Promise.all(
        Array.from({ length: 4 * CLOSE_EVERY }, (_, i) =>
          client.identify(i % 3 === 0 ? { method: 'IDNOW' } : { method: 'manual' }),
        ),
      );
      expect(
        answers.every((a) =>
          a.status === 200 ? a.json.method === 'manual' : a.json.errors[0].code === 'validation_error',
        ),
      ).toBe(true);
    });
  });
});

test.describe('slow answers', () => {
  test(`on by default (every ${DEFAULT_SLOW_EVERY}th endpoint POST); every Nth POST waits 1–2 s; 0 turns it off`, async () => {
    expect(DEFAULT_SLOW_EVERY).toBeGreaterThanOrEqual(100); // rare: the self-test must not crawl
    await withSandbox({ slowEvery: 2 }, async (client) => {
      const durations: number[] = [];
      for (let i = 0; i < 2; i++) {
        const t0 = performance.now();
        expect((await client.identify({ method: 'manual' })).status).toBe(200);
        durations.push(performance.now() - t0);
      }
      expect(durations[0]).toBeLessThan(500);
      expect(durations[1]).toBeGreaterThanOrEqual(990);
      expect(durations[1]).toBeLessThan(2500); // well under the suite's 5 s default timeout
    });
    await withSandbox({ slowEvery: 0 }, async (client) => {
      const t0 = performance.now();
      for (let i = 0; i < 4; i++) await client.identify({ method: 'manual' });
      expect(performance.now() - t0).toBeLessThan(1000);
    });
  });
});
