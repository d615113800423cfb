// The small part of s3rver 3.7 (CommonJS, untyped) that test/support/s3server.ts uses.
declare module "s3rver" {
  import type { Server } from "node:http";

  interface S3rverStore {
    existsObject(bucket: string, key: string): Promise<boolean>;
  }
  interface S3rverContext {
    method: string;
    path: string;
    query: Record<string, string | undefined>;
    headers: Record<string, string | string[] | undefined>;
    status: number;
    type: string;
    body: unknown;
    store: S3rverStore;
    set(name: string, value: string): void;
  }
  type Middleware = (ctx: S3rverContext, next: () => Promise<void>) => Promise<void>;

  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: { name: string; configs?: string[] }[];
  }

  class S3rver {
    constructor(options?: S3rverOptions);
    /** Koa's middleware list, composed when the server starts listening. */
    middleware: Middleware[];
    httpServer: Server;
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
  export default S3rver;
}
