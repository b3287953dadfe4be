/**
 * How the real vendor answers, beyond what the reference page shows (api-contract.md, OBS): gzip,
 * chunked bodies, a kept-alive connection closed now and then, a rare slow answer, error ids in two
 * shapes, error status as integer or string, person_id left out of some identifications.
 * None of this is a fault: it is the conformant default, so the suite is proven to cope with it.
 * Every habit follows a counter, never Math.random, so one seed replays the same answers.
 */
import { defaultOf } from '../suite/model/variables';

/** Every Nth POST to the endpoint under test waits 1–2 s before answering; 0 turns that off (SANDBOX_SLOW_EVERY). */
export const DEFAULT_SLOW_EVERY = defaultOf('SANDBOX_SLOW_EVERY');
/** Bodies at least this long are gzipped when the client accepts gzip (nginx-style gzip_min_length). */
export const GZIP_MIN_BYTES = 256;
/** Every Nth response is sent chunked, without Content-Length. */
export const CHUNKED_EVERY = 2;
/** Every Nth response carries `Connection: close`, ending its kept-alive connection gracefully. */
export const CLOSE_EVERY = 20;
/** Every Nth identification answer leaves person_id out, as the vendor's recorded responses do. */
export const OMIT_PERSON_ID_EVERY = 3;

export interface HabitSettings {
  /** See DEFAULT_SLOW_EVERY. */
  slowEvery: number;
  /**
   * Where the habits' counters start (default 0): another phase answers the same requests with
   * person_id left out of other identifications and the other error dialect, as a second host of
   * the vendor does. Two sandboxes in different phases prove a comparison tolerates it.
   */
  phase?: number;
}

/** How one response goes on the wire. */
export interface TransportPlan {
  gzip: boolean;
  chunked: boolean;
  close: boolean;
  /** The body's representation depends on Accept-Encoding (so caches must know). */
  varies: boolean;
}

/** How one error body is written: the vendor's pages disagree, so the sandbox speaks both dialects. */
export interface ErrorDialect {
  idShape: 'uuid' | 'hex';
  statusAs: 'integer' | 'string';
}

export class VendorHabits {
  private responses: number;
  private errorBodies: number;
  private identificationAnswers: number;
  private endpointPosts: number;
  private slowAnswers = 0;

  constructor(private readonly settings: HabitSettings = { slowEvery: DEFAULT_SLOW_EVERY }) {
    const phase = settings.phase ?? 0;
    this.responses = phase;
    this.errorBodies = phase;
    this.identificationAnswers = phase;
    this.endpointPosts = phase;
  }

  transportFor(acceptsGzip: boolean, byteLength: number): TransportPlan {
    this.responses += 1;
    const varies = byteLength >= GZIP_MIN_BYTES;
    return {
      gzip: acceptsGzip && varies,
      chunked: this.responses % CHUNKED_EVERY === 0,
      close: this.responses % CLOSE_EVERY === 0,
      varies,
    };
  }

  /** Alternates both choices per error body (one body is consistent in itself, as a real serializer is). */
  errorDialect(): ErrorDialect {
    this.errorBodies += 1;
    const odd = this.errorBodies % 2 === 1;
    return { idShape: odd ? 'uuid' : 'hex', statusAs: odd ? 'integer' : 'string' };
  }

  /** Whether this identification answer (POST or GET) leaves person_id out. */
  omitPersonId(): boolean {
    this.identificationAnswers += 1;
    return this.identificationAnswers % OMIT_PERSON_ID_EVERY === 0;
  }

  /** Milliseconds to wait before answering this POST to the endpoint: 0, or 1000–2000 on every Nth. */
  delayForEndpointPost(): number {
    this.endpointPosts += 1;
    const every = this.settings.slowEvery;
    if (every <= 0 || this.endpointPosts % every !== 0) return 0;
    this.slowAnswers += 1;
    return 1000 + ((this.slowAnswers - 1) % 5) * 250;
  }
}

/** Accept-Encoding allows gzip: named (or `*` when gzip is not named) with a non-zero quality (RFC 9110 §12.5.3). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  const codings = new Map<string, number>();
  for (const entry of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [coding = '', ...params] = entry.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    codings.set(coding === 'x-gzip' ? 'gzip' : coding, q === undefined ? 1 : Number(q.slice(2)));
  }
  const quality = codings.get('gzip') ?? codings.get('*') ?? 0;
  return quality > 0;
}
