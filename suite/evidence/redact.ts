/**
 * The last line of defence for evidence text: every value known to be a credential is replaced
 * before the text is attached. The request path already stores Authorization as a placeholder;
 * this catches what the target sends back (a body that echoes a header, an error quoting a token).
 */
import type { SuiteConfig } from '../config/env';

export const REDACTED = '[REDACTED]';

/**
 * Shorter values are not scrubbed: replacing a 3-character secret everywhere it happens to occur
 * would mangle evidence without protecting anything a 3-character secret could protect.
 */
const MIN_SECRET_LENGTH = 6;

/** The credentials of a run in every form they travel in: raw, as HTTP Basic, and the live token. */
export function knownSecrets(config: Pick<SuiteConfig, 'clientId' | 'clientSecret'>, token: string | null): string[] {
  const basic = Buffer.from(`${config.clientId}:${config.clientSecret}`).toString('base64');
  return [config.clientSecret, basic, token].filter(
    (s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH,
  );
}

/** Replaces every occurrence of every secret (longest first, so a secret inside another goes too). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join(REDACTED);
  }
  return out;
}
