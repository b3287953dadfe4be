/**
 * The CPU-only stages of a case: generating it, validating the answer against the schemas, and
 * judging the exchange with every check. Each is timed on its own, in a loop of at least
 * `minMs`, so that it can be compared with the request rate (none of them should be close).
 */
import fc from 'fast-check';
import { IDENTIFICATION_METHODS, invalidCase, requestText, validCase, type RequestCase } from '../generators';
import { validateErrorBody, validateIdentification, validateRequest } from '../schemas/validators';
import { judge } from '../suite/checks/registry';
import type { Exchange } from '../suite/checks/types';

export interface GenerationRate {
  /** Cases per second, generation plus rendering the request text (fc.sample, as the engine does). */
  casesPerSecond: number;
  validPerSecond: number;
  invalidPerSecond: number;
}

function timeLoop(minMs: number, body: () => number): number {
  let items = 0;
  const started = performance.now();
  while (performance.now() - started < minMs) items += body();
  return (items * 1000) / (performance.now() - started);
}

export function generationRate(minMs = 1000, seed = 7): GenerationRate {
  let round = 0;
  let bytes = 0;
  const sampleOf = (kind: 'valid' | 'invalid'): number => {
    let n = 0;
    for (const method of IDENTIFICATION_METHODS) {
      const arbitrary: fc.Arbitrary<RequestCase> = kind === 'valid' ? validCase(method) : invalidCase(method);
      for (const c of fc.sample(arbitrary, { seed: seed + round++, numRuns: 50 })) {
        bytes += requestText(c).length;
        n++;
      }
    }
    return n;
  };
  const validPerSecond = timeLoop(minMs / 2, () => sampleOf('valid'));
  const invalidPerSecond = timeLoop(minMs / 2, () => sampleOf('invalid'));
  // The suite's properties are one valid and ~8 invalid families per method: weight accordingly.
  const casesPerSecond = 1 / (1 / 9 / validPerSecond + 8 / 9 / invalidPerSecond);
  if (bytes < 0) console.log(bytes); // keeps the rendering from being optimised away
  return { casesPerSecond, validPerSecond, invalidPerSecond };
}

export interface ValidationRate {
  /** Response bodies validated against the identification / error schema, per second. */
  responsesPerSecond: number;
  /** Request bodies validated against the request schema, per second (the generators' oracle). */
  requestsPerSecond: number;
  /** Exchanges judged by every applicable check (schemas included), per second. */
  judgementsPerSecond: number;
}

export function validationRate(exchanges: readonly Exchange[], minMs = 1000): ValidationRate {
  if (exchanges.length === 0) return { responsesPerSecond: NaN, requestsPerSecond: NaN, judgementsPerSecond: NaN };
  const answers = exchanges.filter((e) => e.response.json !== undefined);
  const bodies = exchanges.map((e) => ('body' in e.case ? e.case.body : null)).filter((b) => b !== null);
  let sink = 0;
  const responsesPerSecond = timeLoop(minMs / 3, () => {
    for (const e of answers)
      sink += (e.response.status === 200 ? validateIdentification(e.response.json) : validateErrorBody(e.response.json))
        .length;
    return answers.length;
  });
  const requestsPerSecond = timeLoop(minMs / 3, () => {
    for (const b of bodies) sink += validateRequest(b).length;
    return bodies.length;
  });
  const judgementsPerSecond = timeLoop(minMs / 3, () => {
    for (const e of exchanges) sink += judge(e).applied.length;
    return exchanges.length;
  });
  if (sink < 0) console.log(sink); // keeps the loops from being optimised away
  return { responsesPerSecond, requestsPerSecond, judgementsPerSecond };
}
