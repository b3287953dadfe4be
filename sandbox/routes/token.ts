/** POST /oauth2/token: OAuth2 client credentials, by Basic auth or form fields (AUTH). */
import { presentedCredentials } from '../auth';
import { isJsonContentType, isPlainObject, parseJsonBody } from '../body';
import type { Exchange } from '../context';
import { invalidClient, unsupportedGrantType } from '../errors';
import { sendErrors, sendJson } from '../respond';
import { TOKEN_LIFETIME_SECONDS } from '../store';

export function issueToken(exchange: Exchange): void {
  const { req, sandbox } = exchange;
  const form = formFields(exchange);
  const grantType = form.get('grant_type');
  // A missing grant_type is tolerated (clients that only send Basic auth); a different one is not.
  if (grantType !== null && grantType !== 'client_credentials') {
    sendErrors(exchange, 400, [unsupportedGrantType()]);
    return;
  }
  const presented = presentedCredentials(req, form);
  const expected = sandbox.credentials;
  if (
    presented === null ||
    presented.clientId !== expected.clientId ||
    presented.clientSecret !== expected.clientSecret
  ) {
    sendErrors(exchange, 401, [invalidClient()]);
    return;
  }
  sendJson(exchange, 200, {
    access_token: sandbox.store.issueToken(),
    token_type: 'bearer',
    expires_in: TOKEN_LIFETIME_SECONDS,
    scope: form.get('scope') ?? 'partners',
  });
}

/** Form-encoded as documented; a JSON object body is read too, for clients that send one. */
function formFields({ req, body }: Exchange): URLSearchParams {
  if (isJsonContentType(req.headers['content-type'])) {
    const parsed = parseJsonBody(body);
    const fields = new URLSearchParams();
    if (parsed.ok && isPlainObject(parsed.value)) {
      for (const [k, v] of Object.entries(parsed.value)) if (typeof v === 'string') fields.set(k, v);
    }
    return fields;
  }
  return new URLSearchParams(body.toString('utf8'));
}
