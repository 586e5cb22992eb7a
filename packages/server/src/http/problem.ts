import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.js';

/** The one place where errors become application/problem+json (RFC 9457). */
export const PROBLEM_TYPE_BASE = 'https://modelry.dev/problems/';

/** Every problem type the API can answer with, its status and title. docs/errors.md lists the same set. */
export const PROBLEM_TYPES = {
  'not-found': { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  'limit-exceeded': { status: 409, title: 'Limit exceeded' },
  immutable: { status: 409, title: 'Published versions cannot change' },
  invalid: { status: 400, title: 'Invalid request' },
  forbidden: { status: 403, title: 'Forbidden' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  unprocessable: { status: 422, title: 'Unprocessable content' },
  'too-large': { status: 413, title: 'Content too large' },
  'checksum-mismatch': { status: 400, title: 'Checksum mismatch' },
  'range-not-satisfiable': { status: 416, title: 'Range not satisfiable' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  internal: { status: 500, title: 'Internal server error' },
} as const;

export type ProblemType = keyof typeof PROBLEM_TYPES;

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  field?: string;
  limit?: number | string;
  instance?: string;
  requestId?: string;
  errors?: Array<{ field: string; message: string }>;
}

export function problem(type: ProblemType, detail: string, extra: Partial<ProblemBody> = {}): ProblemBody {
  const { status, title } = PROBLEM_TYPES[type];
  return { type: PROBLEM_TYPE_BASE + type, title, status, detail, ...extra };
}

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** "body.records[0].uri" from Ajv's JSON pointer and the part of the request it checked. */
function fieldOf(issue: AjvIssue, context: string | undefined): string {
  const path = issue.instancePath
    .split('/')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('')
    .replace(/^\./, '');
  const child = issue.params.missingProperty ?? issue.params.additionalProperty;
  const leaf = typeof child === 'string' ? (path === '' ? child : `${path}.${child}`) : path;
  return leaf === '' ? (context ?? 'body') : leaf;
}

function validationProblem(error: FastifyError): ProblemBody {
  const issues = (error.validation ?? []) as AjvIssue[];
  const context = error.validationContext;
  const errors = issues.map((issue) => {
    const field = fieldOf(issue, context);
    const allowed = issue.params.allowedValues;
    const reason =
      issue.keyword === 'additionalProperties'
        ? 'is not a known field'
        : Array.isArray(allowed)
          ? `must be one of ${allowed.join(', ')}`
          : (issue.message ?? 'is invalid');
    return { field, message: `${field} ${reason}` };
  });
  const first = issues[0];
  const limit = first?.params.limit;
  return problem('invalid', errors.map((e) => e.message).join('; ') || error.message, {
    field: errors[0]?.field ?? context ?? 'body',
    ...(typeof limit === 'number' ? { limit } : {}),
    errors,
  });
}

/** Fastify's own errors, by code: a user's malformed request is never a 500. */
const FASTIFY_CODES: Record<string, ProblemType> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid',
};

export function toProblem(error: unknown, request: FastifyRequest): ProblemBody {
  const extra = { instance: request.url.split('?')[0] ?? '', requestId: request.id };
  if (error instanceof DomainError) {
    const body = problem(error.type as ProblemType, error.message, extra);
    if (error.field !== undefined) body.field = error.field;
    if (error.limit !== undefined) body.limit = error.limit;
    return body;
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation !== undefined) return { ...validationProblem(fastifyError), ...extra };
  const mapped = fastifyError.code === undefined ? undefined : FASTIFY_CODES[fastifyError.code];
  if (mapped !== undefined) return problem(mapped, fastifyError.message, { field: 'body', ...extra });
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Bad JSON, forbidden prototype keys and other malformed bodies surface here with a 4xx already set.
    return { ...problem('invalid', fastifyError.message, { field: 'body', ...extra }), status };
  }
  return problem('internal', `an internal error occurred; quote request id ${request.id} when reporting it`, extra);
}

export function sendProblem(reply: FastifyReply, body: ProblemBody): FastifyReply {
  return reply.code(body.status).type('application/problem+json').send(body);
}
