/**
 * The engine end to end against an in-process sandbox: a failure shrinks to a minimal request,
 * the printed replay path reproduces exactly that request, and a clean target passes.
 */
import { expect, test } from '@playwright/test';
import { validCase } from '../../../generators';
import { startSandbox } from '../../../sandbox/server';
import { readConfig, type SuiteConfig } from '../../../suite/config/env';
import { ApiClient, fetchToken } from '../../../suite/http/client';
import { newQuietRequestContext } from '../../../suite/http/quiet-request';
import fc from 'fast-check';
import { ConformanceViolationError, runProperty, testKey } from '../../../suite/engine/property';
import { deriveSeed } from '../../../suite/engine/replay';
import { owedChecks } from '../../../suite/engine/plan';

async function harness(faults: string[], overrides: Partial<SuiteConfig> = {}) {
  const sandbox = await startSandbox({ port: 0, faults });
  const config: SuiteConfig = {
    ...readConfig({
      SOLARIS_BASE_URL: sandbox.url,
      SOLARIS_CLIENT_ID: sandbox.clientId,
      SOLARIS_CLIENT_SECRET: sandbox.clientSecret,
      CONFORMANCE_SEED: '7',
      CONFORMANCE_RUNS: '40',
    }),
    ...overrides,
  };
  const ctx = await newQuietRequestContext();
  const client = new ApiClient(ctx, config);
  client.useToken(await fetchToken(ctx, config));
  const target = {
    personId: sandbox.personId,
    sessionId: sandbox.sessionId,
    sessionMethods: ['bank', 'bank_id', 'fourthline', 'idnow'] as const,
  };
  return {
    config,
    client,
    target: { ...target, sessionMethods: [...target.sessionMethods] },
    close: async () => {
      await ctx.dispose();
      await sandbox.close();
    },
  };
}

/** The exact body, from the evidence's curl command (the displayed body may be shortened). */
function minimalBody(evidence: string): Record<string, unknown> {
  const quoted = /--data-binary '((?:[^']|'\\'')*)'/.exec(evidence)?.[1] ?? '';
  return JSON.parse(quoted.replace(/'\\''/g, "'")) as Record<string, unknown>;
}

test.describe('explore, shrink, replay', () => {
  test('a clean sandbox passes the valid-request property', async ({}, testInfo) => {
    const h = await harness([]);
    try {
      await runProperty({
        testInfo,
        ...h,
        client: h.client,
        method: 'idnow',
        family: 'valid',
        runs: 40,
        arbitrary: validCase('idnow'),
        expects: () => owedChecks({ kind: 'valid', accepted: false }),
      });
    } finally {
      await h.close();
    }
  });

  test('a failure shrinks to a smaller failing request, and its replay path sends exactly that request', async ({}, testInfo) => {
    const h = await harness(['reject-long-text'], { shrinkTimeMs: 5_000 });
    let evidence: string | undefined;
    let replay: string | undefined;
    try {
      const error = await runProperty({
        testInfo,
        ...h,
        client: h.client,
        method: 'idnow',
        family: 'valid',
        runs: 40,
        arbitrary: validCase('idnow'),
        expects: () => [],
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConformanceViolationError);
      const attachment = testInfo.attachments.find((a) => a.name === 'violation: positive-acceptance');

      evidence = attachment?.body?.toString('utf8') ?? '';
      expect(evidence).toContain('shrunk to a minimal failing case');
      replay = /CONFORMANCE_REPLAY_PATH=([\d:]+)/.exec(evidence)?.[1] ?? '';
      expect(replay).not.toBe('');
    } finally {
      await h.close();
    }
    // Smaller than what exploration found, and still over the 255-character limit the fault enforces.
    const body = minimalBody(evidence ?? '');
    // The first case exploration sent that the fault rejects: the same sequence fc.sample draws.
    const seed = deriveSeed(h.config.seed, testKey(testInfo).join(' '));
    const original = fc
      .sample(validCase('idnow'), { seed, numRuns: 40 })
      .map((c) => c.body)
      .find((b) => Object.values(b).some((v) => typeof v === 'string' && v.length > 255))!;
    expect(JSON.stringify(body).length).toBeLessThan(JSON.stringify(original).length);
    expect(Object.values(body).some((v) => typeof v === 'string' && v.length > 255)).toBe(true);

    // Replaying the printed path sends that very request again and fails the same way.
    const again = await harness(['reject-long-text'], { replayPath: replay ?? null });
    try {
      const replayInfo = {
        ...testInfo,
        attachments: [] as typeof testInfo.attachments,
        attach: async (name: string, options: { body?: string | Buffer }) =>
          void replayInfo.attachments.push({ name, contentType: 'text/plain', body: Buffer.from(options.body ?? '') }),
      };
      const error = await runProperty({
        testInfo: replayInfo as unknown as typeof testInfo,
        ...again,
        client: again.client,
        method: 'idnow',
        family: 'valid',
        runs: 40,
        arbitrary: validCase('idnow'),
        expects: () => [],
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConformanceViolationError);
      const replayed =
        replayInfo.attachments.find((a) => a.name === 'violation: positive-acceptance')?.body?.toString('utf8') ?? '';
      expect(minimalBody(replayed)).toEqual(body);
    } finally {
      await again.close();
    }
  });
});
