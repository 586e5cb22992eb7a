/** The server's tag rules (domain/tags.ts), checked as the user types so nobody waits for a round trip. */
export const MAX_TAG_LENGTH = 32;
export const MAX_TAGS = 50;

export function splitTags(input: string): string[] {
  return input
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

/** Characters as the server counts them (code points, not UTF-16 units). */
function charLength(text: string): number {
  return [...text.normalize('NFC')].length;
}

/** The first problem with comma-separated tags, or undefined when they are fine. */
export function tagProblem(input: string): string | undefined {
  const tags = splitTags(input);
  for (const tag of tags) {
    const length = charLength(tag);
    if (length > MAX_TAG_LENGTH) {
      const shown = tag.length > 20 ? `${tag.slice(0, 20)}…` : tag;
      return `"${shown}" is ${length} characters; a tag may have at most ${MAX_TAG_LENGTH}.`;
    }
    if (/[\u0000-\u001f\u007f]/.test(tag)) return `"${tag}" contains a control character.`;
  }
  if (tags.length > MAX_TAGS) return `At most ${MAX_TAGS} tags, got ${tags.length}.`;
  return undefined;
}
