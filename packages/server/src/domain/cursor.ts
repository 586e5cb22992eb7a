import { Invalid } from './errors.js';

/**
 * Keyset cursors: an opaque token holding the sort key and id of the last row of a page, so the next
 * page starts strictly after it whatever was inserted or deleted meanwhile. Never an offset.
 */
export interface CursorPosition {
  readonly sort: string;
  readonly key: string | number;
  readonly id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.sort, position.key, position.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, expectedSort: string): CursorPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    parsed[0] !== expectedSort ||
    (typeof parsed[1] !== 'string' && typeof parsed[1] !== 'number') ||
    typeof parsed[2] !== 'string'
  ) {
    throw new Invalid('cursor is not a cursor returned by this list with the same sort', { field: 'cursor' });
  }
  return { sort: parsed[0], key: parsed[1], id: parsed[2] };
}

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}
