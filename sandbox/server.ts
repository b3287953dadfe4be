/**
 * The embedded reference sandbox: a node:http server implementing api-contract.md in memory, with
 * switchable faults, and by default the real vendor's conformant habits (vendor-habits.ts).
 * startSandbox is the one entry point (CLI, unit tests, the suite's self-test).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { BODY_LIMIT_BYTES, readBody } from './body';
import { Chaos } from './chaos';
import type { SandboxState } from './context';
import {
  bodyTooLarge,
  genericError,
  methodNotAllowed,
  routeNotFound,
  serviceUnavailable,
  tooManyRequests,
  type ApiError,
} from './errors';
import { FaultSwitches } from './fault-switches';
import { parseFaultNames } from './faults';
import { errorBody, sendErrors } from './respond';
import { resolveRoute } from './router';
import { SESSION_METHODS, Store } from './store';
import { DEFAULT_SLOW_EVERY, VendorHabits } from './vendor-habits';
import { defaultOf } from '../suite/model/variables';

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Fault names from faults.ts; an unknown name throws UnknownFaultError. */
  faults?: readonly string[];
  clientId?: string;
  clientSecret?: string;
  /** A file that gets each fault's name appended on its first trigger. */
  faultLog?: string;
  /** Every Nth POST to the endpoint answers after 1–2 s, as the vendor now and then does; 0 never. Default 400. */
  slowEvery?: number;
  /** Where the vendor habits' counters start (HabitSettings.phase); default 0. */
  habitPhase?: number;
  /** Chaos modes (chaos.ts, SANDBOX_CHAOS), e.g. ['rate-limit:7']; an unknown one throws UnknownChaosError. */
  chaos?: readonly string[];
}

export interface RunningSandbox {
  url: string;
  authUrl: string;
  clientId: string;
  clientSecret: string;
  /** A ready person, and a session of that person created for bank, bank_id, fourthline and idnow. */
  personId: string;
  sessionId: string;
  close(): Promise<void>;
}

const EMPTY = Buffer.alloc(0);

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const faults = new FaultSwitches(parseFaultNames(options.faults ?? []), options.faultLog);
  const chaos = new Chaos(options.chaos ?? []);
  const store = new Store((token) => chaos.tokenUsable(token));
  const clientId = options.clientId ?? defaultOf('SANDBOX_CLIENT_ID');
  const clientSecret = options.clientSecret ?? defaultOf('SANDBOX_CLIENT_SECRET');
  const habits = new VendorHabits({
    slowEvery: options.slowEvery ?? DEFAULT_SLOW_EVERY,
    phase: options.habitPhase ?? 0,
  });
  const state: SandboxState = { store, faults, habits, chaos, credentials: { clientId, clientSecret } };
  const person = store.createPerson({ first_name: 'Sandbox', last_name: 'Person' });
  const session = store.createSession(person.id, [...SESSION_METHODS], null);

  const server = createServer((req, res) => {
    handle(req, res, state).catch((error: unknown) => internalError(res, state, error));
  });
  // Keep-alive outlives the suite's pauses between requests (Node's default is 5 s).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) =>
    answerUnparseableHttp(error, socket, state),
  );

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    authUrl: `${url}/oauth2/token`,
    clientId,
    clientSecret,
    personId: person.id,
    sessionId: session.id,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive sockets would hold close() open for up to keepAliveTimeout.
        server.closeAllConnections();
      })),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, sandbox: SandboxState): Promise<void> {
  const routes = resolveRoute(req.url ?? '/');
  const reply = { res, sandbox };
  let body: Buffer = EMPTY;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const read = await readBody(req, BODY_LIMIT_BYTES);
    if (read.kind === 'aborted') return; // the client is gone: nobody to answer
    if (read.kind === 'too-large') return sendErrors(reply, 413, [bodyTooLarge(BODY_LIMIT_BYTES)]);
    body = read.bytes;
  }
  const chaos = sandbox.chaos.plan(req.method, req.url ?? '/');
  if (chaos.delayMs > 0) await sleep(chaos.delayMs);
  switch (chaos.outcome) {
    case 'drop':
      req.socket.destroy();
      return;
    case 'hang':
      return; // never answered; the client's timeout ends it, or close() does
    case 'rate-limit':
    case 'busy':
      res.setHeader('retry-after', '1');
      return sendErrors(reply, chaos.outcome === 'busy' ? 503 : 429, [
        chaos.outcome === 'busy' ? serviceUnavailable() : tooManyRequests(),
      ]);
    case 'answer':
      break;
  }
  if (routes === null) return sendErrors(reply, 404, [routeNotFound()]);
  const handler = req.method === 'GET' || req.method === 'POST' ? routes[req.method] : undefined;
  if (handler === undefined) {
    res.setHeader('allow', Object.keys(routes).join(', '));
    return sendErrors(reply, 405, [methodNotAllowed()]);
  }
  // Awaited so that a handler's failure after a pause (the slow answer) still reaches internalError.
  await handler({ req, res, body, sandbox });
}

/** A bug in the sandbox itself: answer in the envelope and say so on stderr (a reference must not 500). */
function internalError(res: ServerResponse, sandbox: SandboxState, error: unknown): void {
  process.stderr.write(
    `sandbox: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  if (!res.headersSent) sendErrors({ res, sandbox }, 500, [genericError()]);
  else res.destroy();
}

/** Requests Node cannot parse as HTTP still get a JSON envelope rather than Node's bare text. */
function answerUnparseableHttp(error: NodeJS.ErrnoException, socket: Socket, sandbox: SandboxState): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const detail: ApiError = { code: 'bad_request', title: 'Bad Request', detail: 'The request is not valid HTTP/1.1.' };
  // Written by hand (no ServerResponse exists here): plain, with a length, and the connection closed.
  const text = JSON.stringify(errorBody(400, [detail], sandbox));
  socket.end(
    `HTTP/1.1 400 Bad Request\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
  );
}
