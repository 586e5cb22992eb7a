import path from 'node:path';

/**
 * Every MODELRY_* variable, declared once: its type, its default and one line of documentation.
 * The README's configuration table is checked against this list by a test, so the two cannot drift.
 */
type Kind = 'string' | 'port' | 'count' | 'bytes' | 'secret' | 'flag';

interface Setting {
  readonly kind: Kind;
  readonly default: string | undefined;
  readonly doc: string;
}

export const SETTINGS = {
  MODELRY_HOST: { kind: 'string', default: '127.0.0.1', doc: 'Interface the HTTP server binds to.' },
  MODELRY_PORT: { kind: 'port', default: '8080', doc: 'TCP port of the HTTP server (0 picks a free one).' },
  MODELRY_DATA_DIR: {
    kind: 'string',
    default: './data',
    doc: 'Directory holding the SQLite database (modelry.db) and the blob store (blobs/).',
  },
  MODELRY_DATABASE_URL: {
    kind: 'string',
    default: undefined,
    doc: 'postgres://… to keep metadata in PostgreSQL; unset means SQLite in the data directory.',
  },
  MODELRY_ADMIN_PASSWORD: {
    kind: 'secret',
    default: undefined,
    doc: 'Password of the `admin` user created at the first start (random and printed once when unset).',
  },
  MODELRY_ADMIN_TOKEN: {
    kind: 'secret',
    default: undefined,
    doc: 'API token of `admin` created at the first start (random and printed once when unset); at least 32 characters.',
  },
  MODELRY_MAX_VERSIONS: { kind: 'count', default: '30', doc: 'Live versions a model may hold.' },
  MODELRY_MAX_FORMATS: { kind: 'count', default: '3', doc: 'Formats a version may hold.' },
  MODELRY_MAX_UPLOAD_BYTES: { kind: 'bytes', default: String(20 * 1024 ** 3), doc: 'Largest file accepted (bytes; 20 GiB).' },
  MODELRY_PICKLE_POLICY: {
    kind: 'string',
    default: 'warn',
    doc: 'What to do with a pickle/joblib upload whose inspection is dangerous: warn (store it, flagged) or block (refuse with 422).',
  },
  MODELRY_LOG_LEVEL: { kind: 'string', default: 'info', doc: 'Log level: fatal, error, warn, info, debug, trace or silent.' },
  MODELRY_SECURE_COOKIES: {
    kind: 'flag',
    default: '0',
    doc: 'Set to 1 behind HTTPS so the dashboard session cookie is marked Secure.',
  },
  MODELRY_DB_POOL_SIZE: { kind: 'count', default: '10', doc: 'PostgreSQL connections per server process.' },
  MODELRY_BLOB_URL: {
    kind: 'string',
    default: undefined,
    doc: 's3://bucket/prefix to keep files in S3-compatible storage; unset means the blobs/ directory of the data directory.',
  },
  MODELRY_S3_ENDPOINT: {
    kind: 'string',
    default: undefined,
    doc: 'Endpoint URL of an S3-compatible service (MinIO, Ceph RGW, ...); unset means AWS. Credentials come from the usual AWS_* variables.',
  },
  MODELRY_S3_REGION: { kind: 'string', default: 'us-east-1', doc: 'Region of the bucket (AWS_REGION is not read).' },
  MODELRY_S3_FORCE_PATH_STYLE: {
    kind: 'flag',
    default: '0',
    doc: 'Set to 1 to address the bucket as endpoint/bucket (MinIO, Ceph RGW) rather than bucket.endpoint.',
  },
  MODELRY_S3_PRESIGN: {
    kind: 'flag',
    default: '0',
    doc: 'Set to 1 to answer downloads with a redirect to a presigned S3 URL, so the bytes bypass the server.',
  },
  MODELRY_S3_PRESIGN_SECONDS: { kind: 'count', default: '300', doc: 'How long a presigned download URL stays valid.' },
  MODELRY_S3_PART_SIZE: {
    kind: 'bytes',
    default: String(16 * 1024 ** 2),
    doc: 'Multipart upload part size in bytes (5 MiB to 5 GiB); memory per upload is about 4 parts.',
  },
} as const satisfies Record<string, Setting>;

