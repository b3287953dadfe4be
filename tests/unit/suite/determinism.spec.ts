/**
 * Issue 12, item 6: determinism end to end. Every request of a run, the probes' and provisioning's
 * included, derives from the seed: the same seed sends byte-identical requests (method, path,
 * headers that are not credentials, body), another seed other requests.
 *
 * The real `npm run conformance` entry point runs three times against a recording target: a
 * node:http proxy in front of an in-process sandbox that writes down every request it receives,
 * before forwarding it. What the target hands out is replaced by placeholders, since the target
 * chooses it and a replay cannot: the ids of what the run provisions or creates (named after the
 * request that created them), and the access tokens it issues. Credentials are replaced too, and
 * Host (the recorder's port) and the connection-level headers are left out. Requests of one run
 * overlap (two workers, concurrency 8), so recordings are compared as sorted lists.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { expect, test } from '@playwright/test';
import { startSandbox } from '../../../sandbox/server';
import { runSuite } from '../reporters/support';

/** Headers that describe the connection or the recorder's address, not the request the suite built. */
const LEFT_OUT = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding']);
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

interface RecordingTarget {
  url: string;
  /** One JSON line per request received, placeholders in. */
  recorded: string[];
  close(): Promise<void>;
}

const readAll = async (stream: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

async function recordingTarget(): Promise<RecordingTarget> {
  const sandbox = await startSandbox({ port: 0 });
  const upstream = new URL(sandbox.url);
  /** Values the target handed out, longest first when replaced, and their placeholders. */
  const handedOut = new Map<string, string>();
  const placeholders = (text: string): string => {
    let out = text;
    for (const [value, placeholder] of [...handedOut].sort((a, b) => b[0].length - a[0].length))
      out = out.split(value).join(placeholder);
    return out;
  };
  const recorded: string[] = [];

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const headers = Object.entries(req.headers)
        .filter(([name]) => !LEFT_OUT.has(name))
        .map(([name, value]): [string, string] => {
          const text = placeholders(Array.isArray(value) ? value.join(', ') : (value ?? ''));
          // The token endpoint's Basic credentials are the configured secret: a credential, not a request value.
          return [name, name === 'authorization' && /^basic /i.test(text) ? 'Basic <client credentials>' : text];
        })
        .sort(([a], [b]) => a.localeCompare(b));
      const bodyText = body.toString('utf8');
      const entry = JSON.stringify({
        method: req.method,
        path: placeholders(req.url ?? ''),
        headers,
        body: Buffer.from(bodyText, 'utf8').equals(body) ? placeholders(bodyText) : `base64:${body.toString('base64')}`,
      });
      recorded.push(entry);

      const answer = await new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>(
        (resolve, reject) => {
          const forward = httpRequest(
            {
              host: upstream.hostname,
              port: upstream.port,
              method: req.method,
              path: req.url,
              headers: { ...req.headers, host: upstream.host },
            },
            (response) => {
              readAll(response).then(
                (bytes) => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: bytes }),
                reject,
              );
            },
          );
          forward.on('error', reject);
          forward.end(body);
        },
      );
      // Learned before the client sees the answer, so any later request that quotes it is recognised.
      if (answer.status < 300) learn(answer, entry);
      for (const [name, value] of Object.entries(answer.headers))
        if (value !== undefined && !HOP_BY_HOP.has(name)) res.setHeader(name, value);
      res.writeHead(answer.status);
      res.end(answer.body);
    })().catch((error: unknown) => {
      res.statusCode = 502;
      res.end(String(error));
    });
  });

  function learn(answer: { headers: IncomingHttpHeaders; body: Buffer }, entry: string): void {
    let json: unknown;
    try {
      const bytes = answer.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(answer.body) : answer.body;
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      return;
    }
    const { id, access_token: token } = (json ?? {}) as { id?: unknown; access_token?: unknown };
    if (typeof token === 'string' && token !== '') handedOut.set(token, '<issued token>');
    // Named after the request that created it: the same seed creates the same things by the same requests.
    if (typeof id === 'string' && id !== '' && !handedOut.has(id))
      handedOut.set(id, `<id created by ${createHash('sha256').update(entry).digest('hex').slice(0, 12)}>`);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    recorded,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sandbox.close();
    },
  };
}

