import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';

/** `--limit 20`: a positive integer. */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

/** `--config '{"a":1}'` or `--config @config.json`: JSON given inline or read from a file. */
export function jsonValue(value: string): unknown {
  let text = value;
  if (value.startsWith('@')) {
    try {
      text = readFileSync(value.slice(1), 'utf8');
    } catch (error) {
      throw new InvalidArgumentError(`cannot read ${value.slice(1)}: ${(error as Error).message}`);
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidArgumentError(`not valid JSON (${(error as Error).message})`);
  }
}

/** `--hyperparameters`: a JSON object. */
export function jsonObject(value: string): Record<string, unknown> {
  const parsed = jsonValue(value);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidArgumentError('expected a JSON object');
  return parsed as Record<string, unknown>;
}

/** `--record URI[,NAME[,SHA256]]`, repeatable. */
export function datasetRecord(value: string, previous: Array<{ uri: string; name?: string; sha256?: string }> = []) {
  const [uri = '', name, sha256] = value.split(',').map((part) => part.trim());
  if (uri === '') throw new InvalidArgumentError('expected URI[,NAME[,SHA256]]');
  return [...previous, { uri, ...(name ? { name } : {}), ...(sha256 ? { sha256 } : {}) }];
}

/** `--tags a,b,c` stays a comma-separated string: the server splits and validates it. */
export function tagList(value: string): string {
  return value;
}
