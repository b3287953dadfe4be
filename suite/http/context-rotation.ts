/**
 * Response bodies without one dispose call per response. Playwright keeps every response body of a
 * context until `response.dispose()` or until the context is disposed; the suite used to dispose
 * each response, a third protocol round trip per request (fetch, body, dispose), and in the
 * in-process connection each round trip costs three ProgressControllers, two pre-built
 * TimeoutErrors with captured stacks, timers and AbortControllers. `npm run bench` measured
 * ~100 µs of client CPU per request for that call alone.
 *
 * Instead, requests go to a "generation" context that serves at most GENERATION_SIZE requests and
 * is then disposed as a whole (once its requests in flight have finished), freeing all its
 * bodies with one call. Memory stays bounded (at most two generations of small bodies), and each
 * generation opens its own keep-alive connections, so a remote target sees a handful of new
 * connections per GENERATION_SIZE requests.
 *
 * Generations are siblings of a context from newQuietRequestContext (same options) and are
 * disposed together with it, so owners of that context need no change.
 */
import type { APIRequestContext } from '@playwright/test';

export const GENERATION_SIZE = 500;

interface Generation {
  ctx: Promise<APIRequestContext>;
  served: number;
  inFlight: number;
  retired: boolean;
}

export interface Lease {
  ctx: APIRequestContext;
  /** Call when the response has been read; its body is freed with its generation. */
  release(): void;
}

export class ContextRotation {
  private current: Generation | null = null;
  /** Generations not yet disposed (the current one and retired ones with requests in flight). */
  private readonly live = new Set<Generation>();
  private readonly closing = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly create: () => Promise<APIRequestContext>,
    private readonly size = GENERATION_SIZE,
  ) {}

  async acquire(): Promise<Lease> {
    if (this.closed) throw new Error('the request context has been disposed');
    if (this.current === null || this.current.served >= this.size) {
      if (this.current !== null) this.retire(this.current);
      this.current = { ctx: this.create(), served: 0, inFlight: 0, retired: false };
      this.live.add(this.current);
    }
    const generation = this.current;
    generation.served++;
    generation.inFlight++;
    let ctx: APIRequestContext;
    try {
      ctx = await generation.ctx;
    } catch (error) {
      // A context that could not be created is not reused: the next request tries a new one.
      generation.inFlight--;
      if (this.current === generation) this.current = null;
      this.live.delete(generation);
      throw error;
    }
    let released = false;
    return {
      ctx,
      release: () => {
        if (released) return;
        released = true;
        generation.inFlight--;
        if (generation.retired && generation.inFlight === 0) this.dispose(generation);
      },
    };
  }

  /** Disposes every generation (waiting for none of their requests: the owner is shutting down). */
  async close(): Promise<void> {
    this.closed = true;
    this.current = null;
    for (const generation of this.live) this.dispose(generation);
    await Promise.all([...this.closing]);
  }

  private retire(generation: Generation): void {
    generation.retired = true;
    if (generation.inFlight === 0) this.dispose(generation);
  }

  private dispose(generation: Generation): void {
    if (!this.live.delete(generation)) return;
    const done: Promise<void> = generation.ctx
      .then((ctx) => ctx.dispose())
      .catch(() => undefined)
      .finally(() => this.closing.delete(done));
    this.closing.add(done);
  }
}