/** Every test of one method (properties, auth and unknown-resource probes), a few cases each. */
const ARGS = ['--grep', 'idnow '];

async function recordRun(name: string, seed: number): Promise<{ code: number; console: string; requests: string[] }> {
  const target = await recordingTarget();
  try {
    const run = await runSuite({
      name,
      runs: 10,
      seed,
      args: ARGS,
      env: {
        SOLARIS_BASE_URL: target.url,
        SOLARIS_CLIENT_ID: 'sandbox-client',
        SOLARIS_CLIENT_SECRET: 'sandbox-secret',
        CONFORMANCE_SHRINK_MS: '0',
      },
    });
    if (run.code === 0) {
      run.cleanup();
      fs.rmSync(run.resultsDir, { recursive: true, force: true });
    }
    return { code: run.code, console: run.console, requests: [...target.recorded].sort() };
  } finally {
    await target.close();
  }
}

test('the same seed sends byte-identical requests, probes and provisioning included; another seed does not', async () => {
  test.setTimeout(300_000);
  const [first, second, other] = await Promise.all([
    recordRun('determinism-a', 4242),
    recordRun('determinism-b', 4242),
    recordRun('determinism-c', 4243),
  ]);
  for (const run of [first, second, other]) expect(run.code, run.console).toBe(0);

  const parsed = first.requests.map(
    (line) => JSON.parse(line) as { method: string; path: string; headers: Array<[string, string]>; body: string },
  );
  const authorization = (r: (typeof parsed)[number]): string | undefined =>
    r.headers.find(([name]) => name === 'authorization')?.[1];
  // The recording holds what the claim is about: provisioning, generated cases, read-backs and every probe.
  expect(parsed.filter((r) => r.path === '/v1/persons')).toHaveLength(2);
  expect(parsed.some((r) => r.method === 'GET' && /\/identifications\/<id created by /.test(r.path))).toBe(true);
  expect(parsed.filter((r) => /^Bearer [0-9a-f]{64}$/.test(authorization(r) ?? ''))).toHaveLength(1); // unknown-token probe
  expect(parsed.filter((r) => /^\/v1\/persons\/[0-9a-f]{32}cper\//.test(r.path))).toHaveLength(1); // unknown person
  expect(parsed.filter((r) => /\/identification_sessions\/[0-9a-f]{32}ises\//.test(r.path))).toHaveLength(1); // unknown session
  expect(parsed.filter((r) => r.path.endsWith('/identifications') && r.method === 'POST').length).toBeGreaterThan(50);

  // Same seed: the very same requests. A difference prints as the lines only one run sent.
  const onlyIn = (a: string[], b: string[]): string[] => {
    const rest = [...b];
    return a.filter((line) => {
      const i = rest.indexOf(line);
      if (i === -1) return true;
      rest.splice(i, 1);
      return false;
    });
  };
  expect({
    onlyFirst: onlyIn(first.requests, second.requests),
    onlySecond: onlyIn(second.requests, first.requests),
  }).toEqual({ onlyFirst: [], onlySecond: [] });
  expect(second.requests).toEqual(first.requests);

  // Another seed: other cases, another person, other probe values.
  expect(other.requests).not.toEqual(first.requests);
  const probeValues = (requests: string[]): string[] =>
    requests
      .filter((line) => /[0-9a-f]{32}(cper|ises)\/|Bearer [0-9a-f]{64}"/.test(line))
      .map((line) => {
        const r = JSON.parse(line) as { path: string; headers: Array<[string, string]> };
        return `${r.path} ${r.headers.find(([name]) => name === 'authorization')?.[1] ?? ''}`;
      });
  expect(probeValues(first.requests)).toHaveLength(3);
  for (const value of probeValues(other.requests)) expect(probeValues(first.requests)).not.toContain(value);
});
