/**
 * Transport chaos (SANDBOX_CHAOS): what a busy real deployment does to a client that is not about
 * the contract at all: a rate limiter's 429 (or a gateway's 503) with Retry-After, a connection
 * dropped without an answer, an answer that never comes, slow answers, a token that stops working
 * early. A client must absorb each of them; none is a fault of the endpoint, so chaos is kept apart
 * from faults.ts: a chaotic sandbox is still conformant, and a suite run against it must say so.
 *
 * Every mode follows a counter, never Math.random, so one seed meets the same chaos in the same order.
 */

export const CHAOS_MODES = {
  'rate-limit': {
    every: 7,
    meaning: 'every Nth create answers 429 Too Many Requests with Retry-After: 1 (default every 7th)',
  },
  busy: {
    every: 11,
    meaning: 'every Nth create answers 503 Service Unavailable with Retry-After: 1 (default every 11th)',
  },
  drop: {
    every: 25,
    meaning: "every Nth create's connection is closed without an answer (default every 25th)",
  },
  hang: {
    every: 25,
    meaning: 'every Nth create is never answered: the client must time out (default every 25th)',
  },
  delay: {
    every: 1,
    meaning: 'every answer waits 500–2000 ms first (`delay:MIN-MAX` sets the range in ms)',
  },
  'token-uses': {
    every: 40,
    meaning: 'each access token is accepted for N calls, then refused with 401 invalid_token (default 40)',
  },
} as const;

export type ChaosMode = keyof typeof CHAOS_MODES;

export class UnknownChaosError extends Error {
  override name = 'UnknownChaosError';
}

interface ChaosSetting {
  mode: ChaosMode;
  /** Every Nth create (or, for token-uses, the uses a token gets). */
  every: number;
  /** delay only: the range of each pause. */
  minMs: number;
  maxMs: number;
}

const DEFAULT_DELAY = { minMs: 500, maxMs: 2000 };

/** `rate-limit`, `drop:25`, `delay:500-2000`: a mode and an optional number (or range, for delay). */
export function parseChaos(specs: readonly string[]): ChaosSetting[] {
  return specs.map((spec) => {
    const [name = '', argument] = spec.split(':', 2);
    if (!(name in CHAOS_MODES)) {
      throw new UnknownChaosError(
        `unknown chaos mode "${name}" (known: ${Object.keys(CHAOS_MODES).join(', ')}; e.g. SANDBOX_CHAOS=rate-limit:7,drop:25)`,
      );
    }
    const mode = name as ChaosMode;
    const setting: ChaosSetting = { mode, every: CHAOS_MODES[mode].every, ...DEFAULT_DELAY };
    if (argument === undefined) return setting;
    if (mode === 'delay') {
      const range = /^(\d+)-(\d+)$/.exec(argument);
      if (range === null || Number(range[1]) > Number(range[2]))
        throw new UnknownChaosError(`chaos "${spec}": write the pause as delay:MIN-MAX in ms, e.g. delay:500-2000`);
      return { ...setting, minMs: Number(range[1]), maxMs: Number(range[2]) };
    }
    if (!/^\d+$/.test(argument) || Number(argument) < 1)
      throw new UnknownChaosError(`chaos "${spec}": the number after ":" must be a whole number from 1`);
    return { ...setting, every: Number(argument) };
  });
}

/** What the server does with one request before (or instead of) answering it. */
export interface ChaosPlan {
  delayMs: number;
  outcome: 'answer' | 'rate-limit' | 'busy' | 'drop' | 'hang';
}

const CREATE_PATH = /^\/v1\/persons\/[^/]+\/identification_sessions\/[^/]+\/identifications\/?(\?.*)?$/;

export class Chaos {
  private readonly settings: ChaosSetting[];
  private readonly creates = new Map<ChaosMode, number>();
  private answers = 0;
  private readonly tokenUses = new Map<string, number>();
  /** How often each mode struck, for GET /__sandbox/faults (a self-test proves the chaos happened). */
  readonly struck: Partial<Record<ChaosMode, number>> = {};

  constructor(specs: readonly string[] = []) {
    this.settings = parseChaos(specs);
  }

  get modes(): string[] {
    return this.settings.map((s) => s.mode);
  }

  private setting(mode: ChaosMode): ChaosSetting | undefined {
    return this.settings.find((s) => s.mode === mode);
  }

  private strike(mode: ChaosMode): void {
    this.struck[mode] = (this.struck[mode] ?? 0) + 1;
  }

  /** The sandbox's own routes (/__sandbox/…) are never touched: they are how tests watch it. */
  plan(method: string | undefined, url: string): ChaosPlan {
    if (this.settings.length === 0 || url.startsWith('/__sandbox/')) return { delayMs: 0, outcome: 'answer' };
    let delayMs = 0;
    const delay = this.setting('delay');
    if (delay !== undefined) {
      // A spread that covers the range without Math.random: a stride coprime to 1000.
      const step = (this.answers++ * 617) % 1000;
      delayMs = delay.minMs + Math.round(((delay.maxMs - delay.minMs) * step) / 999);
      this.strike('delay');
    }
    if (method !== 'POST' || !CREATE_PATH.test(url)) return { delayMs, outcome: 'answer' };
    // Each mode counts creates on its own; the first that strikes decides, in the table's order.
    let outcome: ChaosPlan['outcome'] = 'answer';
    for (const mode of ['rate-limit', 'busy', 'drop', 'hang'] as const) {
      const setting = this.setting(mode);
      if (setting === undefined) continue;
      const count = (this.creates.get(mode) ?? 0) + 1;
      this.creates.set(mode, count);
      if (outcome === 'answer' && count % setting.every === 0) {
        outcome = mode;
        this.strike(mode);
      }
    }
    return { delayMs, outcome };
  }

  /** Whether a token the store issued may still be used (token-uses); counts the use. */
  tokenUsable(token: string): boolean {
    const limit = this.setting('token-uses');
    if (limit === undefined) return true;
    const uses = (this.tokenUses.get(token) ?? 0) + 1;
    this.tokenUses.set(token, uses);
    if (uses <= limit.every) return true;
    if (uses === limit.every + 1) this.strike('token-uses');
    return false;
  }
}
