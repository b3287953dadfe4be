/** Resource ids in the observed Solaris shape: 32 lowercase hex characters and a type suffix. */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

export type IdSuffix = 'cper' | 'ises' | 'cidt' | 'cdoc';

export const newResourceId = (suffix: IdSuffix): string => randomBytes(16).toString('hex') + suffix;

/**
 * Error ids: a UUID as on the endpoint pages, or 32 hex characters and a suffix as elsewhere in the
 * vendor's API (ERR). `cerr` follows the resource suffixes (cper, cidt); clients must not parse it.
 */
export const newErrorId = (shape: 'uuid' | 'hex'): string =>
  shape === 'uuid' ? randomUUID() : `${randomBytes(16).toString('hex')}cerr`;

/** Opaque bearer tokens: 32 random bytes, hex. */
export const newAccessToken = (): string => randomBytes(32).toString('hex');

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** An IDnow-style reference like the page's example "TST-ELCCJ". */
export function newIdnowReference(): string {
  let s = 'TST-';
  for (let i = 0; i < 5; i++) s += LETTERS[randomInt(LETTERS.length)];
  return s;
}
