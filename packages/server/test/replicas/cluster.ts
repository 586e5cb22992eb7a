import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListMultipartUploadsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { createBackend, s3Client, type TestBackend } from '../helpers/backend.js';
import { ApiClient } from '../helpers/client.js';

const SERVER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ADMIN_TOKEN = `mdr_replicas_${'r'.repeat(40)}`;
export const ADMIN_PASSWORD = 'replica-admin-password';
export const MAX_VERSIONS = 30;
export const BLOB_PREFIX = 'modelry';

export interface Replica {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  readonly api: ApiClient;
  readonly process: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Real server processes (`src/main.ts` through tsx) sharing one fresh PostgreSQL database and one
 * s3rver bucket, as replicas behind a load balancer would.
 */
export interface Cluster {
  readonly backend: TestBackend;
  readonly s3: S3Client;
  readonly replicas: Replica[];
  /** The environment a replica (or `modelry-server gc`) runs with. */
  env(): NodeJS.ProcessEnv;
  start(name: string): Promise<Replica>;
  stagingLeftovers(): Promise<{ objects: number; uploads: number }>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

async function waitHealthy(url: string, child: ChildProcess, log: () => string): Promise<void> {
  // Generous: a replica compiles its sources through tsx at start, which is slow on a busy CI machine.
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`replica exited with ${child.exitCode}: ${log()}`);
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`replica did not become healthy: ${log()}`);
}

export async function startCluster(count = 2): Promise<Cluster> {
  const backend = await createBackend({ name: 'postgres-s3' });
  const emulator = backend.s3;
  if (emulator === undefined || backend.databaseUrl === undefined) throw new Error('postgres-s3 backend without S3 or PostgreSQL');
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'modelry-replicas-'));
  const replicas: Replica[] = [];
  const env = (): NodeJS.ProcessEnv => ({
    ...process.env,
    MODELRY_DATA_DIR: dataDir,
    MODELRY_DATABASE_URL: backend.databaseUrl,
    MODELRY_DB_POOL_SIZE: '10',
    MODELRY_BLOB_URL: `s3://${emulator.bucket}/${BLOB_PREFIX}`,
    MODELRY_S3_ENDPOINT: emulator.endpoint,
    MODELRY_S3_FORCE_PATH_STYLE: '1',
    MODELRY_S3_PART_SIZE: String(5 * 1024 * 1024),
    AWS_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
    MODELRY_ADMIN_TOKEN: ADMIN_TOKEN,
    MODELRY_ADMIN_PASSWORD: ADMIN_PASSWORD,
    MODELRY_MAX_VERSIONS: String(MAX_VERSIONS),
    MODELRY_LOG_LEVEL: 'warn',
    NODE_NO_WARNINGS: '1',
  });
  const start = async (name: string): Promise<Replica> => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: SERVER_DIR,
      env: { ...env(), MODELRY_PORT: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const url = `http://127.0.0.1:${port}`;
    await waitHealthy(url, child, () => stderr);
    const replica: Replica = {
      name,
      port,
      url,
      api: new ApiClient(`${url}/api/v1`, ADMIN_TOKEN),
      process: child,
      kill: async (signal = 'SIGTERM') => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill(signal);
        await exited;
      },
    };
    replicas.push(replica);
    return replica;
  };
  const s3 = s3Client(emulator);
  const started = await Promise.all(Array.from({ length: count }, (_, i) => start(`replica-${String.fromCharCode(97 + i)}`)));
  void started;
  return {
    backend,
    s3,
    replicas,
    env,
    start,
    async stagingLeftovers() {
      const objects = await s3.send(new ListObjectsV2Command({ Bucket: emulator.bucket, Prefix: `${BLOB_PREFIX}/staging/` }));
      const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: emulator.bucket, Prefix: `${BLOB_PREFIX}/staging/` }));
      return { objects: objects.Contents?.length ?? 0, uploads: uploads.Uploads?.length ?? 0 };
    },
    async close() {
      await Promise.all(replicas.map((replica) => replica.kill('SIGKILL')));
      await backend.dispose();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs `modelry-server <args>` (src/cli.ts) with the cluster's settings; resolves with its output. */
export async function runCli(cluster: Cluster, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: SERVER_DIR, env: cluster.env() });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stdout, stderr };
}
