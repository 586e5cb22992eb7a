import type { Problem } from './types.js';

type FieldError = NonNullable<Problem['errors']>[number];

/** A refusal from the server (any non-2xx response), rebuilt from its application/problem+json body. */
export class ModelryError extends Error {
  override readonly name = 'ModelryError';
  readonly status: number;
  /** Stable problem type (see docs/errors.md), e.g. `https://modelry.dev/problems/limit-exceeded` or `about:blank`. */
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly field: string | undefined;
  readonly limit: number | string | undefined;
  readonly errors: readonly FieldError[];
  readonly requestId: string | undefined;

  constructor(problem: Problem) {
    super(problem.detail);
    this.status = problem.status;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.field = problem.field;
    this.limit = problem.limit;
    this.errors = problem.errors ?? [];
    this.requestId = problem.requestId;
  }

  /** Builds the error from a response and its already-parsed body (JSON object, text, or nothing). */
  static fromBody(response: Response, body: unknown): ModelryError {
    if (isProblem(body)) return new ModelryError({ ...body, status: body.status ?? response.status });
    const text = typeof body === 'string' && body.trim() !== '' ? body.trim().slice(0, 500) : undefined;
    const title = response.statusText || `HTTP ${response.status}`;
    return new ModelryError({ type: 'about:blank', title, status: response.status, detail: text ?? title });
  }

  /** Reads the body of a failed response and builds the error. */
  static async fromResponse(response: Response): Promise<ModelryError> {
    const text = await response.text().catch(() => '');
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (a proxy's HTML page, say): keep the text as the detail.
    }
    return ModelryError.fromBody(response, body);
  }
}

function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && typeof (body as Problem).detail === 'string' && typeof (body as Problem).title === 'string';
}

/** The server could not be reached (refused connection, DNS failure, TLS error...). */
export class ModelryConnectionError extends Error {
  override readonly name = 'ModelryConnectionError';
  readonly url: string;

  constructor(url: string, cause: unknown) {
    const reason = describeCause(cause);
    super(`cannot reach ${new URL(url).origin}: ${reason}`, { cause });
    this.url = url;
  }
}

/** The downloaded bytes do not match the checksum the server announced. */
export class ChecksumMismatchError extends Error {
  override readonly name = 'ChecksumMismatchError';
  constructor(readonly expected: string, readonly actual: string) {
    super(`the downloaded file's sha256 is ${actual}, but the server announced ${expected}`);
  }
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  // undici wraps the system error (ECONNREFUSED...) in `cause`.
  const inner = cause.cause;
  if (inner instanceof Error) return inner.message;
  return cause.message;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}
