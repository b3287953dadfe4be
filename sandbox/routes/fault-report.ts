/** GET /__sandbox/faults: which faults are on and how often each fired (no auth: a test hook). */
import type { Exchange } from '../context';
import { sendJson } from '../respond';

export function faultReport({ res, sandbox }: Exchange): void {
  sendJson(res, 200, sandbox.faults.report());
}
