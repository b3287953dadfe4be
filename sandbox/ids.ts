/** Resource ids in the observed Solaris shape: 32 lowercase hex characters and a type suffix. */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

export type IdSuffix = 'cper' | 'ises' | 'cidt' | 'cdoc';

export const newResourceId = (suffix: IdSuffix): string => randomBytes(16).toString('hex') + suffix;

/** Error ids are UUIDs, as on the endpoint page. */
export const newErrorId = (): string => randomUUID();

/** Opaque bearer tokens: 32 random bytes, hex. */
export const newAccessToken = (): string => randomBytes(32).toString('hex');

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** An IDnow-style reference like the page's example "TST-ELCCJ". */
export function newIdnowReference(): string {
  let s = 'TST-';
  for (let i = 0; i < 5; i++) s += LETTERS[randomInt(LETTERS.length)];
  return s;
}
