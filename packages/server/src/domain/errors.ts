/**
 * The only errors services throw. Each carries a stable `type` slug (documented in docs/errors.md),
 * a human `detail`, and where it helps the caller fix the request, the `field` and the `limit`.
 * HTTP statuses live in http/problem.ts, not here: the domain knows nothing of HTTP.
 */
export interface ProblemFacts {
  readonly field?: string;
  readonly limit?: number | string;
}

export abstract class DomainError extends Error {
  abstract readonly type: string;
  readonly field: string | undefined;
  readonly limit: number | string | undefined;

  constructor(detail: string, facts: ProblemFacts = {}) {
    super(detail);
    this.field = facts.field;
    this.limit = facts.limit;
  }
}

/** The thing does not exist, or the caller may not know that it does. */
export class NotFound extends DomainError {
  readonly type = 'not-found';
}

/** The request clashes with the current state (a duplicate name, a concurrent change). */
export class Conflict extends DomainError {
  readonly type = 'conflict';
}

/** A count limit (versions per model, formats per version) would be exceeded. */
export class LimitExceeded extends DomainError {
  readonly type = 'limit-exceeded';
}

/** The object is published and can no longer change. */
export class Immutable extends DomainError {
  readonly type = 'immutable';
}

/** The request itself is wrong: a field breaks a rule. */
export class Invalid extends DomainError {
  readonly type = 'invalid';
}

/** The caller can see the object but may not do this to it. */
export class Forbidden extends DomainError {
  readonly type = 'forbidden';
}

/** No usable credentials. */
export class Unauthenticated extends DomainError {
  readonly type = 'unauthenticated';
}

/** The request is well formed but its content cannot be accepted (an upload that is not what it claims). */
export class Unprocessable extends DomainError {
  readonly type = 'unprocessable';
}

/** The uploaded body is larger than allowed. */
export class TooLarge extends DomainError {
  readonly type = 'too-large';
}

/** The upload's bytes do not match the checksum the client declared. */
export class ChecksumMismatch extends DomainError {
  readonly type = 'checksum-mismatch';
}

/** A Range header that cannot be satisfied for this file. */
export class RangeNotSatisfiable extends DomainError {
  readonly type = 'range-not-satisfiable';
}
