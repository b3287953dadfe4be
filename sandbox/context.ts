/** What every route handler gets: the exchange at hand and the sandbox it belongs to. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClientCredentials } from './auth';
import type { Chaos } from './chaos';
import type { FaultSwitches } from './fault-switches';
import type { Store } from './store';
import type { VendorHabits } from './vendor-habits';

export interface SandboxState {
  store: Store;
  faults: FaultSwitches;
  /** The vendor's conformant quirks (gzip, chunking, error dialects …), on by default. */
  habits: VendorHabits;
  /** Transport trouble a client must absorb (SANDBOX_CHAOS); none by default. Never a fault. */
  chaos: Chaos;
  credentials: ClientCredentials;
}

/** Enough to answer: where to write, and the sandbox whose faults and habits shape the answer. */
export interface Reply {
  res: ServerResponse;
  sandbox: SandboxState;
}

export interface Exchange extends Reply {
  req: IncomingMessage;
  /** The whole request body (empty for bodiless requests), already within the size limit. */
  body: Buffer;
}
