import { requireText } from './text.js';

export const MAX_NAME_LENGTH = 128;

/** A model or version name: trimmed, 1-128 characters on one line. */
export function normalizeName(field: string, name: string, opts: { allowEmpty?: boolean } = {}): string {
  return requireText(field, name.trim(), { min: opts.allowEmpty === true ? 0 : 1, max: MAX_NAME_LENGTH, singleLine: true });
}

/** Uniqueness of names is case-insensitive: this key is what the unique index holds. */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** A context slug appears in URLs: lowercase letters, digits and inner dashes, 1-64 characters. */
export function isSlug(text: string): boolean {
  return SLUG.test(text);
}
