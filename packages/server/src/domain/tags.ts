import { Invalid } from './errors.js';
import { charLength } from './text.js';

export const MAX_TAG_LENGTH = 32;
export const MAX_TAGS = 50;

/**
 * Tags arrive as a JSON array or as one comma-separated string (as typed in the dashboard).
 * Each is trimmed and 1-32 characters; duplicates (ignoring case) keep the first spelling.
 */
export function normalizeTags(field: string, input: readonly string[] | string): string[] {
  const parts = typeof input === 'string' ? input.split(',').filter((part) => part.trim() !== '') : input;
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const [index, part] of parts.entries()) {
    const tag = part.trim();
    const length = charLength(tag);
    if (length < 1 || length > MAX_TAG_LENGTH) {
      throw new Invalid(`${field}[${index}] "${tag.slice(0, 40)}" must be 1 to ${MAX_TAG_LENGTH} characters, got ${length}`, {
        field,
        limit: MAX_TAG_LENGTH,
      });
    }
    if (/[\u0000-\u001f\u007f,]/.test(tag)) {
      throw new Invalid(`${field}[${index}] must not contain commas or control characters`, { field });
    }
    const key = tagKey(tag);
    if (seen.has(key)) continue;
    seen.add(key);
    tags.push(tag);
  }
  if (tags.length > MAX_TAGS) {
    throw new Invalid(`${field} may hold at most ${MAX_TAGS} tags, got ${tags.length}`, { field, limit: MAX_TAGS });
  }
  return tags;
}

/** Tag filters match case-insensitively: this is the indexed form. */
export function tagKey(tag: string): string {
  return tag.trim().normalize('NFC').toLowerCase();
}
