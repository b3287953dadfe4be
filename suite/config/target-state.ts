/**
 * What global setup learned about the target (provisioned ids, the session's methods), handed to
 * the workers through the environment, which Playwright passes from global setup to every worker.
 */
import type { IdentificationMethod } from '../../generators/case';

const VARIABLE = 'CONFORMANCE_TARGET_STATE';

export interface TargetState {
  personId: string;
  sessionId: string;
  sessionMethods: IdentificationMethod[] | null;
  /** A second person, for the "session of another person" probe; null when it could not be created. */
  otherPersonId: string | null;
}

export function publishTargetState(state: TargetState, env: NodeJS.ProcessEnv = process.env): void {
  env[VARIABLE] = JSON.stringify(state);
}

export function readTargetState(env: NodeJS.ProcessEnv = process.env): TargetState {
  const raw = env[VARIABLE];
  if (!raw)
    throw new Error(
      `${VARIABLE} is not set: run the suite with its config (npm run conformance, or npx playwright test -c playwright.config.ts), whose global setup prepares the target`,
    );
  return JSON.parse(raw) as TargetState;
}
