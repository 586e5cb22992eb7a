import { RangeNotSatisfiable } from '../domain/errors.js';

export interface ResolvedRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Parses a single `bytes=` range against a file size (RFC 9110 §14.1.2). Several ranges, or any other
 * unit, are answered with the whole file, which the RFC allows; a range that lies wholly outside is 416.
 */
export function parseRange(header: string | undefined, size: number): ResolvedRange | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) throw unsatisfiable(size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || end < start) throw unsatisfiable(size);
  return { start, end };
}

function unsatisfiable(size: number): RangeNotSatisfiable {
  return new RangeNotSatisfiable(`the requested range is outside the file's ${size} bytes`, { field: 'Range', limit: size });
}

/** `attachment; filename="…"; filename*=UTF-8''…`: an ASCII fallback plus the exact name (RFC 6266). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
