import { Invalid } from './errors.js';
import { requireText } from './text.js';

export const MAX_CONFIG_BYTES = 1024 * 1024;
export const MAX_HYPERPARAMETERS_BYTES = 256 * 1024;
export const MAX_JSON_DEPTH = 32;
export const MAX_RECORDS = 100;

export interface DatasetRecord {
  uri: string;
  name?: string;
  sha256?: string;
}

function depthOf(value: unknown, limit: number, depth = 1): number {
  if (depth > limit || value === null || typeof value !== 'object') return depth;
  let deepest = depth;
  for (const child of Object.values(value)) {
    deepest = Math.max(deepest, depthOf(child, limit, depth + 1));
    if (deepest > limit) break;
  }
  return deepest;
}

/** Bounds a free-form JSON document by its serialized size and nesting depth. */
export function requireJsonDocument(field: string, value: unknown, maxBytes: number): unknown {
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? 'null', 'utf8');
  if (bytes > maxBytes) {
    throw new Invalid(`${field} must serialize to at most ${maxBytes} bytes of JSON, got ${bytes}`, { field, limit: maxBytes });
  }
  if (depthOf(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new Invalid(`${field} must nest at most ${MAX_JSON_DEPTH} levels deep`, { field, limit: MAX_JSON_DEPTH });
  }
  return value;
}

export function requireHyperparameters(value: Record<string, unknown>): Record<string, unknown> {
  requireJsonDocument('hyperparameters', value, MAX_HYPERPARAMETERS_BYTES);
  return value;
}

/** A dataset reference must at least say where the data lives; the hash pins the exact bytes. */
export function requireRecords(records: readonly DatasetRecord[]): DatasetRecord[] {
  if (records.length > MAX_RECORDS) {
    throw new Invalid(`records may hold at most ${MAX_RECORDS} entries, got ${records.length}`, {
      field: 'records',
      limit: MAX_RECORDS,
    });
  }
  return records.map((record, index) => {
    const field = `records[${index}]`;
    const uri = requireText(`${field}.uri`, record.uri.trim(), { min: 1, max: 2048, singleLine: true });
    const out: DatasetRecord = { uri };
    if (record.name !== undefined) out.name = requireText(`${field}.name`, record.name.trim(), { min: 0, max: 256, singleLine: true });
    if (record.sha256 !== undefined) {
      if (!/^[0-9a-fA-F]{64}$/.test(record.sha256)) {
        throw new Invalid(`${field}.sha256 must be 64 hexadecimal characters`, { field: `${field}.sha256` });
      }
      out.sha256 = record.sha256.toLowerCase();
    }
    return out;
  });
}
