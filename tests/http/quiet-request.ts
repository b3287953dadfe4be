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
import { request as publicRequest, type APIRequestContext, type APIResponse } from '@playwright/test';
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
 * Runs `fn` (several calls on `ctx`) as ONE Playwright API call. Each client call outside an API
 * zone captures and formats a 50-frame stack (captureLibraryStackTrace, then source-mapped by
 * tsx or the runner): measured with `npm run bench`, that was the largest single cost of a request
 * (fetch + body + dispose = three stacks). Nested calls inside a zone reuse it and capture none.
 * `internal` keeps the call out of any instrumentation, as the quiet context already is.
 *
 * `_wrapApiCall` is private playwright-core API (1.5x-1.6x); without it `fn` runs as is, which is
 * slower but correct. Errors are carried out of the zone untouched: the zone would otherwise prefix
 * their message with an API name guessed from the stack.
 */
export async function inOneApiCall<T>(ctx: APIRequestContext, fn: () => Promise<T>): Promise<T> {
  const owner = ctx as unknown as ZoneOwner;
  if (typeof owner._wrapApiCall !== 'function') return fn();
  let failure: { error: unknown } | null = null;
  // The zone's own stack capture (the one left per request) formats 50 frames through the installed
  // formatter: the runner's source-map-support or Node's source maps, ~15% of the client CPU per
  // request inside a Playwright test. Its frames only ever serve instrumentation and the rewriting
  // of errors escaping the zone, and this zone is internal and lets no error escape, so while
  // _wrapApiCall runs synchronously (where it captures) the stack is formatted as nothing. Errors
  // created in that window keep their frames: V8 formats a stack on first read, after the restore.
  const formatter = Error.prepareStackTrace;
  Error.prepareStackTrace = noStack;
  let pending: Promise<T | undefined>;
  try {
    pending = owner._wrapApiCall(
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
  } finally {
    Error.prepareStackTrace = formatter;
  }
  const result = await pending;
  if (failure !== null) throw (failure as { error: unknown }).error;
  return result as T;
}

const noStack = (): string => '';

type InProcessOwner = { _connection?: { toImpl?: (x: unknown) => { fetchResponses?: unknown } | undefined } };

/**
 * The body of `response`, read from the in-process Playwright server object that holds it, or
 * undefined when that is not possible (then use response.body()). response.body() is a protocol
 * round trip that only looks the body up in that same map, and each round trip costs the
 * dispatcher three ProgressControllers, pre-built TimeoutErrors, timers and validators: measured
 * with `npm run bench`, reading it directly brings the suite's client CPU per request from
 * ~500 µs to ~400 µs on this machine, level with plain fetch. The request itself is still sent by
 * APIRequestContext.fetch; only where the answer's bytes are read from changes.
 *
 * Private playwright-core API (connection.toImpl of an in-process Playwright, the server
 * APIRequestContext's fetchResponses map, APIResponse._fetchUid; 1.5x-1.6x): every step is
 * checked, and anything unexpected falls back to the public call. tests/unit/bench.spec.ts
 * asserts the fast path is taken, so an upgrade that removes it shows up as a failing unit test.
 */
export function inProcessBody(ctx: APIRequestContext, response: APIResponse): Buffer | undefined {
  try {
    const impl = (ctx as unknown as InProcessOwner)._connection?.toImpl?.(ctx);
    const map = impl?.fetchResponses;
    const uid = (response as unknown as { _fetchUid?: () => unknown })._fetchUid?.();
    if (!(map instanceof Map) || typeof uid !== 'string') return undefined;
    const body: unknown = map.get(uid);
    return Buffer.isBuffer(body) ? body : undefined;
  } catch {
    return undefined;
  }
}
