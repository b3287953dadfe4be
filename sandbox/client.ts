/**
 * A minimal fetch client for the sandbox's own tests and scripts: one token, the endpoint's URL,
 * and answers read into {status, headers, text, json}. Deliberately not the suite's request path,
 * so the sandbox's tests do not depend on the code they exist to check.
 */
import type { RunningSandbox } from './server';

export interface Answer {
  status: number;
  contentType: string | null;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests poke into bodies freely
}

export interface SendOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** A JSON value to send (serialised); ignored when raw is given. */
  body?: unknown;
  /** Exact bytes or text to send. */
  raw?: string | Uint8Array<ArrayBuffer>;
  /** Content-Type to send; null for none. Default application/json. */
  contentType?: string | null;
  /** Authorization: undefined → the client's bearer token, null → none, a string → sent as is. */
  authorization?: string | null;
  /** Further headers, sent as given. */
  headers?: Record<string, string>;
}

export interface SandboxClient {
  sandbox: RunningSandbox;
  token: string;
  /** The endpoint under test for the sandbox's ready person and session. */
  endpoint: string;
  send(pathOrUrl: string, options?: SendOptions): Promise<Answer>;
  /** POST an identification to the ready session (or to `path` when given). */
  identify(body: unknown, options?: SendOptions & { path?: string }): Promise<Answer>;
}

export const endpointPath = (personId: string, sessionId: string): string =>
  `/v1/persons/${personId}/identification_sessions/${sessionId}/identifications`;

export async function readAnswer(response: Response): Promise<Answer> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, contentType: response.headers.get('content-type'), text, json };
}

export async function connect(sandbox: RunningSandbox): Promise<SandboxClient> {
  const tokenResponse = await fetch(sandbox.authUrl, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${sandbox.clientId}:${sandbox.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials&scope=partners',
  });
  const token = ((await tokenResponse.json()) as { access_token: string }).access_token;
  const send = async (pathOrUrl: string, options: SendOptions = {}): Promise<Answer> => {
    const headers: Record<string, string> = { ...options.headers };
    const auth = options.authorization === undefined ? `Bearer ${token}` : options.authorization;
    if (auth !== null) headers.authorization = auth;
    const contentType = options.contentType === undefined ? 'application/json' : options.contentType;
    const method = options.method ?? 'POST';
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    else if (method === 'POST') body = '';
    if (contentType !== null && body !== undefined) headers['content-type'] = contentType;
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : sandbox.url + pathOrUrl;
    return readAnswer(await fetch(url, { method, headers, body }));
  };
  const endpoint = endpointPath(sandbox.personId, sandbox.sessionId);
  return {
    sandbox,
    token,
    endpoint,
    send,
    identify: (body, options = {}) => send(options.path ?? endpoint, { ...options, body }),
  };
}
