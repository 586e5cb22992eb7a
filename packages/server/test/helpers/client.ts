import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { TestServer } from './server.js';

export interface Reply<T = any> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** A thin fetch wrapper over real HTTP: every test talks to the server as a client would. */
export class ApiClient {
  constructor(
    readonly api: string,
    readonly token: string | undefined,
  ) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const init: RequestInit & { duplex?: string } = { method, headers: { ...headers } };
    if (this.token !== undefined) (init.headers as Record<string, string>).authorization = `Bearer ${this.token}`;
    if (body instanceof Uint8Array || typeof body === 'string') {
      init.body = body as NonNullable<RequestInit['body']>;
    } else if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const response = await fetch(`${this.api}${path}`, init);
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    const parsed = type.includes('json') && text !== '' ? (JSON.parse(text) as T) : (text as T);
    return { status: response.status, body: parsed, headers: response.headers };
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body);
  }
  patch<T = any>(path: string, body?: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  put<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PUT', path, body, headers);
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }

  /** Downloads raw bytes. */
  async bytes(path: string, headers: Record<string, string> = {}): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
    const auth: Record<string, string> = this.token === undefined ? {} : { authorization: `Bearer ${this.token}` };
    const response = await fetch(`${this.api}${path}`, { headers: { ...auth, ...headers } });
    return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
  }
}

export function adminClient(server: TestServer): ApiClient {
  return new ApiClient(server.api, server.adminToken);
}

/** Asserts an RFC 9457 problem response with the given status and (when given) the field at fault. */
export function assertProblem(reply: Reply, status: number, field?: string | RegExp): void {
  assert.equal(reply.status, status, `expected ${status}, got ${reply.status}: ${JSON.stringify(reply.body)}`);
  assert.match(reply.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(reply.body.status, status);
  assert.equal(typeof reply.body.detail, 'string');
  assert.ok(reply.body.detail.length > 0);
  assert.match(reply.body.type, /^https:\/\/modelry\.dev\/problems\//);
  if (field instanceof RegExp) assert.match(String(reply.body.field), field);
  else if (field !== undefined) assert.equal(reply.body.field, field);
}

export function uniqueName(prefix = 'model'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
