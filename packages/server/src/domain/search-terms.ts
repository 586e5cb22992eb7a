/**
 * Search is an inverted index of lowercase words (name, description, tags) kept in its own table,
 * so `q` is answered by an indexed prefix range on both SQLite and PostgreSQL instead of a scan.
 */
export const MAX_TERMS_PER_MODEL = 2000;
export const MAX_TERM_LENGTH = 64;
export const MAX_QUERY_WORDS = 8;

const WORD = /[\p{L}\p{N}]+/gu;

export function wordsOf(text: string): string[] {
  return (text.normalize('NFKC').toLowerCase().match(WORD) ?? []).map((word) => word.slice(0, MAX_TERM_LENGTH));
}

/** The distinct terms a model is found by: its words, plus each whole tag as typed (lowercased). */
export function searchTermsOf(parts: { name: string; description: string; tags: readonly string[] }): string[] {
  const terms = new Set<string>();
  const add = (term: string): void => {
    if (term !== '' && terms.size < MAX_TERMS_PER_MODEL) terms.add(term.slice(0, MAX_TERM_LENGTH));
  };
  wordsOf(parts.name).forEach(add);
  for (const tag of parts.tags) {
    add(tag.toLowerCase());
    wordsOf(tag).forEach(add);
  }
  wordsOf(parts.description).forEach(add);
  return [...terms];
}

/** The words of a query; each must be a prefix of some term of a matching model. */
export function queryWords(q: string): string[] {
  return [...new Set(wordsOf(q))].slice(0, MAX_QUERY_WORDS);
}
