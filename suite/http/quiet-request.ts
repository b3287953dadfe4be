/**
 * Playwright's APIRequestContext, from a Playwright instance of its own.
 *
 * Inside a test, every call on the runner's own Playwright instance becomes a report step (with a
 * captured stack and an IPC message to the runner). At thousands of cases per test that makes the
 * HTML report grow with the number of cases and slows the test as it accumulates steps. An
 * in-process Playwright created for the suite has no test-runner instrumentation attached, so its
 * calls are not steps: the suite records evidence itself, for failures only (see ../evidence).
 *
 * `createInProcessPlaywright` is exported by playwright-core's `lib/coreBundle` entry (listed in its
 * package exports), not documented API; if a future version drops it we fall back to the public
 * `request` export, which is correct but slower and step-heavy.
 */
import { createRequire } from 'node:module';
import { request as publicRequest, type APIRequestContext } from '@playwright/test';
import { ContextRotation } from './context-rotation';

type RequestFactory = { newContext: typeof publicRequest.newContext };

function loadQuietFactory(): RequestFactory | null {
  try {
    const require = createRequire(import.meta.url);
    const bundle = require('playwright-core/lib/coreBundle') as {
      inprocess?: { createInProcessPlaywright?: () => { request: RequestFactory } };
    };
    return bundle.inprocess?.createInProcessPlaywright?.().request ?? null;
  } catch {
    return null;
  }
}

let factory: RequestFactory | null | undefined;

/** Whether requests are sent without per-call report steps (shown in the run header and bench). */
export const quietRequestsAvailable = (): boolean => (factory ??= loadQuietFactory()) !== null;

const rotations = new WeakMap<APIRequestContext, ContextRotation>();

export async function newQuietRequestContext(options: Parameters<typeof publicRequest.newContext>[0] = {}): Promise<APIRequestContext> {
  factory ??= loadQuietFactory();
  const create = (): Promise<APIRequestContext> => (factory ?? publicRequest).newContext(options);
  const ctx = await create();
  // Sibling contexts for ApiClient's generations (see context-rotation.ts), disposed with this one.
  const rotation = new ContextRotation(create);
  rotations.set(ctx, rotation);
  const dispose = ctx.dispose.bind(ctx);
  ctx.dispose = async (disposeOptions) => {
    await rotation.close();
    await dispose(disposeOptions);
  };
  return ctx;
}

/** The generation rotation of a context made by newQuietRequestContext; null for any other context. */
export const rotationFor = (ctx: APIRequestContext): ContextRotation | null => rotations.get(ctx) ?? null;

type ZoneOwner = { _wrapApiCall?: <T>(fn: () => Promise<T>, options?: { internal?: boolean }) => Promise<T> };

/**
 * Runs `fn` (fetch, then body) as ONE Playwright API call. Each client call outside an API zone
 * captures and formats a 50-frame stack (captureLibraryStackTrace): measured with `npm run bench`,
 * that was the largest single cost of a request. Nested calls inside a zone reuse it. `internal`
 * keeps the call out of any instrumentation, as the quiet context already is.
 *
 * `_wrapApiCall` is private playwright-core API (1.5x-1.6x); without it `fn` runs as is, which is
 * slower but correct, and tests/unit/bench/bench.spec.ts fails so an upgrade that removes it is noticed.
 * Two further measured shortcuts were left out on purpose: reading bodies from the in-process
 * server's objects and swapping Error.prepareStackTrace around the zone. Together they brought the
 * suite/fetch ratio from ~0.65 to ~1.0, but they reach into Playwright's server internals and patch
 * a global; the suite is not the bottleneck at 0.65 (see README, "Throughput").
 * Errors are carried out of the zone untouched: the zone would otherwise prefix their message with
 * an API name guessed from the stack.
 */
export async function inOneApiCall<T>(ctx: APIRequestContext, fn: () => Promise<T>): Promise<T> {
  const owner = ctx as unknown as ZoneOwner;
  if (typeof owner._wrapApiCall !== 'function') return fn();
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

/** Whether the single-zone fast path is available (asserted by the bench unit test). */
export const singleZoneAvailable = (ctx: APIRequestContext): boolean => typeof (ctx as unknown as ZoneOwner)._wrapApiCall === 'function';
