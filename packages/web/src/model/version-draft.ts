import type { Version, VersionCreate } from '@modelry/client';
import { jsonProblem } from '../components/JsonEditor';
import type { FieldErrors } from '../lib/errors';
import { splitTags, tagProblem } from '../lib/tags';

export interface HyperparameterRow {
  readonly key: string;
  readonly value: string;
}

export interface RecordRow {
  readonly uri: string;
  readonly name: string;
  readonly sha256: string;
}

/** The version form as typed: text everywhere, turned into the API's shapes on submit. */
export interface VersionDraft {
  readonly name: string;
  readonly description: string;
  readonly tags: string;
  readonly hyperparameters: readonly HyperparameterRow[];
  readonly config: string;
  readonly records: readonly RecordRow[];
}

export const EMPTY_DRAFT: VersionDraft = { name: '', description: '', tags: '', hyperparameters: [], config: '', records: [] };

/** A typed value: JSON when it reads as JSON (0.1, true, [1,2], {"a":1}), otherwise the text itself. */
export function parseValue(text: string): unknown {
  const trimmed = text.trim();
  try {
    return JSON.parse(trimmed);
  } catch {
    return text;
  }
}

export function showValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function draftOf(version: Version): VersionDraft {
  const hyperparameters = Object.entries(version.hyperparameters ?? {}).map(([key, value]) => ({ key, value: showValue(value) }));
  const config = version.config === null || version.config === undefined ? '' : JSON.stringify(version.config, null, 2);
  const records = version.records.map((record) => ({ uri: record.uri, name: record.name ?? '', sha256: record.sha256 ?? '' }));
  return { name: version.name, description: version.description, tags: version.tags.join(', '), hyperparameters, config, records };
}

/** Problems the form can see before asking the server, by field. */
export function draftProblems(draft: VersionDraft): FieldErrors {
  const problems: FieldErrors = {};
  const tags = tagProblem(draft.tags);
  if (tags !== undefined) problems.tags = tags;
  const config = jsonProblem(draft.config);
  if (config !== undefined) problems.config = config;
  const seen = new Set<string>();
  for (const row of draft.hyperparameters) {
    const key = row.key.trim();
    if (key === '' && row.value.trim() === '') continue;
    if (key === '') problems.hyperparameters = 'Every value needs a name.';
    else if (seen.has(key)) problems.hyperparameters = `“${key}” appears twice.`;
    seen.add(key);
  }
  draft.records.forEach((row, index) => {
    if (row.uri.trim() === '' && (row.name.trim() !== '' || row.sha256.trim() !== '')) problems[`records[${index}].uri`] = 'A record needs a URI.';
    else if (row.sha256.trim() !== '' && !/^[0-9a-fA-F]{64}$/.test(row.sha256.trim())) {
      problems[`records[${index}].sha256`] = 'A sha256 is 64 hexadecimal characters.';
    }
  });
  return problems;
}

/** The request body; call only when draftProblems() is empty. */
export function bodyOf(draft: VersionDraft): VersionCreate {
  const hyperparameters: Record<string, unknown> = {};
  for (const row of draft.hyperparameters) if (row.key.trim() !== '') hyperparameters[row.key.trim()] = parseValue(row.value);
  const records = draft.records
    .filter((row) => row.uri.trim() !== '')
    .map((row) => ({
      uri: row.uri.trim(),
      ...(row.name.trim() === '' ? {} : { name: row.name.trim() }),
      ...(row.sha256.trim() === '' ? {} : { sha256: row.sha256.trim().toLowerCase() }),
    }));
  return {
    name: draft.name.trim(),
    description: draft.description,
    tags: splitTags(draft.tags),
    hyperparameters,
    config: draft.config.trim() === '' ? null : JSON.parse(draft.config),
    records,
  };
}
