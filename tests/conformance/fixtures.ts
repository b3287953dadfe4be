/**
 * Typed, worker-scoped fixtures: configuration, target ids, the OAuth2 token and the API client.
 * Expensive things (token, request context) live once per worker; each test gets them ready.
 */
import { request, test as base } from '@playwright/test';
import type { TargetContext } from '../../suite/checks/types';
import { loadDotenv, readConfig, type SuiteConfig } from '../../suite/config/env';
import { readTargetState, type TargetState } from '../../suite/config/target-state';
import { ApiClient, fetchToken, type Token } from '../../suite/http/client';
import { Limiter } from '../../suite/http/limiter';
import { quietContext } from '../../suite/http/quiet-request';
import type { APIRequestContext } from '@playwright/test';

interface WorkerFixtures {
  config: SuiteConfig;
  targetState: TargetState;
  target: TargetContext;
  requestContext: APIRequestContext;
  token: Token;
  api: ApiClient;
}

export const test = base.extend<object, WorkerFixtures>({
  config: [
    async ({}, use) => {
      loadDotenv();
      await use(readConfig());
    },
    { scope: 'worker' },
  ],
  targetState: [async ({}, use) => use(readTargetState()), { scope: 'worker' }],
  target: [
    async ({ targetState }, use) =>
      use({
        personId: targetState.personId,
        sessionId: targetState.sessionId,
        sessionMethods: targetState.sessionMethods,
      }),
    { scope: 'worker' },
  ],
  requestContext: [
    async ({}, use) => {
      const ctx = await quietContext(await request.newContext());
      await use(ctx);
      await ctx.dispose();
    },
    { scope: 'worker' },
  ],
  token: [
    async ({ requestContext, config }, use) => use(await fetchToken(requestContext, config)),
    { scope: 'worker' },
  ],
  api: [
    async ({ requestContext, config, token }, use, workerInfo) => {
      // CONFORMANCE_CONCURRENCY and CONFORMANCE_MAX_RPS bound the whole run, so each worker takes its share.
      const workers = Math.max(1, workerInfo.config.workers);
      const limiter = new Limiter(
        Math.max(1, Math.ceil(config.concurrency / workers)),
        config.maxRps === null ? null : config.maxRps / workers,
      );
      const client = new ApiClient(requestContext, config, limiter);
      client.useToken(token);
      await use(client);
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
