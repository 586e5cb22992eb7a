import type { Context } from '@modelry/client';
import { createContext, useContext } from 'react';
import type { Permission } from './session';

/** The context chosen in the URL (/c/:ctx/...) and what the caller may do in it. */
export interface ContextAccess {
  readonly context: Context;
  can(permission: Permission): boolean;
}

export const ContextAccessContext = createContext<ContextAccess | null>(null);

export function useContextAccess(): ContextAccess {
  const value = useContext(ContextAccessContext);
  if (value === null) throw new Error('useContextAccess outside a /c/:ctx route');
  return value;
}

export function accessOf(context: Context): ContextAccess {
  const granted = new Set<string>(context.permissions);
  return { context, can: (permission) => granted.has(permission) };
}

/** Why a button is missing, in words, for the few places that show a disabled control instead. */
export const PERMISSION_REASON: Record<Permission, string> = {
  'model:view': 'You need the model:view permission in this context',
  'model:create': 'You need the model:create permission (editor role or above) in this context',
  'model:edit': 'You need the model:edit permission (editor role or above) in this context',
  'model:publish': 'You need the model:publish permission (publisher role or above) in this context',
  'model:delete': 'You need the model:delete permission (owner role) in this context',
  'context:admin': 'You need the context:admin permission in this context',
};
