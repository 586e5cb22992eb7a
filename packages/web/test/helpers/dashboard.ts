import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { webPlugin } from '../../../server/src/http/web.js';
import { adminClient, type ApiClient } from '../../../server/test/helpers/client.js';
import { ADMIN_PASSWORD, startServer, type ServerOptions, type TestServer } from '../../../server/test/helpers/server.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const WEB_DIST = path.resolve(HERE, '../../dist');
export const FIXTURES = path.resolve(HERE, '../../../../../shared/fixtures/models');

export { ADMIN_PASSWORD };

/** Builds the dashboard once if it is missing (the `test` script builds it first anyway). */
function ensureBuilt(): void {
  if (existsSync(path.join(WEB_DIST, 'index.html'))) return;
  execFileSync('npx', ['vite', 'build'], { cwd: path.resolve(HERE, '../..'), stdio: 'inherit' });
}

export interface Dashboard {
  readonly server: TestServer;
  readonly admin: ApiClient;
  readonly url: string;
  close(): Promise<void>;
}

/** A real server (fresh database) that also serves the built dashboard, exactly as main.ts wires it. */
export async function startDashboard(options: { limits?: ServerOptions['limits'] } = {}): Promise<Dashboard> {
  ensureBuilt();
  const server = await startServer({ limits: options.limits, plugins: [webPlugin({ root: WEB_DIST })] });
  return { server, admin: adminClient(server), url: server.url, close: () => server.close() };
}

/** Creates a user with a password and a role in the `default` context, through the admin API. */
export async function createUser(admin: ApiClient, username: string, role: string, password = `${username}-password-1234`): Promise<string> {
  const user = await admin.post('/admin/users', { username, password });
  if (user.status !== 201) throw new Error(`creating ${username}: ${user.status} ${JSON.stringify(user.body)}`);
  const binding = await admin.post('/admin/role-bindings', { context: 'default', role, user: username });
  if (binding.status !== 201) throw new Error(`granting ${role} to ${username}: ${binding.status} ${JSON.stringify(binding.body)}`);
  return password;
}

export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Models', level: 1 }).waitFor();
}

/** Creates a model through the API and returns its id. */
export async function createModel(admin: ApiClient, name: string): Promise<string> {
  const reply = await admin.post('/contexts/default/models', { name });
  if (reply.status !== 201) throw new Error(`creating model ${name}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return (reply.body as { id: string }).id;
}

/** Creates a version through the API and returns its number. */
export async function createVersion(admin: ApiClient, modelId: string, body: Record<string, unknown> = {}): Promise<number> {
  const reply = await admin.post(`/contexts/default/models/${modelId}/versions`, body);
  if (reply.status !== 201) throw new Error(`creating a version: ${reply.status} ${JSON.stringify(reply.body)}`);
  return (reply.body as { number: number }).number;
}

/** Uploads a file's bytes as one format of a version, through the API. */
export async function uploadFormat(admin: ApiClient, modelId: string, n: number, format: string, bytes: Uint8Array, fileName: string): Promise<void> {
  const reply = await admin.put(`/contexts/default/models/${modelId}/versions/${n}/formats/${format}/file?fileName=${encodeURIComponent(fileName)}`, bytes, {
    'content-type': 'application/octet-stream',
  });
  if (reply.status !== 200 && reply.status !== 201) throw new Error(`uploading ${fileName}: ${reply.status} ${JSON.stringify(reply.body)}`);
}
