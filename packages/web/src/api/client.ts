import { ModelryClient } from '@modelry/client';
import { watchForEndedSession } from '../auth/session-events';

/**
 * The one API client of the dashboard. Same origin, so the session cookie (HttpOnly, SameSite=Strict) rides
 * along by itself; the client keeps the CSRF token that sign-in and `me()` return and sends it on writes.
 * Every 401 is reported (session-events.ts), so an ended session leads to the sign-in page wherever it shows up.
 */
export const api = new ModelryClient({ baseUrl: window.location.origin, credentials: 'same-origin', fetch: watchForEndedSession(globalThis.fetch) });

/** The URL of a format's file, for a plain download link: the browser streams it to disk with the cookie. */
export function fileUrl(ctx: string, modelId: string, n: number, format: string): string {
  const parts = [ctx, modelId, String(n), format].map(encodeURIComponent);
  return `/api/v1/contexts/${parts[0]}/models/${parts[1]}/versions/${parts[2]}/formats/${parts[3]}/file`;
}
