/**
 * A logged case's request body, drawn again from the run's seed: the exchange log keeps long bodies
 * as a hash only (suite/engine/exchange-log.ts), and the comparison shows them whole. The caller
 * checks the hash, so a log written by another version of the suite yields no wrong body.
 */
import fc from 'fast-check';
import { requestText } from '../../generators/case';
import type { LoggedCase } from './exchange-log';
import { arbitraryFor } from './plan';
import { probeCase } from './probes';
import { deriveSeed } from './replay';

/** Draws each test's cases once, however many of them are asked for. */
export class BodyRegenerator {
  private readonly drawn = new Map<string, string[]>();

  constructor(private readonly seed: number) {}

  /** The request text of the logged case, or null when this version of the suite cannot draw it. */
  text(logged: Pick<LoggedCase, 'test' | 'method' | 'family' | 'index' | 'probe'>): string | null {
    // The property seed, as runProperty and runProbes derive it from the test's title path.
    const propertySeed = deriveSeed(this.seed, logged.test.join(' '));
    try {
      if (logged.probe !== null) return requestText(probeCase(logged.method, propertySeed));
      const key = logged.test.join('\u0000');
      let texts = this.drawn.get(key) ?? [];
      if (texts.length <= logged.index) {
        // fc.sample draws its values one after the other: the index-th does not depend on how many follow.
        texts = fc
          .sample(arbitraryFor(logged.method, logged.family), {
            seed: propertySeed,
            numRuns: Math.max(logged.index + 1, texts.length * 2),
          })
          .map(requestText);
        this.drawn.set(key, texts);
      }
      return texts[logged.index] ?? null;
    } catch {
      // A family this version of the suite does not know: the body is not ours to draw.
      return null;
    }
  }
}
