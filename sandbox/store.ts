/** In-memory state of one sandbox: persons, sessions, identifications and issued tokens. */
import { newAccessToken, newResourceId } from './ids';

export const SESSION_METHODS = ['bank', 'bank_id', 'fourthline', 'idnow'] as const;
export type SessionMethod = (typeof SESSION_METHODS)[number];

/** Tokens live one hour, as AUTH documents (expires_in 3599). */
export const TOKEN_LIFETIME_SECONDS = 3599;

export interface Person {
  id: string;
  body: Record<string, unknown>;
}

export interface IdentificationSession {
  id: string;
  personId: string;
  identification_methods: SessionMethod[];
  callback_url: string | null;
  url: string;
}

export interface StoredIdentification {
  personId: string;
  body: Record<string, unknown>;
}

export class Store {
  readonly persons = new Map<string, Person>();
  readonly sessions = new Map<string, IdentificationSession>();
  readonly identifications = new Map<string, StoredIdentification>();
  private readonly tokens = new Map<string, number>();
  /** For id-reuse: how many identifications were created and the last id handed out. */
  identificationsCreated = 0;
  lastIdentificationId: string | undefined;

  /** `tokenUsable` may refuse a token before it expires (the token-uses chaos); it counts each use. */
  constructor(private readonly tokenUsable: (token: string) => boolean = () => true) {}

  createPerson(body: Record<string, unknown>): Person {
    const person = { id: newResourceId('cper'), body };
    this.persons.set(person.id, person);
    return person;
  }

  createSession(personId: string, methods: SessionMethod[], callbackUrl: string | null): IdentificationSession {
    const id = newResourceId('ises');
    const session = {
      id,
      personId,
      identification_methods: methods,
      callback_url: callbackUrl,
      url: `https://sandbox.solaris.test/identification_sessions/${id}`,
    };
    this.sessions.set(id, session);
    return session;
  }

  issueToken(now = Date.now()): string {
    const token = newAccessToken();
    this.tokens.set(token, now + TOKEN_LIFETIME_SECONDS * 1000);
    return token;
  }

  isValidToken(token: string, now = Date.now()): boolean {
    const expiresAt = this.tokens.get(token);
    return expiresAt !== undefined && expiresAt > now && this.tokenUsable(token);
  }
}

/** The public view of a session (POST answer and GET). */
export const sessionView = (s: IdentificationSession): Record<string, unknown> => ({
  id: s.id,
  url: s.url,
  callback_url: s.callback_url,
  identification_methods: s.identification_methods,
  status: 'created',
});
