/**
 * What the engine and the reporters share, in one place: the names of the attachments a test
 * reports through, the stats attachment's version, and the verdict kinds a test ends with. The
 * conformance reporter (reporters/) and the self-test read a test's verdict kind from its stats,
 * never from the text of its error.
 */
import type { CheckId } from '../checks/types';

/** The JSON attachment with a test's counts (stats.ts TestStats). */
export const STATS_ATTACHMENT = 'conformance-stats';
/**
 * Not bumped for `observations`, `unjudged` or `verdict`: each is optional and only added, so a
 * reporter reads old and new attachments alike (shard reports merged across the change included).
 */
export const STATS_VERSION = 'conformance-stats/1';

/** The attachment that carries a check's evidence: the grid's red and amber cells link to it. */
export const VIOLATION_ATTACHMENT = (check: CheckId): string => `violation: ${check}`;
export const KNOWN_ATTACHMENT = (check: CheckId): string => `known deviation: ${check}`;

/**
 * How a test ended, as its stats say: `passed`; `violations`, a check found a new violation (the
 * target is non-conformant); `gap`, a check it owed judged no case (the run proves nothing there).
 * A test that failed without one of the last two could not judge (exit 2).
 */
export const VERDICT_KINDS = ['passed', 'violations', 'gap'] as const;
export type VerdictKind = (typeof VERDICT_KINDS)[number];

/** The failure of a test whose stats say this is the target's verdict, not the suite's trouble. */
export const isJudgedFailure = (kind: VerdictKind | undefined): boolean => kind === 'violations' || kind === 'gap';
