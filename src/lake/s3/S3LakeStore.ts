/**
 * The lake on S3 (or an S3-compatible server): `s3://bucket/prefix`, one object per key under the prefix.
 * put is a single PutObject (S3 never shows a half object); putIfAbsent is a conditional PutObject with
 * `If-None-Match: *`, which S3 enforces since August 2024 (412 when the key exists, 409 when a concurrent
 * conditional write is in flight: both mean "another writer won"); putStream is a multipart Upload, visible
 * only once completed. Credentials come from the AWS SDK's default chain (environment, profile, role).
 */
import type * as S3SdkModule from "@aws-sdk/client-s3";
import type { S3Client, S3ClientConfig } from "@aws-sdk/client-s3";
import { Readable } from "node:stream";
import { LakeError } from "../../core/index.js";
import type { LakeObject, LakeStore } from "../LakeStore.js";
import { checkKey, checkPrefix } from "../keys.js";
import { parseS3Location } from "./s3Location.js";

export interface S3LakeOptions {
  /** AWS region; S3-compatible servers usually accept any. */
  region?: string;
  /** S3-compatible endpoint URL (MinIO, a loopback test server); unset for AWS. */
  endpoint?: string;
  /** Path-style URLs (`endpoint/bucket/key`), which most S3-compatible servers need. */
  forcePathStyle?: boolean;
  /** Keys per ListObjectsV2 page (1..1000); tests lower it to walk many pages cheaply. */
  pageSize?: number;
  /** Part size of multipart uploads in bytes (S3's minimum is 5 MiB). */
  partSizeBytes?: number;
  /** Parts uploaded at once; memory held is about partSizeBytes × uploadQueueSize. */
  uploadQueueSize?: number;
  /** A client to use instead of building one (tests add middleware to it). */
  client?: S3Client;
}

// NOTE: the AWS SDK takes ~0.3 s to load; it is loaded on the first S3 operation, so commands on a
// local lake (and every module importing the lake's face) do not pay for it.
type S3Sdk = typeof S3SdkModule;
let s3Sdk: Promise<S3Sdk> | null = null;
const loadS3Sdk = (): Promise<S3Sdk> => (s3Sdk ??= import("@aws-sdk/client-s3"));

export const S3_LAKE_DEFAULTS = {
  region: "us-east-1",
  forcePathStyle: false,
  pageSize: 1000,
  partSizeBytes: 8 * 1024 * 1024,
  uploadQueueSize: 4,
};

type ResolvedS3LakeOptions = typeof S3_LAKE_DEFAULTS & { endpoint: string | undefined };

function resolveS3LakeOptions(options: S3LakeOptions): ResolvedS3LakeOptions {
  const o = { ...S3_LAKE_DEFAULTS, ...definedOnly(options), endpoint: options.endpoint || undefined };
  if (!Number.isInteger(o.pageSize) || o.pageSize < 1 || o.pageSize > 1000) {
    throw new LakeError(`lake: pageSize must be an integer from 1 to 1000, got ${o.pageSize}`);
  }
  if (!Number.isInteger(o.partSizeBytes) || o.partSizeBytes < 5 * 1024 * 1024) {
    throw new LakeError(`lake: partSizeBytes must be at least 5 MiB (S3's minimum part), got ${o.partSizeBytes}`);
  }
  return o;
}

export class S3LakeStore implements LakeStore {
  readonly location: string;
  readonly bucket: string;
  /** Key prefix inside the bucket: "" or ending in `/`. */
  readonly prefix: string;
  private readonly options: ResolvedS3LakeOptions;
  private client: Promise<S3Client> | null;

  constructor(location: string, options: S3LakeOptions = {}) {
    const { bucket, prefix } = parseS3Location(location);
    this.bucket = bucket;
    this.prefix = prefix;
    this.location = `s3://${bucket}/${prefix}`;
    this.options = resolveS3LakeOptions(options);
    this.client = options.client ? Promise.resolve(options.client) : null;
  }

  /** The SDK client, built on first use from the options and the default credential chain. */
  s3Client(): Promise<S3Client> {
    return (this.client ??= loadS3Sdk().then((sdk) => new sdk.S3Client(clientConfig(this.options))));
  }

  localPath(): null {
    return null;
  }

  async put(key: string, body: Uint8Array | string): Promise<void> {
    const Key = this.objectKey(key);
    const [sdk, client] = await this.connect();
    await client.send(new sdk.PutObjectCommand({ Bucket: this.bucket, Key, Body: body })).catch((e) => this.fail("put", key, e));
  }

  async putIfAbsent(key: string, body: Uint8Array | string): Promise<boolean> {
    const Key = this.objectKey(key);
    const [sdk, client] = await this.connect();
    try {
      await client.send(new sdk.PutObjectCommand({ Bucket: this.bucket, Key, Body: body, IfNoneMatch: "*" }));
      return true;
    } catch (e) {
      if (isLostConditionalWrite(e)) return false;
      return this.fail("put-if-absent", key, e);
    }
  }

