import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApiClient, adminClient, assertProblem } from '../helpers/client.js';
import { newContext, newModel, newUser, newVersion } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe('access control', () => {
  let server: TestServer;
  let admin: ApiClient;
  let ctx: string;
  let modelId: string;

  before(async () => {
    server = await startServer();
    admin = adminClient(server);
    ctx = (await newContext(server)).slug;
    modelId = (await newModel(admin, ctx)).id;
    await newVersion(admin, ctx, modelId);
  });
  after(() => server.close());

  test('no credentials, a malformed header or an unknown token is a 401 problem', async () => {
    assertProblem(await new ApiClient(server.api, undefined).get('/contexts'), 401, 'Authorization');
    assertProblem(await new ApiClient(server.api, 'mdr_not-a-real-token').get('/contexts'), 401);
    const basic = await fetch(`${server.api}/contexts`, { headers: { authorization: 'Basic YWRtaW46eA==' } });
    assert.equal(basic.status, 401);
  });

  test('tokens are stored only as hashes', async () => {
    const user = await newUser(server);
    const rows = await server.store.db.selectFrom('tokens').select(['token_hash', 'prefix']).execute();
    for (const row of rows) {
      assert.match(row.token_hash, /^[0-9a-f]{64}$/);
      assert.notEqual(row.token_hash, user.token);
      assert.ok(!user.token.includes(row.token_hash));
    }
    const users = await server.store.db.selectFrom('users').select('password_hash').execute();
    for (const { password_hash } of users) {
      if (password_hash !== null) assert.match(password_hash, /^scrypt\$/);
    }
  });

  test('a revoked token stops working at once', async () => {
    const user = await newUser(server, { role: 'viewer', context: ctx });
    const listed = await user.client.get('/admin/tokens');
    assert.equal(listed.status, 200);
    assert.equal(listed.body.items.length, 1);
    assert.equal((await user.client.delete(`/admin/tokens/${listed.body.items[0].id}`)).status, 204);
    assertProblem(await user.client.get(`/contexts/${ctx}/models`), 401);
  });

  test('an expired token is refused', async () => {
    const user = await newUser(server, { role: 'viewer', context: ctx });
    const soon = new Date(Date.now() + 1500).toISOString();
    const created = await user.client.post('/admin/tokens', { name: 'short-lived', expiresAt: soon });
    assert.equal(created.status, 201);
    const shortLived = new ApiClient(server.api, created.body.secret);
    assert.equal((await shortLived.get('/me')).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const refused = await shortLived.get('/me');
    assertProblem(refused, 401);
    assert.match(refused.body.detail, /expired/);
    assertProblem(await user.client.post('/admin/tokens', { name: 'past', expiresAt: '2001-01-01T00:00:00Z' }), 400, 'expiresAt');
  });

  test('a user without a role in a context gets 404 for the context and its models, never 403', async () => {
    const outsider = await newUser(server);
    assertProblem(await outsider.client.get(`/contexts/${ctx}`), 404);
    assertProblem(await outsider.client.get(`/contexts/${ctx}/models`), 404);
    assertProblem(await outsider.client.get(`/contexts/${ctx}/models/${modelId}`), 404);
    assertProblem(await outsider.client.get(`/contexts/${ctx}/models/${modelId}/versions/1/formats/pkl/file`), 404);
    assertProblem(await outsider.client.post(`/contexts/${ctx}/models`, { name: 'intruder' }), 404);
    assertProblem(await outsider.client.delete(`/contexts/${ctx}/models/${modelId}`), 404);
    const missing = await outsider.client.get('/contexts/no-such-context/models');
    assert.equal(missing.body.detail, (await outsider.client.get(`/contexts/${ctx}/models`)).body.detail.replace(ctx, 'no-such-context'));
    assert.deepEqual((await outsider.client.get('/contexts')).body.items, []);
  });

  test('a model of another context is a 404 even with rights in both', async () => {
    const other = await newContext(server);
    assertProblem(await admin.get(`/contexts/${other.slug}/models/${modelId}`), 404);
    assertProblem(await admin.patch(`/contexts/${other.slug}/models/${modelId}`, { name: 'moved' }), 404);
    assertProblem(await admin.delete(`/contexts/${other.slug}/models/${modelId}`), 404);
  });

  const matrix: Array<{ role: string; allowed: string[] }> = [
    { role: 'viewer', allowed: ['view'] },
    { role: 'editor', allowed: ['view', 'create', 'edit'] },
    { role: 'publisher', allowed: ['view', 'create', 'edit', 'publish'] },
    { role: 'owner', allowed: ['view', 'create', 'edit', 'publish', 'delete'] },
  ];

  for (const { role, allowed } of matrix) {
    test(`the ${role} role may ${allowed.join(', ')} and is refused the rest with 403 naming the permission`, async () => {
      const user = await newUser(server, { role, context: ctx });
      const model = await newModel(admin, ctx);
      await newVersion(admin, ctx, model.id);
      const path = `/contexts/${ctx}/models/${model.id}`;
      const attempts: Record<string, () => Promise<{ status: number; body: any; headers: Headers }>> = {
        view: () => user.client.get(path),
        create: () => user.client.post(`${path}/versions`, {}),
        edit: () => user.client.patch(`${path}/versions/1`, { name: 'edited' }),
        publish: () => user.client.post(`${path}/versions/1/publish`),
        delete: () => user.client.delete(`${path}/versions/1`),
      };
      for (const [action, attempt] of Object.entries(attempts)) {
        const reply = await attempt();
        if (allowed.includes(action)) {
          assert.ok(reply.status < 300, `${role} should ${action}: ${reply.status} ${JSON.stringify(reply.body)}`);
        } else {
          assertProblem(reply, 403);
          assert.match(reply.body.detail, new RegExp(`model:${action}`));
        }
      }
    });
  }

  test('roles granted to a group apply to its members, and stop when they leave', async () => {
    const user = await newUser(server);
    const group = await admin.post('/admin/groups', { name: `data-science-${Date.now()}` });
    assert.equal(group.status, 201);
    assert.equal((await admin.put(`/admin/groups/${group.body.id}/members/${user.username}`)).status, 204);
    const binding = await admin.post('/admin/role-bindings', { context: ctx, role: 'editor', group: group.body.name });
    assert.equal(binding.status, 201);
    assert.equal(binding.body.subjectType, 'group');
    assert.equal((await user.client.post(`/contexts/${ctx}/models`, { name: `group-made-${Date.now()}` })).status, 201);
    const me = await user.client.get('/me');
    assert.deepEqual(me.body.limits, { maxVersions: 30, maxFormats: 3, maxUploadBytes: 64 * 1024 * 1024 });
    assert.deepEqual(me.body.contexts.find((c: { slug: string }) => c.slug === ctx).permissions.sort(), ['model:create', 'model:edit', 'model:view']);
    assert.equal((await admin.delete(`/admin/groups/${group.body.id}/members/${user.id}`)).status, 204);
    assertProblem(await user.client.get(`/contexts/${ctx}/models`), 404);
  });

  test('only deployment admins manage users, groups and contexts; context admins manage bindings there', async () => {
    const owner = await newUser(server, { role: 'owner', context: ctx });
    assertProblem(await owner.client.get('/admin/users'), 403);
    assertProblem(await owner.client.post('/admin/groups', { name: 'nope' }), 403);
    assertProblem(await owner.client.post('/contexts', { slug: 'mine' }), 403);
    const viewer = await newUser(server);
    const granted = await owner.client.post('/admin/role-bindings', { context: ctx, role: 'viewer', user: viewer.username });
    assert.equal(granted.status, 201);
    assert.equal((await viewer.client.get(`/contexts/${ctx}/models`)).status, 200);
    const listed = await owner.client.get(`/admin/role-bindings?context=${ctx}`);
    assert.ok(listed.body.items.some((b: { subjectName: string }) => b.subjectName === viewer.username));
    const editorOnly = await newUser(server, { role: 'editor', context: ctx });
    assertProblem(await editorOnly.client.post('/admin/role-bindings', { context: ctx, role: 'owner', user: editorOnly.username }), 403);
    assertProblem(await owner.client.post('/admin/role-bindings', { context: ctx, role: 'superuser', user: viewer.username }), 400, 'role');
  });

  test('users cannot see or revoke each other’s tokens', async () => {
    const alice = await newUser(server);
    const bob = await newUser(server);
    const aliceTokens = await alice.client.get('/admin/tokens');
    assertProblem(await bob.client.delete(`/admin/tokens/${aliceTokens.body.items[0].id}`), 404);
    assertProblem(await bob.client.get(`/admin/tokens?user=${alice.username}`), 403);
    assert.equal((await admin.get(`/admin/tokens?user=${alice.username}`)).body.items.length, 1);
  });

  test('a disabled user’s tokens stop working', async () => {
    const user = await newUser(server, { role: 'viewer', context: ctx });
    assert.equal((await admin.patch(`/admin/users/${user.username}`, { disabled: true })).status, 200);
    assertProblem(await user.client.get('/me'), 401);
  });
});

describe('dashboard sessions', () => {
  let server: TestServer;

  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  test('sign-in sets an HttpOnly SameSite=Strict cookie; writes need the CSRF token', async () => {
    const bad = await fetch(`${server.api}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'wrong password' }),
    });
    assert.equal(bad.status, 401);
    const signIn = await fetch(`${server.api}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin-password-for-tests' }),
    });
    assert.equal(signIn.status, 200);
    const cookie = signIn.headers.get('set-cookie') ?? '';
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const { csrfToken } = (await signIn.json()) as { csrfToken: string };
    const session = cookie.split(';')[0] ?? '';
    const me = await fetch(`${server.api}/me`, { headers: { cookie: session } });
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { csrfToken: string }).csrfToken, csrfToken);
    const body = JSON.stringify({ slug: 'from-the-dashboard' });
    const forged = await fetch(`${server.api}/contexts`, { method: 'POST', headers: { cookie: session, 'content-type': 'application/json' }, body });
    assert.equal(forged.status, 401, 'a cookie alone cannot write');
    const real = await fetch(`${server.api}/contexts`, {
      method: 'POST',
      headers: { cookie: session, 'content-type': 'application/json', 'x-csrf-token': csrfToken },
      body,
    });
    assert.equal(real.status, 201);
    const out = await fetch(`${server.api}/session`, { method: 'DELETE', headers: { cookie: session } });
    assert.equal(out.status, 204);
    assert.equal((await fetch(`${server.api}/me`, { headers: { cookie: session } })).status, 401);
    const sessions = await server.store.db.selectFrom('sessions').select('id_hash').execute();
    for (const row of sessions) assert.ok(!session.includes(row.id_hash), 'session ids are stored hashed');
  });
});
