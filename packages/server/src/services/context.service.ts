import { randomUUID } from 'node:crypto';
import { nowIso } from '../domain/clock.js';
import { Conflict, Invalid, NotFound } from '../domain/errors.js';
import { isSlug } from '../domain/names.js';
import { isRoleName, permissionsOf, ROLE_NAMES, type Permission } from '../domain/permissions.js';
import type { Principal } from '../domain/principal.js';
import { requireText } from '../domain/text.js';
import { isUniqueViolation } from '../db/errors.js';
import type { ContextRow } from '../db/repositories/context.repository.js';
import type { Store } from '../db/repositories/index.js';
import type { RoleBindingRow, RoleBindingView } from '../db/repositories/role-binding.repository.js';
import type { AccessService } from './access.service.js';

export interface ContextView {
  readonly context: ContextRow;
  readonly permissions: Permission[];
}

export interface RoleBindingInput {
  readonly role: string;
  readonly user?: string | undefined;
  readonly group?: string | undefined;
}

function requireSlug(slug: string): string {
  if (!isSlug(slug)) {
    throw new Invalid('slug must be 1-64 lowercase letters, digits or inner dashes', { field: 'slug', limit: 64 });
  }
  return slug;
}

/** Contexts (tenants) and the role bindings that grant access inside them. */
export class ContextService {
  constructor(
    private readonly store: Store,
    private readonly access: AccessService,
  ) {}

  async list(principal: Principal): Promise<ContextView[]> {
    const all = await this.store.read.contexts.listWithRoles(principal.userId);
    return all
      .map(({ context, roles }) => ({ context, permissions: [...permissionsOf(roles, principal.isAdmin)] }))
      .filter((view) => view.permissions.includes('model:view') || view.permissions.includes('context:admin'));
  }

  async get(principal: Principal, ref: string): Promise<ContextView> {
    const { context, permissions } = await this.access.resolve(principal, ref);
    return { context, permissions: [...permissions] };
  }

  async create(principal: Principal, input: { slug: string; name?: string | undefined }): Promise<ContextView> {
    this.access.requireDeploymentAdmin(principal);
    const slug = requireSlug(input.slug);
    const row: ContextRow = {
      id: randomUUID(),
      slug,
      name: requireText('name', (input.name ?? slug).trim(), { min: 1, max: 128, singleLine: true }),
      created_at: nowIso(),
      created_by: principal.username,
    };
    await this.store.read.contexts.insert(row).catch((error: unknown) => {
      if (isUniqueViolation(error)) throw new Conflict(`a context with slug "${slug}" already exists`, { field: 'slug' });
      throw error;
    });
    return { context: row, permissions: [...permissionsOf([], true)] };
  }

  async update(principal: Principal, ref: string, input: { slug?: string | undefined; name?: string | undefined }): Promise<ContextView> {
    const { context } = await this.access.require(principal, ref, 'context:admin');
    const changes: { slug?: string; name?: string } = {};
    if (input.slug !== undefined) changes.slug = requireSlug(input.slug);
    if (input.name !== undefined) changes.name = requireText('name', input.name.trim(), { min: 1, max: 128, singleLine: true });
    await this.store.read.contexts.update(context.id, changes).catch((error: unknown) => {
      if (isUniqueViolation(error)) throw new Conflict(`a context with slug "${changes.slug}" already exists`, { field: 'slug' });
      throw error;
    });
    return this.get(principal, context.id);
  }

  /** Refuses while models remain: deleting a tenant's files should be a deliberate, model-by-model act. */
  async delete(principal: Principal, ref: string): Promise<void> {
    const { context } = await this.access.require(principal, ref, 'context:admin');
    const models = await this.store.read.contexts.countModels(context.id);
    if (models > 0) {
      throw new Conflict(`context "${context.slug}" still holds ${models} models; delete them first`, { field: 'models' });
    }
    await this.store.read.contexts.delete(context.id);
  }

  async listBindings(principal: Principal, contextRef: string | undefined): Promise<RoleBindingView[]> {
    if (contextRef === undefined) {
      this.access.requireDeploymentAdmin(principal);
      return this.store.read.roleBindings.list(undefined);
    }
    const { context } = await this.access.require(principal, contextRef, 'context:admin');
    return this.store.read.roleBindings.list(context.id);
  }

  async bind(principal: Principal, contextRef: string, input: RoleBindingInput): Promise<RoleBindingView> {
    const { context } = await this.access.require(principal, contextRef, 'context:admin');
    if (!isRoleName(input.role)) {
      throw new Invalid(`role "${input.role}" is not one of ${ROLE_NAMES.join(', ')}`, { field: 'role', limit: ROLE_NAMES.join(',') });
    }
    const subject = await this.subjectOf(input);
    const row: RoleBindingRow = {
      id: randomUUID(),
      context_id: context.id,
      role: input.role,
      subject_type: subject.type,
      subject_id: subject.id,
      created_at: nowIso(),
      created_by: principal.username,
    };
    await this.store.read.roleBindings.insert(row).catch((error: unknown) => {
      if (isUniqueViolation(error)) throw new Conflict(`${subject.name} already holds role ${input.role} here`, { field: 'role' });
      throw error;
    });
    return { ...row, subject_name: subject.name };
  }

  async unbind(principal: Principal, bindingId: string): Promise<void> {
    const binding = await this.store.read.roleBindings.find(bindingId);
    if (binding === undefined) throw new NotFound(`role binding ${bindingId} not found`);
    await this.access.require(principal, binding.context_id, 'context:admin');
    await this.store.read.roleBindings.delete(binding.id);
  }

  private async subjectOf(input: RoleBindingInput): Promise<{ type: 'user' | 'group'; id: string; name: string }> {
    if ((input.user === undefined) === (input.group === undefined)) {
      throw new Invalid('a role binding names exactly one of user or group', { field: 'user' });
    }
    if (input.user !== undefined) {
      const user = await this.store.read.users.findByRef(input.user);
      if (user === undefined) throw new NotFound(`user "${input.user}" not found`, { field: 'user' });
      return { type: 'user', id: user.id, name: user.username };
    }
    const group = await this.store.read.groups.findByRef(input.group ?? '');
    if (group === undefined) throw new NotFound(`group "${input.group}" not found`, { field: 'group' });
    return { type: 'group', id: group.id, name: group.name };
  }
}