  async get(key: string): Promise<Uint8Array | null> {
    const Key = this.objectKey(key);
    const [sdk, client] = await this.connect();
    try {
      const out = await client.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key }));
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    } catch (e) {
      if (isMissing(e)) return null;
      return this.fail("get", key, e);
    }
  }

  async getStream(key: string): Promise<Readable> {
    const Key = this.objectKey(key);
    const [sdk, client] = await this.connect();
    try {
      const out = await client.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key }));
      // In Node the SDK's body is an http.IncomingMessage (a Readable); anything else is wrapped.
      const body = out.Body as unknown;
      if (body instanceof Readable) return body;
      return Readable.from([await (out.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()]);
    } catch (e) {
      if (isMissing(e)) throw new LakeError(`lake: no object ${key} in ${this.location}`, { cause: e });
      return this.fail("get-stream", key, e);
    }
  }

  async putStream(key: string, body: Readable): Promise<void> {
    const Key = this.objectKey(key);
    const [{ Upload }, client] = await Promise.all([import("@aws-sdk/lib-storage"), this.s3Client()]);
    // A multipart upload becomes visible only when completed; on failure Upload aborts it.
    const upload = new Upload({
      client,
      params: { Bucket: this.bucket, Key, Body: body },
      partSize: this.options.partSizeBytes,
      queueSize: this.options.uploadQueueSize,
      leavePartsOnError: false,
    });
    await upload.done().catch((e) => this.fail("put-stream", key, e));
  }

  async *list(prefix: string): AsyncIterable<LakeObject> {
    const Prefix = this.prefix + checkPrefix(prefix);
    const [sdk, client] = await this.connect();
    let ContinuationToken: string | undefined;
    do {
      const page = await client
        .send(new sdk.ListObjectsV2Command({ Bucket: this.bucket, Prefix, MaxKeys: this.options.pageSize, ContinuationToken }))
        .catch((e) => this.fail("list", prefix, e));
      for (const o of page.Contents ?? []) {
        // Folder markers ("a/b/") made by consoles are not lake objects.
        if (!o.Key || o.Key.endsWith("/")) continue;
        yield { key: o.Key.slice(this.prefix.length), size: o.Size ?? 0, modifiedMs: o.LastModified?.getTime() ?? 0 };
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  async delete(key: string): Promise<void> {
    const Key = this.objectKey(key);
    const [sdk, client] = await this.connect();
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.bucket, Key })).catch((e) => this.fail("delete", key, e));
  }

  async deleteMany(keys: readonly string[]): Promise<void> {
    const objectKeys = keys.map((k) => this.objectKey(k));
    const [sdk, client] = await this.connect();
    for (let i = 0; i < objectKeys.length; i += 1000) {
      const batch = objectKeys.slice(i, i + 1000);
      const out = await client
        .send(new sdk.DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }))
        .catch((e) => this.fail("delete", `${batch.length} keys from ${keys[i]}`, e));
      const failed = (out.Errors ?? []).filter((err) => err.Code !== "NoSuchKey");
      if (failed.length) {
        const first = failed[0];
        throw new LakeError(`lake: delete of ${failed.length} keys in ${this.location} failed, first ${first.Key}: ${first.Code} ${first.Message ?? ""}`.trim());
      }
    }
  }

  private async connect(): Promise<[S3Sdk, S3Client]> {
    return Promise.all([loadS3Sdk(), this.s3Client()]);
  }

  private objectKey(key: string): string {
    return this.prefix + checkKey(key);
  }

  private fail(op: string, key: string, e: unknown): never {
    throw new LakeError(`lake: ${op} ${key} in ${this.location} failed: ${describeS3Error(e)}`, { cause: e });
  }
}

function clientConfig(o: ResolvedS3LakeOptions): S3ClientConfig {
  return {
    region: o.region,
    endpoint: o.endpoint,
    forcePathStyle: o.forcePathStyle,
    // S3-compatible servers often reject the SDK's default trailing CRC checksums; send them only when required there.
    ...(o.endpoint ? { requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" } : {}),
  };
}

interface S3ErrorShape {
  name?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

function statusOf(e: unknown): number | undefined {
  return (e as S3ErrorShape | null)?.$metadata?.httpStatusCode;
}

function isMissing(e: unknown): boolean {
  const name = (e as S3ErrorShape | null)?.name;
  return name === "NoSuchKey" || name === "NotFound" || (statusOf(e) === 404 && name !== "NoSuchBucket");
}

/** 412 PreconditionFailed: the key exists; 409 ConditionalRequestConflict: a concurrent conditional write won. */
export function isLostConditionalWrite(e: unknown): boolean {
  const name = (e as S3ErrorShape | null)?.name;
  const status = statusOf(e);
  return status === 412 || name === "PreconditionFailed" || (status === 409 && name === "ConditionalRequestConflict");
}

/** The error's code, HTTP status and message; SDK messages carry no credentials, only key ids at most. */
function describeS3Error(e: unknown): string {
  const err = e as S3ErrorShape | null;
  const status = statusOf(e);
  const parts = [err?.name ?? "Error", status ? `(HTTP ${status})` : "", (err?.message ?? String(e)).slice(0, 300)];
  return parts.filter(Boolean).join(" ");
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
