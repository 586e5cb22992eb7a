import { ChecksumMismatchError, ModelryConnectionError, ModelryError } from '../index.node.js';

/** A mistake in how the command was called (exit code 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const EXIT = { ok: 0, refused: 1, usage: 2, connection: 3 } as const;

/** The message printed after `modelry: ` and the exit code, for any failure. */
export function describeFailure(error: unknown): { message: string; code: number } {
  if (error instanceof ModelryError) {
    const extras = [error.field !== undefined ? `field: ${error.field}` : '', error.limit !== undefined ? `limit: ${error.limit}` : '']
      .filter((part) => part !== '')
      .join(', ');
    const fieldErrors = error.errors
      .filter((e) => e.field !== error.field || e.message !== error.detail)
      .map((e) => `\n  ${e.field}: ${e.message}`)
      .join('');
    return { message: `${error.detail}${extras === '' ? '' : ` (${extras})`}${fieldErrors}`, code: EXIT.refused };
  }
  if (error instanceof ModelryConnectionError) return { message: error.message, code: EXIT.connection };
  if (error instanceof UsageError) return { message: error.message, code: EXIT.usage };
  if (error instanceof ChecksumMismatchError) return { message: error.message, code: EXIT.refused };
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'ENOTDIR') {
    return { message: (error as Error).message, code: EXIT.refused };
  }
  return { message: error instanceof Error ? error.message : String(error), code: EXIT.refused };
}
