import { Invalid } from './errors.js';

/** Length in characters as a person counts them (code points, not UTF-16 units). */
export function charLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Rejects C0 control characters other than tab, newline and carriage return. */
function hasControlCharacters(text: string): boolean {
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text);
}

export function requireText(field: string, text: string, opts: { min: number; max: number; singleLine?: boolean }): string {
  const length = charLength(text);
  if (length < opts.min || length > opts.max) {
    const range = opts.min === 0 ? `at most ${opts.max}` : `${opts.min} to ${opts.max}`;
    throw new Invalid(`${field} must be ${range} characters long, got ${length}`, { field, limit: opts.max });
  }
  if (hasControlCharacters(text) || (opts.singleLine === true && /[\r\n\t]/.test(text))) {
    throw new Invalid(`${field} must not contain control characters`, { field });
  }
  return text;
}

/** Markdown source is stored as written; only its size is bounded (rendering is the reader's job). */
export const MAX_DESCRIPTION_BYTES = 64 * 1024;

export function requireDescription(field: string, text: string): string {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_DESCRIPTION_BYTES) {
    throw new Invalid(`${field} must be at most ${MAX_DESCRIPTION_BYTES} bytes of UTF-8, got ${bytes}`, {
      field,
      limit: MAX_DESCRIPTION_BYTES,
    });
  }
  if (text.includes('\u0000')) throw new Invalid(`${field} must not contain NUL characters`, { field });
  return text;
}
