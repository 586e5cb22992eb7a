import { Invalid } from './errors.js';

/** The serializations a version can hold, with the media type and file extension each is served with. */
export const FORMATS = {
  pkl: { label: 'Python pickle', mediaType: 'application/x-python-pickle', extension: 'pkl' },
  joblib: { label: 'joblib', mediaType: 'application/x-joblib', extension: 'joblib' },
  rda: { label: 'R data (save())', mediaType: 'application/x-rdata', extension: 'rda' },
  rds: { label: 'R object (saveRDS())', mediaType: 'application/x-rds', extension: 'rds' },
  pmml: { label: 'PMML', mediaType: 'application/xml', extension: 'pmml' },
  onnx: { label: 'ONNX', mediaType: 'application/onnx', extension: 'onnx' },
} as const;

export type FormatId = keyof typeof FORMATS;

export const FORMAT_IDS = Object.keys(FORMATS) as FormatId[];

export function requireFormatId(field: string, id: string): FormatId {
  if (Object.hasOwn(FORMATS, id)) return id as FormatId;
  throw new Invalid(`${field} "${id.slice(0, 40)}" is not a known format; known formats: ${FORMAT_IDS.join(', ')}`, {
    field,
    limit: FORMAT_IDS.join(','),
  });
}

/**
 * The stored file name is only ever shown and sent back in Content-Disposition, never used as a path.
 * Still, keep it printable and free of path separators so nobody is tempted.
 */
export function sanitizeFileName(name: string | undefined, fallback: string): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  return cleaned === '' ? fallback : cleaned;
}

export function defaultFileName(modelName: string, versionNumber: number, format: FormatId): string {
  const stem = modelName.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'model';
  return `${stem}-v${versionNumber}.${FORMATS[format].extension}`;
}
