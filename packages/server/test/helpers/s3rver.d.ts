// s3rver ships no types; this is the part of its API the tests use.
declare module 's3rver' {
  import type { IncomingMessage } from 'node:http';
  import type { AddressInfo } from 'node:net';

  export interface KoaContext {
    readonly req: IncomingMessage;
    readonly method: string;
    readonly path: string;
    readonly query: Record<string, string | string[] | undefined>;
    readonly headers: Record<string, string | string[] | undefined>;
    status: number;
    body: unknown;
    type: string;
  }
  export type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: Array<{ name: string; configs?: string[] }>;
  }

  export default class S3rver {
    constructor(options?: S3rverOptions);
    middleware: KoaMiddleware[];
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
  }
}
