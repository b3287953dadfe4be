/**
 * Throughput rounds. A round keeps `concurrency` lanes busy for a fixed time and counts completed
 * requests; modes alternate round by round (in a rotating order), so slow drifts of a shared
 * machine hit every mode alike, and each suite/fetch ratio compares neighbouring rounds.
 */
import type { RequestCase } from '../generators';
import type { SendOne } from './workload';

export interface RoundResult {
  requests: number;
  wallMs: number;
  /** Process CPU (user + system) in microseconds: with the sandbox in a child, the client's alone. */
  cpuUs: number;
}

export const rps = (r: RoundResult): number => (r.requests * 1000) / r.wallMs;
export const cpuPerRequest = (r: RoundResult): number => r.cpuUs / Math.max(1, r.requests);

/** Cycles through the pool; one cursor per mode so that every mode sends the same sequence. */
export class CaseCursor {
  private next = 0;
  constructor(private readonly pool: readonly RequestCase[]) {}
  take(): RequestCase {
    const c = this.pool[this.next % this.pool.length] as RequestCase;
    this.next++;
    return c;
  }
}

export async function timedRound(
  send: SendOne,
  cursor: CaseCursor,
  concurrency: number,
  durationMs: number,
): Promise<RoundResult> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + durationMs;
  let requests = 0;
  const lanes = Array.from({ length: concurrency }, async () => {
    while (performance.now() < deadline) {
      await send(cursor.take());
      requests++;
    }
  });
  await Promise.all(lanes);
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { requests, wallMs, cpuUs: cpu.user + cpu.system };
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0
    ? NaN
    : s.length % 2 === 1
      ? (s[mid] as number)
      : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

export interface ModeRounds {
  name: string;
  send: SendOne;
  cursor: CaseCursor;
  rounds: RoundResult[];
}

/** `rounds` rounds per mode, the order rotating each round (a b c, b c a, c a b, …). */
export async function interleave(
  modes: ModeRounds[],
  concurrency: number,
  rounds: number,
  roundMs: number,
  warmupMs: number,
): Promise<void> {
  for (const mode of modes) await timedRound(mode.send, mode.cursor, concurrency, warmupMs);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < modes.length; k++) {
      const mode = modes[(r + k) % modes.length] as ModeRounds;
      mode.rounds.push(await timedRound(mode.send, mode.cursor, concurrency, roundMs));
    }
  }
}
