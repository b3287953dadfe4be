/** Builds the HTTP request for a case or probe and returns the exchange the checks judge. */
import { requestText, type RequestCase } from '../../generators/case';
import type { Exchange, Probe, TargetContext } from '../checks/types';
import { isCreation } from '../checks/envelope';
import { UnansweredError, type ApiClient, type AuthMode } from '../http/client';

export const identificationsPath = (personId: string, sessionId: string): string =>
  `/v1/persons/${encodeURIComponent(personId)}/identification_sessions/${encodeURIComponent(sessionId)}/identifications`;

export interface ProbeTarget {
  personId: string;
  sessionId: string;
  auth: AuthMode;
}

export interface SendOptions {
  probe?: Probe;
  override?: ProbeTarget;
  /** GET the identification back after a 200 (for the checks that judge the read-back, `readsBack`). */
  readBack?: boolean;
  /** The case's id in the exchange log, sent as its X-Conformance-Case header. */
  caseId?: string;
}

export async function sendCase(
  client: ApiClient,
  target: TargetContext,
  c: RequestCase,
  earlierIds: ReadonlySet<string>,
  options: SendOptions = {},
): Promise<Exchange> {
  const personId = options.override?.personId ?? target.personId;
  const sessionId = options.override?.sessionId ?? target.sessionId;
  const { request, response } = await client.send({
    path: identificationsPath(personId, sessionId),
    bodyText: requestText(c),
    contentType: c.contentType,
    auth: options.override?.auth ?? { kind: 'token' },
    ...(options.caseId === undefined ? {} : { caseId: options.caseId }),
  });
  const exchange: Exchange = {
    case: c,
    probe: options.probe ?? { kind: 'generated' },
    request,
    response,
    target,
    earlierIds,
  };
  const id = createdId(exchange);
  if (options.readBack && id !== null) {
    try {
      exchange.readBack = await client.call(
        'GET',
        `/v1/persons/${encodeURIComponent(personId)}/identifications/${encodeURIComponent(id)}`,
      );
    } catch (error) {
      // The create was answered and is judged; only the checks of the read-back go without it.
      if (!(error instanceof UnansweredError)) throw error;
      exchange.readBackUnanswered = { reason: error.reason, detail: error.message };
    }
  }
  return exchange;
}

/** The id of a created identification, if the response has one. */
export function createdId(exchange: Pick<Exchange, 'response'>): string | null {
  const id = (exchange.response.json as { id?: unknown } | undefined)?.id;
  return isCreation(exchange.response.status) && typeof id === 'string' ? id : null;
}
