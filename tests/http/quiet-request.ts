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

export async function newQuietRequestContext(options: Parameters<typeof publicRequest.newContext>[0] = {}): Promise<APIRequestContext> {
  factory ??= loadQuietFactory();
  return (factory ?? publicRequest).newContext(options);
}
