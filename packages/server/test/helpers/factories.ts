import assert from 'node:assert/strict';
import { ApiClient, adminClient, uniqueName } from './client.js';
import type { TestServer } from './server.js';

/** Small factories over the public API: each returns what the next step needs. */
export async function newContext(server: TestServer, slug = uniqueName('ctx')): Promise<{ id: string; slug: string }> {
  const reply = await adminClient(server).post('/contexts', { slug, name: slug });
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  return reply.body;
}

/** A user holding `role` in `context` (or no role at all), with a token of its own. */
export async function newUser(
  server: TestServer,
  options: { role?: string; context?: string; group?: string } = {},
): Promise<{ id: string; username: string; client: ApiClient; token: string }> {
  const admin = adminClient(server);
  const username = uniqueName('user');
  const user = await admin.post('/admin/users', { username, password: 'correct horse battery staple' });
  assert.equal(user.status, 201, JSON.stringify(user.body));
  if (options.role !== undefined && options.context !== undefined) {
    const binding = await admin.post('/admin/role-bindings', { context: options.context, role: options.role, user: username });
    assert.equal(binding.status, 201, JSON.stringify(binding.body));
  }
  const token = await admin.post('/admin/tokens', { name: 'test', user: username });
  assert.equal(token.status, 201, JSON.stringify(token.body));
  return { id: user.body.id, username, client: new ApiClient(server.api, token.body.secret), token: token.body.secret };
}

export async function newModel(client: ApiClient, context: string, body: Record<string, unknown> = {}): Promise<any> {
  const reply = await client.post(`/contexts/${context}/models`, { name: uniqueName(), ...body });
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  return reply.body;
}

export async function newVersion(client: ApiClient, context: string, modelId: string, body: Record<string, unknown> = {}): Promise<any> {
  const reply = await client.post(`/contexts/${context}/models/${modelId}/versions`, body);
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  return reply.body;
}
