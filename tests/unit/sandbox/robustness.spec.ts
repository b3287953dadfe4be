/**
 * The reference sandbox must never crash or answer 5xx, whatever arrives: oversized, binary,
 * deeply nested or wrongly typed bodies, and bytes that are not even HTTP. A 5xx from the reference
 * would make the suite's not-a-server-error check cry wolf on the clean run.
 */
import { connect as netConnect } from 'node:net';
import { test as base, expect } from '@playwright/test';
import { connect, type Answer, type SandboxClient } from '../../../sandbox/client';
import { startSandbox } from '../../../sandbox/server';

const test = base.extend<object, { client: SandboxClient }>({
  client: [
    async ({}, use) => {
      const sandbox = await startSandbox();
      await use(await connect(sandbox));
      await sandbox.close();
    },
    { scope: 'worker' },
  ],
});

const MIB = 1024 * 1024;

/** A 4xx in the error envelope (the floor for anything the sandbox refuses). */
function expectEnvelope4xx(answer: Answer, context: string): void {
  expect(answer.status, `${context}: ${answer.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(answer.status, context).toBeLessThan(500);
  expect(answer.contentType, context).toBe('application/json; charset=utf-8');
  expect(Array.isArray(answer.json?.errors), context).toBe(true);
}

/** A tiny deterministic PRNG, so a failing byte string can be reproduced from its index. */
function bytes(seed: number, length: number): Uint8Array<ArrayBuffer> {
  let x = seed * 2654435761 + 1;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Raw bytes over a fresh TCP connection; resolves with everything the server sent before closing. */
function rawExchange(url: string, payload: string | Buffer): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = netConnect(Number(port), hostname, () => socket.end(payload));
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}

test('a body over 1 MiB → 413 in the envelope; just under it is fine', async ({ client }) => {
  const tooLarge = await client.identify({ method: 'manual', device_data: 'x'.repeat(MIB) });
  expect(tooLarge.status).toBe(413);
  expect(tooLarge.json.errors[0].code).toBe('request_entity_too_large');
  expect(String(tooLarge.json.errors[0].status)).toBe('413'); // an integer or a string, as the vendor sends either
  expect(tooLarge.contentType).toBe('application/json; charset=utf-8');
  const justUnder = await client.identify({ method: 'manual', device_data: 'x'.repeat(MIB - 100) });
  expect(justUnder.status).toBe(200);
  // The connection survives: the next request is served normally.
  expect((await client.identify({ method: 'manual' })).status).toBe(200);
});

test('arbitrary bytes, invalid UTF-8 and binary garbage → 4xx, never 5xx', async ({ client }) => {
  for (let seed = 1; seed <= 200; seed++) {
    expectEnvelope4xx(
      await client.send(client.endpoint, { raw: bytes(seed, 1 + ((seed * 37) % 2000)) }),
      `seed ${seed}`,
    );
  }
  const invalidUtf8 = new Uint8Array([
    ...Buffer.from('{"method":"manual","reference":"'),
    0xc3,
    0x28,
    ...Buffer.from('"}'),
  ]);
  const answer = await client.send(client.endpoint, { raw: invalidUtf8 });
  expectEnvelope4xx(answer, 'invalid UTF-8');
  expect(answer.json.errors[0].code).toBe('invalid_json');
});

test('deep nesting and huge JSON → a 4xx or 200, never 5xx', async ({ client }) => {
  const deep = '['.repeat(400_000) + ']'.repeat(400_000);
  expectEnvelope4xx(await client.send(client.endpoint, { raw: deep }), 'deep array');
  const deepField = `{"method":"manual","extra":${'{"a":'.repeat(150_000)}1${'}'.repeat(150_000)}}`;
  expect((await client.send(client.endpoint, { raw: deepField })).status).toBe(200); // unknown fields are ignored
  expectEnvelope4xx(
    await client.send(client.endpoint, { raw: `{"method":${'['.repeat(200_000)}${']'.repeat(200_000)}}` }),
    'deep method',
  );
  const manyKeys = Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`k${i}`, i]));
  expect((await client.identify({ ...manyKeys, method: 'manual' })).status).toBe(200);
  expectEnvelope4xx(
    await client.send(client.endpoint, { raw: JSON.stringify(Array.from({ length: 100_000 }, (_, i) => i)) }),
    'big array',
  );
});

test('wrong types everywhere and prototype-looking keys → 4xx or 200, never 5xx', async ({ client }) => {
  const values = [0, -1, 1e308, true, false, {}, [], [null], { method: 'idnow' }, '', 'x'];
  const fields = [
    'method',
    'language',
    'reference',
    'proof_of_address_type',
    'proof_of_address_issued_at',
    'iban',
    'device_data',
    '__proto__',
    'constructor',
    'toString',
  ];
  for (const field of fields) {
    for (const value of values) {
      const answer = await client.send(client.endpoint, {
        raw: `{"method":"bank","iban":"DE89370400440532013000",${JSON.stringify(field)}:${JSON.stringify(value)}}`,
      });
      expect(answer.status, `${field}=${JSON.stringify(value)}`).toBeLessThan(500);
    }
  }
  const proto = await client.send(client.endpoint, {
    raw: '{"__proto__":{"method":"bank"},"method":"manual","hasOwnProperty":1}',
  });
  expect(proto.status).toBe(200);
  expect(proto.json.method).toBe('manual');
});

test('bytes that are not HTTP get a JSON 400, and the server carries on', async ({ client }) => {
  const answer = await rawExchange(client.sandbox.url, 'THIS IS NOT HTTP\r\n\r\n');
  expect(answer).toMatch(/^HTTP\/1\.1 400 /);
  expect(answer).toContain('application/json');
  expect(answer).toContain('"errors"');
  const truncated = await rawExchange(
    client.sandbox.url,
    `POST ${client.endpoint} HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"method":`,
  );
  // The client half-closed mid-body: at most a 400 for the truncated request, never a 5xx or a crash.
  expect(truncated === '' || /^HTTP\/1\.1 400 /.test(truncated), truncated).toBe(true);
  expect((await client.identify({ method: 'manual' })).status).toBe(200);
});

test('many concurrent requests on keep-alive connections are all answered', async ({ client }) => {
  const answers = await Promise.all(
    Array.from({ length: 500 }, (_, i) => client.identify(i % 2 === 0 ? { method: 'idnow' } : { method: 'IDNOW' })),
  );
  expect(answers.filter((a) => a.status === 200).length).toBe(250);
  expect(answers.filter((a) => a.status === 400).length).toBe(250);
});