export type SettingName = keyof typeof SETTINGS;

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly adminPassword: string | undefined;
  readonly adminToken: string | undefined;
  readonly maxVersions: number;
  readonly maxFormats: number;
  readonly maxUploadBytes: number;
  readonly picklePolicy: PicklePolicy;
  readonly logLevel: string;
  readonly secureCookies: boolean;
  readonly dbPoolSize: number;
  readonly blobUrl: string | undefined;
  readonly s3: S3Settings;
}

export interface S3Settings {
  readonly endpoint: string | undefined;
  readonly region: string;
  readonly forcePathStyle: boolean;
  readonly presign: boolean;
  readonly presignSeconds: number;
  readonly partSize: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export type PicklePolicy = 'warn' | 'block';

function picklePolicy(env: NodeJS.ProcessEnv): PicklePolicy {
  const policy = raw(env, 'MODELRY_PICKLE_POLICY') ?? 'warn';
  if (policy !== 'warn' && policy !== 'block') throw new ConfigError(`MODELRY_PICKLE_POLICY must be warn or block, got "${policy}"`);
  return policy;
}

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

function raw(env: NodeJS.ProcessEnv, name: SettingName): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? SETTINGS[name].default : value;
}

function integer(env: NodeJS.ProcessEnv, name: SettingName, min: number, max: number): number {
  const text = raw(env, name) ?? '';
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

function adminToken(env: NodeJS.ProcessEnv): string | undefined {
  const token = raw(env, 'MODELRY_ADMIN_TOKEN');
  if (token !== undefined && (token.length < 32 || !/^[\x21-\x7e]+$/.test(token))) {
    throw new ConfigError('MODELRY_ADMIN_TOKEN must be at least 32 printable characters without spaces');
  }
  return token;
}

function blobUrl(env: NodeJS.ProcessEnv): string | undefined {
  const url = raw(env, 'MODELRY_BLOB_URL');
  if (url !== undefined && !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(url)) {
    throw new ConfigError('MODELRY_BLOB_URL must look like s3://bucket or s3://bucket/prefix');
  }
  return url;
}

/** Reads and validates the environment once at boot; the result is frozen. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const logLevel = raw(env, 'MODELRY_LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.has(logLevel)) throw new ConfigError(`MODELRY_LOG_LEVEL must be one of ${[...LOG_LEVELS].join(', ')}`);
  const databaseUrl = raw(env, 'MODELRY_DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('MODELRY_DATABASE_URL must start with postgres:// or postgresql://');
  }
  return Object.freeze({
    host: raw(env, 'MODELRY_HOST') ?? '127.0.0.1',
    port: integer(env, 'MODELRY_PORT', 0, 65535),
    dataDir: path.resolve(raw(env, 'MODELRY_DATA_DIR') ?? './data'),
    databaseUrl,
    adminPassword: raw(env, 'MODELRY_ADMIN_PASSWORD'),
    adminToken: adminToken(env),
    maxVersions: integer(env, 'MODELRY_MAX_VERSIONS', 1, 10_000),
    maxFormats: integer(env, 'MODELRY_MAX_FORMATS', 1, 100),
    maxUploadBytes: integer(env, 'MODELRY_MAX_UPLOAD_BYTES', 1, Number.MAX_SAFE_INTEGER),
    picklePolicy: picklePolicy(env),
    logLevel,
    secureCookies: raw(env, 'MODELRY_SECURE_COOKIES') === '1',
    dbPoolSize: integer(env, 'MODELRY_DB_POOL_SIZE', 1, 1000),
    blobUrl: blobUrl(env),
    s3: {
      endpoint: raw(env, 'MODELRY_S3_ENDPOINT'),
      region: raw(env, 'MODELRY_S3_REGION') ?? 'us-east-1',
      forcePathStyle: raw(env, 'MODELRY_S3_FORCE_PATH_STYLE') === '1',
      presign: raw(env, 'MODELRY_S3_PRESIGN') === '1',
      presignSeconds: integer(env, 'MODELRY_S3_PRESIGN_SECONDS', 1, 7 * 24 * 3600),
      partSize: integer(env, 'MODELRY_S3_PART_SIZE', 5 * 1024 ** 2, 5 * 1024 ** 3),
    },
  });
}
