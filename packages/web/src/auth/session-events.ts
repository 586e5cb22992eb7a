/**
 * "The server no longer knows this session": any API answer of 401 while the page is open (the session expired,
 * was signed out elsewhere, or the server restarted with a new database). SessionProvider listens and sends the
 * person to the sign-in page, which brings them back to the same URL afterwards.
 */
type Listener = () => void;

const listeners = new Set<Listener>();

export function onSessionEnded(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function reportSessionEnded(): void {
  for (const listener of listeners) listener();
}

/** Signing in with a wrong password answers 401 too; that is a refused sign-in, not an ended session. */
function isSessionEndpoint(input: RequestInfo | URL): boolean {
  const url = input instanceof Request ? input.url : String(input);
  return new URL(url, window.location.origin).pathname.replace(/\/$/, '') === '/api/v1/session';
}

/** A fetch for the API client that reports every 401 (the client itself only turns it into an error). */
export function watchForEndedSession(base: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await base.call(globalThis, input, init);
    if (response.status === 401 && !isSessionEndpoint(input)) reportSessionEnded();
    return response;
  };
}
