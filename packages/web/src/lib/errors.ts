import { ModelryConnectionError, ModelryError } from '@modelry/client';

/** A message a person can act on, whatever was thrown. */
export function messageOf(error: unknown): string {
  if (error instanceof ModelryError) return error.detail;
  if (error instanceof ModelryConnectionError) return 'The server cannot be reached. Check your connection and try again.';
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Field → message, from a problem's `errors` list and its `field`, for showing each next to its input. */
export type FieldErrors = Record<string, string>;

export function fieldErrorsOf(error: unknown): FieldErrors {
  if (!(error instanceof ModelryError)) return {};
  const out: FieldErrors = {};
  for (const item of error.errors) out[normalizeField(item.field)] ??= item.message;
  if (error.field !== undefined && error.errors.length === 0) out[normalizeField(error.field)] = error.detail;
  return out;
}

/** "body.records[0].uri" and "records[0].uri" name the same input. */
function normalizeField(field: string): string {
  return field.replace(/^body\.?/, '') || 'body';
}

/**
 * The message for one form field: the exact field, or a nested one ("records[0].uri" under "records").
 * Errors whose field no input claims are shown at the top of the form by the caller.
 */
export function errorFor(errors: FieldErrors, field: string): string | undefined {
  if (errors[field] !== undefined) return errors[field];
  const nested = Object.keys(errors).find((key) => key.startsWith(`${field}.`) || key.startsWith(`${field}[`));
  return nested === undefined ? undefined : errors[nested];
}

export function unclaimedErrors(errors: FieldErrors, claimed: readonly string[]): string[] {
  return Object.entries(errors)
    .filter(([key]) => !claimed.some((field) => key === field || key.startsWith(`${field}.`) || key.startsWith(`${field}[`)))
    .map(([, message]) => message);
}

export function isStatus(error: unknown, status: number): boolean {
  return error instanceof ModelryError && error.status === status;
}
