/** Invalid requests for one method: a uniform choice over the applicable rules' arbitraries. */
import fc from 'fast-check';
import { IDENTIFICATION_METHODS, type IdentificationMethod, type InvalidCase, type InvalidRule } from './case';
import { ruleDefinition, rulesFor } from './catalogue';

/**
 * `rules` defaults to every rule that applies to the method. A rule that does not apply (e.g.
 * iban-required with idnow) or an empty list throws: a property over nothing would pass vacuously.
 */
export const invalidCase = (
  method: IdentificationMethod,
  rules?: readonly InvalidRule[],
): fc.Arbitrary<InvalidCase> => {
  if (!IDENTIFICATION_METHODS.includes(method)) throw new Error(`invalidCase: unknown method "${String(method)}"`);
  const applicable = rulesFor(method);
  const chosen = rules ?? applicable;
  if (chosen.length === 0) throw new Error(`invalidCase: empty rule list for method "${method}"`);
  for (const rule of chosen) {
    if (!applicable.includes(rule)) {
      throw new Error(
        `invalidCase: rule "${rule}" does not apply to method "${method}" (applicable: ${applicable.join(', ')})`,
      );
    }
  }
  return fc.oneof(...chosen.map((rule) => ruleDefinition(rule).arbitrary(method)));
};
