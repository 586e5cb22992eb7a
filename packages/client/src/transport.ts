import createClient, { type Client } from 'openapi-fetch';
import { ModelryConnectionError, ModelryError, isAbortError } from './errors.js';
import type { paths } from './generated/api.js';
import type { Uploader } from './transfer/upload-types.js';

export interface ClientOptions {
  /** The server's root URL, e.g. `http://127.0.0.1:8080` (without `/api/v1`). In a browser, `''` or the page origin. */
  readonly baseUrl: string;
  /** An API token (`Authorization: Bearer`). Leave it out in the dashboard, which uses the session cookie. */
  readonly token?: string | undefined;
  /** The session's CSRF token, sent as `X-CSRF-Token` on writes; `session.signIn()` and `me()` set it. */
  readonly csrfToken?: string | undefined;
  /** A fetch implementation (defaults to `globalThis.fetch`). */
  readonly fetch?: typeof fetch | undefined;
  /** Cookie policy of browser requests (`same-origin` by default; `include` for a dashboard on another origin). */
  readonly credentials?: RequestCredentials | undefined;
}

const API_PREFIX = '/api/v1';

/** What every resource needs: the typed openapi-fetch client, the auth headers, and the raw fetch for files. */
export class Transport {
  readonly baseUrl: string;
  readonly api: Client<paths>;
  readonly credentials: RequestCredentials;
  readonly uploader: Uploader;
  private readonly token: string | undefined;
  private csrf: string | undefined;
  private readonly fetchImpl: typeof fetch;

  constructor(options: ClientOptions, uploader: Uploader) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token;
    this.csrf = options.csrfToken;
    this.credentials = options.credentials ?? 'same-origin';
    this.uploader = uploader;
    const base = options.fetch ?? globalThis.fetch;
    // Bound once: a browser's fetch throws "Illegal invocation" when called on another `this`.
    this.fetchImpl = ((input: RequestInfo | URL, init?: RequestInit) => base.call(globalThis, input, init)) as typeof fetch;
    this.api = createClient<paths>({
      baseUrl: this.baseUrl,
      credentials: this.credentials,
      fetch: (request: Request) => this.send(request),
    });
  }

  set csrfToken(value: string | undefined) {
    this.csrf = value;
  }

  get csrfToken(): string | undefined {
    return this.csrf;
  }

  /** Authorization and CSRF headers for one request. */
  headers(method: string): Record<string, string> {
    const headers: Record<string, string> = {};
    if (this.token !== undefined) headers.authorization = `Bearer ${this.token}`;
    if (this.csrf !== undefined && !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase())) headers['x-csrf-token'] = this.csrf;
    return headers;
  }

  /** The absolute URL of an API path (`/contexts/...`), with an optional query. */
  url(path: string, query: Record<string, string | undefined> = {}): string {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, value);
    const suffix = search.size > 0 ? `?${search.toString()}` : '';
    return `${this.baseUrl}${API_PREFIX}${path}${suffix}`;
  }

  /** fetch with the auth headers; a network failure becomes a ModelryConnectionError. */
  async fetch(input: string | Request, init: RequestInit = {}): Promise<Response> {
    const request = new Request(input, { credentials: this.credentials, ...init });
    return this.send(request);
  }

  private async send(request: Request): Promise<Response> {
    for (const [name, value] of Object.entries(this.headers(request.method))) {
      if (!request.headers.has(name)) request.headers.set(name, value);
    }
    try {
      return await this.fetchImpl(request);
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new ModelryConnectionError(request.url, error);
    }
  }
}

interface ApiResult<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

/** The data of a successful openapi-fetch call; any non-2xx becomes a ModelryError. */
export async function unwrap<T>(pending: Promise<ApiResult<T>>): Promise<T> {
  const { data, error, response } = await pending;
  if (!response.ok) throw ModelryError.fromBody(response, error);
  return data as T;
}

/** Path segments are user input (names, slugs): encode each one. */
export function segment(value: string | number): string {
  return encodeURIComponent(String(value));
}
