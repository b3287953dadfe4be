/**
 * Issue 12, item 5: Playwright pinned and watched. The suite uses one private Playwright entry
 * point, APIRequestContext._wrapApiCall (suite/http/quiet-request.ts); these tests fail the moment
 * an install or an upgrade loses it, and prove that the run-time guard says what to do instead of
 * falling back to a slow path. README, "Throughput and scale", has the bench figures that keep it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { SetupError } from '../../../suite/engine/setup-error';
import {
  assertPrivateApis,
  inOneApiCall,
  missingZoneError,
  newQuietRequestContext,
  playwrightVersions,
  requireZone,
} from '../../../suite/http/quiet-request';

const require = createRequire(import.meta.url);
const ROOT = path.join(import.meta.dirname, '..', '..', '..');

/** A spec for a nested run: five exchanges through a quiet context, with and without the zone. */
const NESTED_SPEC = `
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from '@playwright/test';
import { inOneApiCall, newQuietRequestContext } from '../../suite/http/quiet-request';

for (const zone of [true, false]) {
  test(\`zone \${zone}\`, async () => {
    const server = createServer((req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = \`http://127.0.0.1:\${(server.address() as AddressInfo).port}/\`;
    const ctx = await newQuietRequestContext({}, { zone });
    for (let i = 0; i < 5; i++) await inOneApiCall(ctx, async () => (await ctx.fetch(url, { method: 'POST', data: Buffer.from('x') })).body());
    await ctx.dispose();
    await new Promise((resolve) => server.close(resolve));
  });
}
`;
/** Counts the report steps of each test by category, and prints them as one JSON line per test. */
const STEPS_REPORTER = `
export default class {
  counts = new Map();
  onStepBegin(test, _result, step) {
    const c = this.counts.get(test.title) ?? {};
    c[step.category] = (c[step.category] ?? 0) + 1;
    this.counts.set(test.title, c);
  }
  onTestEnd(test, result) {
    console.log('STEPS ' + JSON.stringify({ title: test.title, status: result.status, steps: this.counts.get(test.title) ?? {} }));
  }
}
`;

test('package.json pins @playwright/test to an exact version, and that version is installed', () => {
  const { installed, pinned } = playwrightVersions();
  expect(pinned, 'an exact version: no ^, ~ or range').toMatch(/^\d+\.\d+\.\d+$/);
  expect(installed, 'playwright-core as installed (npm ci)').toBe(pinned);
  expect((require('@playwright/test/package.json') as { version: string }).version).toBe(pinned);
  const lock = require('../../../package-lock.json') as {
    packages: Record<string, { version?: string; devDependencies?: Record<string, string> }>;
  };
  expect(lock.packages['']?.devDependencies?.['@playwright/test'], 'package-lock.json agrees with package.json').toBe(
    pinned,
  );
  expect(lock.packages['node_modules/@playwright/test']?.version).toBe(pinned);
});

test.describe('the private entry point: APIRequestContext._wrapApiCall', () => {
  let server: Server;
  let url: string;
  test.beforeAll(async () => {
    server = createServer((req, res) => res.end(`${req.method} ${req.url}`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("exists on the installed Playwright, and global setup's guard passes", async () => {
    const ctx = await newQuietRequestContext();
    try {
      expect(typeof (ctx as unknown as { _wrapApiCall?: unknown })._wrapApiCall).toBe('function');
      expect(() => requireZone(ctx)).not.toThrow();
    } finally {
      await ctx.dispose();
    }
    await expect(assertPrivateApis()).resolves.toBeUndefined();
  });

  test('runs fetch and body as one call, returns its result and carries errors out untouched', async () => {
    const ctx = await newQuietRequestContext();
    try {
      const text = await inOneApiCall(ctx, async () =>
        (await (await ctx.fetch(`${url}/one`, { method: 'POST', data: Buffer.from('x') })).body()).toString('utf8'),
      );
      expect(text).toBe('POST /one');
      // Inside the zone the error is the caller's own: no API name guessed from the stack in front.
      const own = new Error("the caller's own failure");
      await expect(inOneApiCall(ctx, async () => Promise.reject(own))).rejects.toBe(own);
      const refused: unknown = await inOneApiCall(ctx, () => ctx.fetch('http://127.0.0.1:1/', { timeout: 2_000 })).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused instanceof Error, 'a refused connection rejects').toBe(true);
    } finally {
      await ctx.dispose();
    }
  });

  test('inside a test, an exchange in the zone is no report step; without it, each request is one', () => {
    // A nested Playwright run (under test-results/, so that the project's node_modules resolve),
    // with a reporter that counts steps: the property the shortcut is kept for, seen by a reporter.
    const dir = fs.mkdtempSync(path.join(ROOT, 'test-results', 'zone-steps-'));
    try {
      fs.writeFileSync(path.join(dir, 'zone.spec.ts'), NESTED_SPEC);
      fs.writeFileSync(path.join(dir, 'steps-reporter.mjs'), STEPS_REPORTER);
      fs.writeFileSync(
        path.join(dir, 'playwright.config.ts'),
        `export default { testDir: '.', testMatch: 'zone.spec.ts', workers: 1, reporter: './steps-reporter.mjs', outputDir: './out' };\n`,
      );
      const run = spawnSync(
        path.join(ROOT, 'node_modules', '.bin', 'playwright'),
        ['test', '-c', path.join(dir, 'playwright.config.ts')],
        { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
      );
      const lines = run.stdout
        .split('\n')
        .filter((l) => l.startsWith('STEPS '))
        .map((l) => JSON.parse(l.slice(6)) as { title: string; status: string; steps: Record<string, number> });
      const apiSteps = (title: string): number => {
        const line = lines.find((l) => l.title === title);
        expect(line?.status, run.stdout + run.stderr).toBe('passed');
        return line?.steps['pw:api'] ?? 0;
      };
      // With the zone: at most the context's creation (one per worker in a run), whatever the number of requests.
      expect(apiSteps('zone true')).toBeLessThanOrEqual(1);
      // Without it: the creation and at least one step per request (the control: the counter sees steps).
      expect(apiSteps('zone false')).toBeGreaterThanOrEqual(6);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('missing, it is a SetupError (exit 2) that names the versions and the way out: never a silent fallback', async () => {
    const { installed, pinned } = playwrightVersions();
    const withoutZone = { fetch: async () => ({}) } as unknown as APIRequestContext;
    expect(() => requireZone(withoutZone)).toThrow(SetupError);
    let fallbackRan = false;
    await expect(
      inOneApiCall(withoutZone, async () => {
        fallbackRan = true;
      }),
    ).rejects.toBeInstanceOf(SetupError);
    expect(fallbackRan, 'the exchange must not run without the zone').toBe(false);
    const message = missingZoneError().message;
    expect(message).toContain(`playwright-core ${installed} no longer has APIRequestContext._wrapApiCall`);
    expect(message).toContain(`pinned to @playwright/test ${pinned}`);
    expect(message).toContain('npm ci');
    expect(message).toContain('suite/http/quiet-request.ts');
  });
});
