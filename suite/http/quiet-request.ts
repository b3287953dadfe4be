/**
 * Playwright's APIRequestContext, each exchange sent as ONE internal Playwright API call.
 *
 * Inside a test, every call on Playwright's request API is a report step (a captured stack, an IPC
 * message to the runner, an entry in the HTML report), and every client call outside an API zone
 * captures and formats a 50-frame stack (captureLibraryStackTrace). At thousands of cases per test
 * a naive loop reached a fraction of plain fetch and slowed down as its test accumulated steps.
 * `inOneApiCall` runs fetch and body as one *internal* API call instead: one captured stack per
 * exchange, and no report step at all. The suite records evidence itself, for failures only (see
 * ../evidence).
 *
 * That takes playwright-core's private `_wrapApiCall(fn, { internal: true })`, the only private
 * entry point the suite uses, and it is watched rather than hoped for: @playwright/test is pinned
 * to an exact version in package.json, tests/unit/bench/playwright-pin.spec.ts fails if the entry
 * point disappears or stops keeping exchanges out of the report, and at run time
 * `assertPrivateApis` (global setup), every context made here and `inOneApiCall` itself end the
 * run (SetupError: verdict "error", exit 2) with what to do, never a silent slow path. README,
 * "Throughput and scale", has the bench figures with and without it. A second shortcut, an
 * un-instrumented Playwright from playwright-core's private lib/coreBundle
 * (createInProcessPlaywright), was removed: with the internal zone it was not needed to stay above
 * half of fetch's throughput (same README section).
 *
 * Errors are carried out of the zone untouched: the zone would otherwise prefix their message with
 * an API name guessed from the stack.
 */
import { createRequire } from 'node:module';
import { request as publicRequest, type APIRequestContext } from '@playwright/test';
import { SetupError } from '../engine/setup-error';
import { ContextRotation } from './context-rotation';

type ZoneOwner = { _wrapApiCall?: <T>(fn: () => Promise<T>, options?: { internal?: boolean }) => Promise<T> };

const require = createRequire(import.meta.url);

/** The installed playwright-core, and the @playwright/test version package.json pins. */
export function playwrightVersions(): { installed: string; pinned: string } {
  const installed = (require('playwright-core/package.json') as { version: string }).version;
  const manifest = require('../../package.json') as { devDependencies?: Record<string, string> };
  return { installed, pinned: manifest.devDependencies?.['@playwright/test'] ?? '(not in package.json)' };
}

/** The run-time guard's message: what is missing, in which version, and the two ways out. */
export function missingZoneError(): SetupError {
  const { installed, pinned } = playwrightVersions();
  return new SetupError(
    `playwright-core ${installed} no longer has APIRequestContext._wrapApiCall, the private Playwright API every request of the suite runs through (one internal API call per exchange: one captured stack and no report step per request; without it a run inside the test runner is several times slower, and every request is a report step)`,
    `this suite is pinned to @playwright/test ${pinned}: reinstall it (npm ci), or port suite/http/quiet-request.ts to the installed version and re-measure with npm run bench`,
  );
}

const hasZone = (ctx: APIRequestContext): boolean => typeof (ctx as unknown as ZoneOwner)._wrapApiCall === 'function';

/** Throws missingZoneError() unless `ctx` offers the single-zone call. */
export function requireZone(ctx: APIRequestContext): void {
  if (!hasZone(ctx)) throw missingZoneError();
}

/**
 * For global setup, before any request: ends the run (exit 2) if the installed Playwright lacks a
 * private entry point the suite relies on. Creates and disposes one request context (no request).
 */
export async function assertPrivateApis(): Promise<void> {
  const ctx = await publicRequest.newContext();
  try {
    requireZone(ctx);
  } finally {
    await ctx.dispose();
  }
}

/** Contexts (and their generations) whose exchanges skip the zone: `npm run bench -- --without zone` only. */
const unzoned = new WeakSet<APIRequestContext>();

export interface QuietContextOptions {
  /** false for the bench's comparison only: each exchange as plain client calls (one stack each, steps in a test). */
  zone?: boolean;
}

const rotations = new WeakMap<APIRequestContext, ContextRotation>();

export async function newQuietRequestContext(
  options: Parameters<typeof publicRequest.newContext>[0] = {},
  quiet: QuietContextOptions = {},
): Promise<APIRequestContext> {
  return quietContext(await publicRequest.newContext(options), options, quiet);
}

/**
 * A context the caller created, made quiet. The spec's fixture creates its own, so that the
 * report's "Create request context" step points at the fixture, not into the suite.
 */
export async function quietContext(
  ctx: APIRequestContext,
  options: Parameters<typeof publicRequest.newContext>[0] = {},
  quiet: QuietContextOptions = {},
): Promise<APIRequestContext> {
  if (!hasZone(ctx)) {
    await ctx.dispose();
    throw missingZoneError();
  }
  const zone = quiet.zone ?? true;
  if (!zone) unzoned.add(ctx);
  // Sibling contexts for ApiClient's generations (see context-rotation.ts), disposed with this one;
  // created and disposed inside the zone too, so a rotation adds no report step either.
  const rotation = new ContextRotation(async () => {
    const generation = await inOneApiCall(ctx, () => publicRequest.newContext(options));
    if (!zone) unzoned.add(generation);
    return generation;
  });
  rotations.set(ctx, rotation);
  const dispose = ctx.dispose.bind(ctx);
  ctx.dispose = (disposeOptions) =>
    inOneApiCall(ctx, async () => {
      await rotation.close();
      await dispose(disposeOptions);
    });
  return ctx;
}

/** The generation rotation of a context made by newQuietRequestContext; null for any other context. */
export const rotationFor = (ctx: APIRequestContext): ContextRotation | null => rotations.get(ctx) ?? null;

/**
 * Runs `fn` (fetch, then body) as ONE internal Playwright API call: nested calls reuse the zone, so
 * the exchange captures one stack instead of one per call, and `internal` keeps it out of the test
 * runner's instrumentation (no report step). A context without the zone is a SetupError (see top).
 */
export async function inOneApiCall<T>(ctx: APIRequestContext, fn: () => Promise<T>): Promise<T> {
  if (unzoned.has(ctx)) return fn();
  const owner = ctx as unknown as ZoneOwner;
  if (typeof owner._wrapApiCall !== 'function') throw missingZoneError();
  let failure: { error: unknown } | null = null;
  const result = await owner._wrapApiCall(
    async () => {
      try {
        return await fn();
      } catch (error) {
        failure = { error };
        return undefined;
      }
    },
    { internal: true },
  );
  if (failure !== null) throw (failure as { error: unknown }).error;
  return result as T;
}
