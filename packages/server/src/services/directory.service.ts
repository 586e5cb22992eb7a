import { randomUUID } from 'node:crypto';
import { nowIso } from '../domain/clock.js';
import { Conflict, Invalid, NotFound } from '../domain/errors.js';
import type { Principal } from '../domain/principal.js';
import { requireText } from '../domain/text.js';
import { isUniqueViolation } from '../db/errors.js';
import type { GroupRow } from '../db/repositories/group.repository.js';
import type { Store } from '../db/repositories/index.js';
import type { UserRow } from '../db/repositories/user.repository.js';
import type { AccessService } from './access.service.js';
import { hashPassword } from './credentials.js';

export interface UserInput {
  readonly username: string;
  readonly displayName?: string | undefined;
  readonly password?: string | undefined;
  readonly isAdmin?: boolean | undefined;
}

export interface UserPatch {
  readonly displayName?: string | undefined;
  readonly password?: string | undefined;
  readonly isAdmin?: boolean | undefined;
  readonly disabled?: boolean | undefined;
}

export const MIN_PASSWORD_LENGTH = 12;

function requireUsername(username: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(username)) {
    throw new Invalid('username must be 1-64 letters, digits, dots, dashes or underscores, starting with a letter or digit', {
      field: 'username',
      limit: 64,
    });
  }
  return username;
}

async function passwordHash(password: string | undefined): Promise<string | null> {
  if (password === undefined) return null;
  requireText('password', password, { min: MIN_PASSWORD_LENGTH, max: 1024 });
  return hashPassword(password);
}

/** Users and groups are deployment-wide; only a deployment administrator manages them. */
export class DirectoryService {
  constructor(
    private readonly store: Store,
    private readonly access: AccessService,
  ) {}

  async createUser(principal: Principal | 'bootstrap', input: UserInput): Promise<UserRow> {
    if (principal !== 'bootstrap') this.access.requireDeploymentAdmin(principal);
    const username = requireUsername(input.username);
    const row: UserRow = {
      id: randomUUID(),
      username,
      username_key: username.toLowerCase(),
      display_name: requireText('displayName', (input.displayName ?? username).trim(), { min: 1, max: 128, singleLine: true }),
      password_hash: await passwordHash(input.password),
      is_admin: input.isAdmin === true ? 1 : 0,
      created_at: nowIso(),
      disabled_at: null,
    };
    await this.store.read.users.insert(row).catch((error: unknown) => {
      if (isUniqueViolation(error)) throw new Conflict(`user "${username}" already exists`, { field: 'username' });
      throw error;
    });
    return row;
  }

  async listUsers(principal: Principal): Promise<UserRow[]> {
    this.access.requireDeploymentAdmin(principal);
    return this.store.read.users.list();
  }

  async getUser(principal: Principal, ref: string): Promise<UserRow> {
    if (!principal.isAdmin && ref !== principal.userId && ref.toLowerCase() !== principal.username.toLowerCase()) {
      this.access.requireDeploymentAdmin(principal);
    }
    const user = await this.store.read.users.findByRef(ref);
    if (user === undefined) throw new NotFound(`user "${ref}" not found`);
    return user;
  }

  async updateUser(principal: Principal, ref: string, patch: UserPatch): Promise<UserRow> {
    this.access.requireDeploymentAdmin(principal);
    const user = await this.getUser(principal, ref);
    const changes: Partial<UserRow> = {};
    if (patch.displayName !== undefined) {
      changes.display_name = requireText('displayName', patch.displayName.trim(), { min: 1, max: 128, singleLine: true });
    }
    if (patch.password !== undefined) changes.password_hash = await passwordHash(patch.password);
    if (patch.isAdmin !== undefined) changes.is_admin = patch.isAdmin ? 1 : 0;
    if (patch.disabled !== undefined) changes.disabled_at = patch.disabled ? nowIso() : null;
    if (user.id === principal.userId && (patch.isAdmin === false || patch.disabled === true)) {
      throw new Invalid('administrators cannot demote or disable themselves', { field: patch.disabled === true ? 'disabled' : 'isAdmin' });
    }
    await this.store.read.users.update(user.id, changes);
    return { ...user, ...changes };
  }

  async deleteUser(principal: Principal, ref: string): Promise<void> {
    const user = await this.getUser(principal, ref);
    this.access.requireDeploymentAdmin(principal);
    if (user.id === principal.userId) throw new Invalid('administrators cannot delete themselves', { field: 'user' });
    await this.store.transaction((repos) => repos.users.delete(user.id));
  }

  async createGroup(principal: Principal, name: string): Promise<GroupRow> {
    this.access.requireDeploymentAdmin(principal);
    const clean = requireText('name', name.trim(), { min: 1, max: 64, singleLine: true });
    const row: GroupRow = { id: randomUUID(), name: clean, name_key: clean.toLowerCase(), created_at: nowIso() };
    await this.store.read.groups.insert(row).catch((error: unknown) => {
      if (isUniqueViolation(error)) throw new Conflict(`group "${clean}" already exists`, { field: 'name' });
      throw error;
    });
    return row;
  }

  async listGroups(principal: Principal): Promise<Array<GroupRow & { members: Array<{ id: string; username: string }> }>> {
    this.access.requireDeploymentAdmin(principal);
    const groups = await this.store.read.groups.list();
    const members = await this.store.read.groups.members(groups.map((group) => group.id));
    return groups.map((group) => ({
      ...group,
      members: members.filter((m) => m.group_id === group.id).map((m) => ({ id: m.user_id, username: m.username })),
    }));
  }

  async getGroup(principal: Principal, ref: string): Promise<GroupRow & { members: Array<{ id: string; username: string }> }> {
    this.access.requireDeploymentAdmin(principal);
    const group = await this.store.read.groups.findByRef(ref);
    if (group === undefined) throw new NotFound(`group "${ref}" not found`);
    const members = await this.store.read.groups.members([group.id]);
    return { ...group, members: members.map((m) => ({ id: m.user_id, username: m.username })) };
  }

  async deleteGroup(principal: Principal, ref: string): Promise<void> {
    const group = await this.getGroup(principal, ref);
    await this.store.transaction((repos) => repos.groups.delete(group.id));
  }

  async addMember(principal: Principal, groupRef: string, userRef: string): Promise<void> {
    const group = await this.getGroup(principal, groupRef);
    const user = await this.getUser(principal, userRef);
    await this.store.read.groups.addMember(group.id, user.id);
  }

  async removeMember(principal: Principal, groupRef: string, userRef: string): Promise<void> {
    const group = await this.getGroup(principal, groupRef);
    const user = await this.getUser(principal, userRef);
    if (!(await this.store.read.groups.removeMember(group.id, user.id))) {
      throw new NotFound(`user "${user.username}" is not a member of group "${group.name}"`);
    }
  }
}
