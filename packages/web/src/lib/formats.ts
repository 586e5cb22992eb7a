/** The serializations the server knows (server/src/domain/formats.ts), in the order the dashboard lists them. */
export const KNOWN_FORMATS = [
  { id: 'pkl', label: 'Python pickle', accept: '.pkl,.pickle' },
  { id: 'joblib', label: 'joblib', accept: '.joblib' },
  { id: 'rda', label: 'R data (save())', accept: '.rda,.rdata,.RData' },
  { id: 'rds', label: 'R object (saveRDS())', accept: '.rds' },
  { id: 'pmml', label: 'PMML', accept: '.pmml,.xml' },
  { id: 'onnx', label: 'ONNX', accept: '.onnx' },
] as const;

export type FormatId = (typeof KNOWN_FORMATS)[number]['id'];
