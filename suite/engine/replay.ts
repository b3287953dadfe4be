/** Seeds per test and the command that replays a failure exactly. */

/** FNV-1a: a stable 31-bit seed per (run seed, test), the same on every machine. */
export function deriveSeed(seed: number, key: string): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (const ch of `${seed}:${key}`) {
    hash ^= ch.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash & 0x7fffffff;
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A --grep pattern that selects exactly one test by its title path (method + test title). */
export const grepFor = (titlePath: readonly string[]): string => `${titlePath.map(escapeRegex).join(' ')}$`;

export interface ReplayInput {
  seed: number;
  runs: number;
  path: string | null;
  grep: string;
  envName: string | null;
}

export function replayCommand({ seed, runs, path, grep, envName }: ReplayInput): string {
  const vars = [
    envName ? `CONFORMANCE_ENV=${envName}` : null,
    `CONFORMANCE_SEED=${seed}`,
    `CONFORMANCE_RUNS=${runs}`,
    path ? `CONFORMANCE_REPLAY_PATH=${path}` : null,
  ];
  return `${vars.filter(Boolean).join(' ')} npm run conformance -- --grep '${grep.replace(/'/g, `'\\''`)}'`;
}
