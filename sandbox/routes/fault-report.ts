/** GET /__sandbox/faults: which faults are on and how often each fired, and how often each chaos mode struck (no auth: a test hook). */
import type { Exchange } from '../context';
import { sendJson } from '../respond';

export function faultReport(exchange: Exchange): void {
  sendJson(exchange, 200, { ...exchange.sandbox.faults.report(), chaos: exchange.sandbox.chaos.struck });
}
