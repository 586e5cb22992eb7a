import { unwrap, type Transport } from '../transport.js';
import type { SessionCreate, SessionStarted } from '../types.js';

/** Dashboard sign-in: the server sets an HttpOnly cookie; the CSRF token is kept for later writes. */
export class SessionApi {
  constructor(private readonly transport: Transport) {}

  async signIn(credentials: SessionCreate): Promise<SessionStarted> {
    const started = await unwrap(this.transport.api.POST('/api/v1/session', { body: credentials }));
    this.transport.csrfToken = started.csrfToken;
    return started;
  }

  async signOut(): Promise<void> {
    await unwrap(this.transport.api.DELETE('/api/v1/session'));
    this.transport.csrfToken = undefined;
  }
}
