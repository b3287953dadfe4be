/**
 * Scenario probes: a valid request of the method, sent with broken credentials or to resources
 * that do not exist. Few requests, fixed variants, so no property and nothing to shrink.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { test } from '@playwright/test';
import { validCase } from '../../generators';
import { judge } from '../checks/registry';
import type { CheckId, Exchange, Probe } from '../checks/types';
import type { ProbeTarget } from './send';
import { createdId, sendCase } from './send';
import { deriveSeed } from './replay';
import { finishTest, replayFor, testKey, type Failure, type TestContext } from './property';
import { ObservationCollector } from './observations';
import { StatsCollector } from './stats';

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

export interface PlannedProbe {
  probe: Probe;
  target: ProbeTarget;
}

export function authProbes(context: Pick<TestContext, 'target'>): PlannedProbe[] {
  const { personId, sessionId } = context.target;
  return [
    { probe: { kind: 'auth', variant: 'no-token' }, target: { personId, sessionId, auth: { kind: 'header', value: null } } },
    { probe: { kind: 'auth', variant: 'malformed-token' }, target: { personId, sessionId, auth: { kind: 'header', value: 'Bearer not a token' } } },
    { probe: { kind: 'auth', variant: 'unknown-token' }, target: { personId, sessionId, auth: { kind: 'header', value: `Bearer ${hex(32)}` } } },
  ];
}

/** `otherPersonId` is a second person provisioned by global setup; without one that probe is skipped. */
export function unknownResourceProbes(context: Pick<TestContext, 'target'>, otherPersonId: string | null): PlannedProbe[] {
  const { personId, sessionId } = context.target;
  const token = { kind: 'token' } as const;
  const probes: PlannedProbe[] = [
    { probe: { kind: 'unknown-resource', variant: 'unknown-person' }, target: { personId: `${hex(16)}cper`, sessionId, auth: token } },
    { probe: { kind: 'unknown-resource', variant: 'unknown-session' }, target: { personId, sessionId: `${hex(16)}ises`, auth: token } },
  ];
  if (otherPersonId !== null) {
    probes.push({ probe: { kind: 'unknown-resource', variant: 'foreign-session' }, target: { personId: otherPersonId, sessionId, auth: token } });
  }
  return probes;
}

export async function runProbes(context: TestContext, probes: readonly PlannedProbe[], mainCheck: CheckId): Promise<void> {
  const started = Date.now();
  const requestsBefore = context.client.requests;
  const propertySeed = deriveSeed(context.config.seed, testKey(context.testInfo).join(' '));
  const [body] = fc.sample(validCase(context.method), { seed: propertySeed, numRuns: 1 });
  if (body === undefined) throw new Error('validCase produced no sample');
  const stats = new StatsCollector();
  const observations = new ObservationCollector();
  const firstByCheck = new Map<CheckId, Failure>();
  const ids = new Set<string>();

  await test.step(`send ${probes.length} probes: ${probes.map((p) => ('variant' in p.probe ? p.probe.variant : p.probe.kind)).join(', ')}`, async () => {
    for (const [index, planned] of probes.entries()) {
      const exchange: Exchange = await sendCase(context.client, context.target, body, ids, { probe: planned.probe, override: planned.target });
      const { applied, violations } = judge(exchange);
      const id = createdId(exchange);
      if (id !== null) ids.add(id);
      stats.record(applied, new Set(violations.map((v) => v.check)));
      observations.observe(exchange);
      for (const v of violations) {
        if (!firstByCheck.has(v.check)) firstByCheck.set(v.check, { index, path: '', exchange, violations, shrunk: false });
        stats.addExample(v.check, { summary: `${v.title}: expected ${v.expected}; got ${v.actual}`, replay: replayFor(context, null) });
      }
    }
  });
  const expects: CheckId[] = [mainCheck, 'status-code', 'content-type', 'not-a-server-error', 'response-schema'];
  await finishTest(context, { stats, observations, firstByCheck, expects, propertySeed, started, requestsBefore });
}
