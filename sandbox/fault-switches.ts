/**
 * The active faults of one sandbox and how often each fired. `fire` is called only where a fault
 * actually changes the answer, so the counts (and the first-trigger log) tell a self-test which
 * injected faults the suite's traffic really exercised.
 */
import { appendFileSync } from 'node:fs';
import type { FaultName } from './faults';

export interface FaultReport {
  active: FaultName[];
  /** Every active fault with its trigger count, 0 included, so a gap is visible. */
  triggered: Record<string, number>;
  /**
   * Per active fault, the cases (their X-Conformance-Case header) whose answer it changed, sorted:
   * what a comparison of this sandbox with a clean one must name, and nothing else.
   */
  cases: Record<string, string[]>;
}

export class FaultSwitches {
  private readonly active: ReadonlySet<FaultName>;
  private readonly counts = new Map<FaultName, number>();
  private readonly casesChanged = new Map<FaultName, Set<string>>();
  /** The case being answered (see during). */
  private currentCase: string | null = null;
  private logBroken = false;

  constructor(
    names: readonly FaultName[],
    private readonly logFile?: string,
  ) {
    this.active = new Set(names);
  }

  get any(): boolean {
    return this.active.size > 0;
  }

  /** True when the fault is on; counts a trigger. Call it only once its target input is present. */
  fire(name: FaultName): boolean {
    if (!this.active.has(name)) return false;
    const count = (this.counts.get(name) ?? 0) + 1;
    this.counts.set(name, count);
    if (this.currentCase !== null) {
      const cases = this.casesChanged.get(name) ?? new Set<string>();
      cases.add(this.currentCase);
      this.casesChanged.set(name, cases);
    }
    if (count === 1) this.logFirstTrigger(name);
    return true;
  }

  /**
   * Answers one case: every fault fired inside `answer` is noted against it. `answer` must be
   * synchronous, so no other request's answer interleaves with it.
   */
  during(caseId: string | null, answer: () => void): void {
    this.currentCase = caseId;
    try {
      answer();
    } finally {
      this.currentCase = null;
    }
  }

  report(): FaultReport {
    const triggered: Record<string, number> = {};
    const cases: Record<string, string[]> = {};
    for (const name of this.active) {
      triggered[name] = this.counts.get(name) ?? 0;
      cases[name] = [...(this.casesChanged.get(name) ?? [])].sort();
    }
    return { active: [...this.active], triggered, cases };
  }

  private logFirstTrigger(name: FaultName): void {
    if (this.logFile === undefined || this.logBroken) return;
    try {
      appendFileSync(this.logFile, `${name}\n`);
    } catch (error) {
      // A broken log path must not turn into a 500 (that would be a fault nobody asked for); say it once.
      this.logBroken = true;
      process.stderr.write(
        `sandbox: cannot append to SANDBOX_FAULT_LOG ${this.logFile}: ${(error as Error).message}\n`,
      );
    }
  }
}
