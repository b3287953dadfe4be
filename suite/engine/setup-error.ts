/** A problem that stops the run before any check could judge the target (verdict "error", exit 2). */
export class SetupError extends Error {
  override name = 'SetupError';
  constructor(
    problem: string,
    readonly fix: string,
  ) {
    super(`${problem}. Fix: ${fix}`);
  }
}
