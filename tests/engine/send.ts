/** Builds the HTTP request for a case or probe and returns the exchange the checks judge. */
import { requestText, type RequestCase } from '../../generators/case';
import type { Exchange, Probe, TargetContext } from '../checks/types';
import type { ApiClient, AuthMode } from '../http/client';

export const identificationsPath = (personId: string, sessionId: string): string =>
  `/v1/persons/${encodeURIComponent(personId)}/identification_sessions/${encodeURIComponent(sessionId)}/identifications`;

export interface ProbeTarget {
  personId: string;
  sessionId: string;
  auth: AuthMode;
}

export async function sendCase(
  client: ApiClient,
  target: TargetContext,
  c: RequestCase,
  earlierIds: ReadonlySet<string>,
  probe: Probe = { kind: 'generated' },
  override?: ProbeTarget,
): Promise<Exchange> {
  const personId = override?.personId ?? target.personId;
  const sessionId = override?.sessionId ?? target.sessionId;
  const { request, response } = await client.send({
    path: identificationsPath(personId, sessionId),
    bodyText: requestText(c),
    contentType: c.contentType,
    auth: override?.auth ?? { kind: 'token' },
  });
  return { case: c, probe, request, response, target, earlierIds };
}

/** The id of a created identification, if the response has one. */
export function createdId(exchange: Exchange): string | null {
  const id = (exchange.response.json as { id?: unknown } | undefined)?.id;
  return exchange.response.status === 200 && typeof id === 'string' ? id : null;
}
