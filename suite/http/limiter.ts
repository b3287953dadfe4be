/**
 * Bounded concurrency plus an optional requests-per-second ceiling, shared by every request a
 * worker sends. The rate limit spaces request starts evenly instead of bursting, because bursts
 * are what trip a remote rate limiter.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private nextStartAt = 0;

  constructor(
    private readonly concurrency: number,
    private readonly maxRps: number | null,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      if (this.maxRps !== null) {
        const now = Date.now();
        const startAt = Math.max(now, this.nextStartAt);
        this.nextStartAt = startAt + 1000 / this.maxRps;
        if (startAt > now) await sleep(startAt - now);
      }
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `worker` over `items` with at most `concurrency` at once, keeping results in input order. */
export async function mapPool<T, R>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await worker(items[index] as T, index);
    }
  });
  await Promise.all(lanes);
  return results;
}
