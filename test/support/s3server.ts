/**
 * A real S3-compatible server for tests: s3rver 3.7 on 127.0.0.1, a free port, a temp folder, one bucket,
 * spoken to over HTTP with path-style URLs. Credentials are s3rver's fixed pair (S3RVER_CREDENTIALS),
 * which tests put into AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY so the SDK's default chain finds them.
 *
 * s3rver ignores `If-None-Match` on PUT (it overwrites). With `conditionalWrites: "s3"` (the default) a
 * small middleware in front of it applies S3's documented rules for `If-None-Match: *`: 412
 * PreconditionFailed when the key exists, 409 ConditionalRequestConflict while another conditional write
 * of the key is in flight. `"ignore"` leaves s3rver as it is, to show what an unenforcing server does.
 *
 * s3rver 3.7 on Node 20 cannot page ListObjectsV2: its continuation tokens are DES-encrypted and OpenSSL 3
 * no longer offers DES, so any truncated page fails with 500 InternalError. A second middleware serves V2
 * pages through s3rver's V1 listing (`marker`), with the last key (base64url) as continuation token.
 * s3rver also does not check SigV4 signatures (only that the access key id is S3RVER).
 */
import type { IncomingHttpHeaders } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";

export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export interface SeenRequest {
  method: string;
  /** Path and query as sent, e.g. `/bucket/key?x-id=PutObject`. */
  url: string;
  headers: IncomingHttpHeaders;
}

export interface S3ServerOptions {
  bucket?: string;
  conditionalWrites?: "s3" | "ignore";
  /** Called with every request as it arrives, before s3rver handles it. */
  onRequest?: (request: SeenRequest) => void;
}

export interface S3Server {
  endpoint: string;
  bucket: string;
  region: string;
  stop(): Promise<void>;
}

/** Sets the SDK's environment credentials to s3rver's pair. */
export function useS3rverCredentials(env: NodeJS.ProcessEnv = process.env): void {
  env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
  env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;
}

export async function startS3Server(options: S3ServerOptions = {}): Promise<S3Server> {
  const bucket = options.bucket ?? "lake-test";
  const directory = await mkdtemp(path.join(os.tmpdir(), "vieweratlas-s3rver-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const inFlight = new Set<string>();
  const enforce = (options.conditionalWrites ?? "s3") === "s3";

  server.middleware.unshift(async (ctx, next) => {
    options.onRequest?.({ method: ctx.method, url: ctx.path + querySuffix(ctx.query), headers: ctx.headers as IncomingHttpHeaders });
    const conditional = ctx.method === "PUT" && ctx.headers["if-none-match"] === "*" && ctx.query.uploadId === undefined;
    if (!enforce || !conditional) return next();
    const [bucketName, ...keyParts] = ctx.path.slice(1).split("/").map(decodeURIComponent);
    const key = keyParts.join("/");
    const id = `${bucketName}/${key}`;
    if (inFlight.has(id)) return sendError(ctx, 409, "ConditionalRequestConflict", "A conflicting conditional operation is currently in progress against this resource.");
    inFlight.add(id);
    try {
      if (await ctx.store.existsObject(bucketName, key)) {
        return sendError(ctx, 412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
      }
      await next();
    } finally {
      inFlight.delete(id);
    }
  });

  // s3rver's stack is [logger, XML encoder, mount, vhost, router] behind ours; this goes after the encoder so it can
  // rewrite the listing result while it is still an object.
  if (server.middleware.length !== 6) throw new Error("s3server: unexpected s3rver middleware stack (not 3.7?)");
  server.middleware.splice(3, 0, async (ctx, next) => {
    if (ctx.method !== "GET" || ctx.query["list-type"] !== "2") return next();
    const { "list-type": _v2, "continuation-token": token, "start-after": startAfter, "fetch-owner": _owner, ...rest } = ctx.query;
    const marker = token ? Buffer.from(token, "base64url").toString("utf8") : startAfter;
    ctx.query = marker ? { ...rest, marker } : rest;
    await next();
    const result = (ctx.body as { ListBucketResult?: Record<string, unknown> } | undefined)?.ListBucketResult;
    if (!result) return;
    const contents = (result.Contents as { Key: string; Owner?: unknown }[]) ?? [];
    for (const c of contents) delete c.Owner;
    const last = contents.at(-1)?.Key;
    delete result.Marker;
    delete result.NextMarker;
    result.KeyCount = contents.length;
    if (token) result.ContinuationToken = token;
    if (result.IsTruncated && last) result.NextContinuationToken = Buffer.from(last, "utf8").toString("base64url");
  });

  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket,
    region: "us-east-1",
    async stop() {
      server.httpServer.closeAllConnections();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

function sendError(ctx: { status: number; type: string; body: unknown }, status: number, code: string, message: string): void {
  ctx.status = status;
  ctx.type = "application/xml";
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

function querySuffix(query: Record<string, string | undefined>): string {
  const s = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, v ?? ""])).toString();
  return s ? `?${s}` : "";
}
