/** What every route handler gets: the exchange at hand and the sandbox it belongs to. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClientCredentials } from './auth';
import type { FaultSwitches } from './fault-switches';
import type { Store } from './store';

export interface SandboxState {
  store: Store;
  faults: FaultSwitches;
  credentials: ClientCredentials;
}

export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  /** The whole request body (empty for bodiless requests), already within the size limit. */
  body: Buffer;
  sandbox: SandboxState;
}
