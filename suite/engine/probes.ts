/**
 * Scenario probes: a valid request of the method, sent with broken credentials or to resources
 * that do not exist. Few requests, fixed variants, so no property and nothing to shrink.
 */
import fc from 'fast-check';
import { test } from '@playwright/test';
import { validCase } from '../../generators';
import type { IdentificationMethod, RequestCase } from '../../generators/case';
import { runBaseline } from '../baseline/load';
import type { Exchange, Probe, ProbeKind } from '../checks/types';
import type { ProbeTarget } from './send';
import { sendCase } from './send';
import { owedChecks } from './plan';
import { deriveSeed } from './replay';
import { exchangeLogFor, finishTest, replayFor, stepAt, testKey, unanswered, type TestContext } from './property';
import { mapPool } from '../http/limiter';
import { UnansweredError } from '../http/client';
import { caseId } from './exchange-log';
import { CaseRecorder } from './recorder';

/**
 * The made-up values the probes send (an unknown token, person and session id), derived from the
 * test's property seed like everything else a run sends: the same seed sends the same probes, byte
 * for byte, and another seed other values. Without the run's config and test (a unit test listing
 * the probes' variants), seed 0.
 */
function probeValues(context: Partial<Pick<TestContext, 'config' | 'testInfo'>>): {
  token: string;
  personHex: string;
  sessionHex: string;
} {
  const seed =
    context.config && context.testInfo ? deriveSeed(context.config.seed, testKey(context.testInfo).join(' ')) : 0;
  const hex = (bytes: number) =>
    fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Buffer.from(b).toString('hex'));
  const [values] = fc.sample(fc.record({ token: hex(32), personHex: hex(16), sessionHex: hex(16) }), {
    seed,
    numRuns: 1,
  });
  if (values === undefined) throw new Error('fc.sample produced no probe values');
  return values;
}

/** The one valid request every probe of a test sends, drawn with the test's property seed. */
export function probeCase(method: IdentificationMethod, propertySeed: number): RequestCase {
  const [body] = fc.sample(validCase(method), { seed: propertySeed, numRuns: 1 });
  if (body === undefined) throw new Error('validCase produced no sample');
  return body;
}

export interface PlannedProbe {
  probe: Probe;
  target: ProbeTarget;
}

export function authProbes(
  context: Pick<TestContext, 'target'> & Partial<Pick<TestContext, 'config' | 'testInfo'>>,
): PlannedProbe[] {
  const { personId, sessionId } = context.target;
  const { token } = probeValues(context);
  return [
    {
      probe: { kind: 'auth', variant: 'no-token' },
      target: { personId, sessionId, auth: { kind: 'header', value: null } },
    },
    {
      probe: { kind: 'auth', variant: 'malformed-token' },
      target: { personId, sessionId, auth: { kind: 'header', value: 'Bearer not a token' } },
    },
    {
      probe: { kind: 'auth', variant: 'unknown-token' },
      target: { personId, sessionId, auth: { kind: 'header', value: `Bearer ${token}` } },
    },
  ];
}

/** `otherPersonId` is a second person provisioned by global setup; without one that probe is skipped. */
export function unknownResourceProbes(
  context: Pick<TestContext, 'target'> & Partial<Pick<TestContext, 'config' | 'testInfo'>>,
  otherPersonId: string | null,
): PlannedProbe[] {
  const { personId, sessionId } = context.target;
  const { personHex, sessionHex } = probeValues(context);
  const token = { kind: 'token' } as const;
  const probes: PlannedProbe[] = [
    {
      probe: { kind: 'unknown-resource', variant: 'unknown-person' },
      target: { personId: `${personHex}cper`, sessionId, auth: token },
    },
    {
      probe: { kind: 'unknown-resource', variant: 'unknown-session' },
      target: { personId, sessionId: `${sessionHex}ises`, auth: token },
    },
  ];
  if (otherPersonId !== null) {
    probes.push({
      probe: { kind: 'unknown-resource', variant: 'foreign-session' },
      target: { personId: otherPersonId, sessionId, auth: token },
    });
  }
  return probes;
}

/** Sends the probes and judges them; the test owes the checks its probes' kinds owe (suite/engine/plan.ts). */
export async function runProbes(context: TestContext, probes: readonly PlannedProbe[]): Promise<void> {
  const started = Date.now();
  const requestsBefore = context.client.requests;
  const title = testKey(context.testInfo);
  const propertySeed = deriveSeed(context.config.seed, title.join(' '));
  const body = probeCase(context.method, propertySeed);
  // A probe to another provisioned person (foreign-session) names it by placeholder; made-up ids stay as sent.
  const other = probes.find((p) => p.probe.kind === 'unknown-resource' && p.probe.variant === 'foreign-session');
  const recorder = new CaseRecorder(
    context.method,
    runBaseline(),
    () => replayFor(context, null),
    exchangeLogFor(context, other?.target.personId ?? null),
  );

  await test.step(
    `send ${probes.length} probes: ${probes.map((p) => ('variant' in p.probe ? p.probe.variant : p.probe.kind)).join(', ')}`,
    async () => {
      // Side by side: each probe is independent, and against a slow target one at a time adds up.
      await mapPool(probes, context.config.concurrency, async (planned, index) => {
        const id = caseId(title, index);
        const exchange: Exchange | UnansweredError = await sendCase(
          context.client,
          context.target,
          body,
          recorder.ids,
          {
            probe: planned.probe,
            override: planned.target,
            caseId: id,
          },
        ).catch(unanswered);
        if (exchange instanceof UnansweredError) recorder.unanswered(id, exchange);
        else recorder.record(exchange, index, '');
      });
    },
    stepAt(context.testInfo),
  );
  const kinds = [...new Set(probes.flatMap((p): ProbeKind[] => (p.probe.kind === 'generated' ? [] : [p.probe.kind])))];
  const expects = owedChecks({ kind: 'probes', probes: kinds });
  await finishTest(context, { ...recorder.results(), expects, propertySeed, started, requestsBefore });
}
