import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { Invalid } from '../domain/errors.js';

/** Deeper than any real request; bounds the recursion of everything that walks the parsed value. */
export const MAX_BODY_DEPTH = 64;

/** Nesting depth of a JSON text, counted without parsing it (brackets inside strings do not count). */
export function jsonDepth(text: string, stopAbove: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest && (deepest = depth) > stopAbove) return deepest;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/**
 * JSON bodies: nesting is bounded before parsing (a deep document would otherwise overflow the stack of
 * the validators), and `__proto__` / `constructor.prototype` keys are refused rather than stripped.
 */
export function registerJsonParser(app: FastifyInstance, bodyLimit: number): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_request, body, done) => {
    const text = body as string;
    if (jsonDepth(text, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) {
      done(new Invalid(`the JSON body nests deeper than ${MAX_BODY_DEPTH} levels`, { field: 'body', limit: MAX_BODY_DEPTH }), undefined);
      return;
    }
    try {
      done(null, secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (error) {
      done(new Invalid(`the body is not valid JSON: ${(error as Error).message}`, { field: 'body' }), undefined);
    }
  });
}
