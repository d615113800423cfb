import { CreateMultipartUploadCommand, S3Client, UploadPartCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LakeError } from "../../core/index.js";
import { startS3Server, type S3Server, useS3rverCredentials } from "../../../test/support/s3server.js";
import { describeLakeStore } from "../lakeStore.contract.js";
import { openLake } from "../openLake.js";
import { S3LakeStore } from "./S3LakeStore.js";
import { parseS3Location } from "./s3Location.js";

let server: S3Server;
let lakes = 0;

beforeAll(async () => {
  useS3rverCredentials();
  server = await startS3Server();
});
afterAll(async () => {
  await server?.stop();
});

/** A fresh lake: a new prefix in the test bucket. */
function newLake(pageSize = 1000): S3LakeStore {
  lakes += 1;
  return new S3LakeStore(`s3://${server.bucket}/lakes/t${lakes}`, { endpoint: server.endpoint, forcePathStyle: true, region: server.region, pageSize });
}

describeLakeStore("S3 (s3rver on loopback)", async () => {
  // Pages of 100 keys: 250 keys walk three pages at a tenth of the cost of 2,500 keys in pages of 1,000.
  const store = newLake(100);
  return {
    store,
    manyKeys: 250,
    async leaveUnfinishedWrite(key) {
      // A streamed write killed midway: a multipart upload with a part but never completed.
      const Key = store.prefix + key;
      const client = await store.s3Client();
      const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: store.bucket, Key }));
      await client.send(new UploadPartCommand({ Bucket: store.bucket, Key, UploadId, PartNumber: 1, Body: "half a wri" }));
    },
    mixedStemOrderUnsupported:
      "s3rver walks its folder tree, so it lists mix/a/b.json before mix/a.json; real S3 lists in UTF-8 byte order",
    cleanup: async () => undefined,
  };
});

describe("S3LakeStore", () => {
  it("reads bucket and prefix from an s3:// location", () => {
    expect(parseS3Location("s3://my-bucket/some/prefix/")).toEqual({ bucket: "my-bucket", prefix: "some/prefix/" });
    expect(parseS3Location("s3://my-bucket")).toEqual({ bucket: "my-bucket", prefix: "" });
    expect(parseS3Location("s3://my-bucket/")).toEqual({ bucket: "my-bucket", prefix: "" });
    expect(() => parseS3Location("s3://")).toThrow(/lake: .* not an s3:\/\/bucket\/prefix/);
    expect(() => parseS3Location("s3://Bad_Bucket/x")).toThrow(/not a valid S3 bucket name/);
    expect(() => parseS3Location("s3://bucket/../up")).toThrow(LakeError);
  });

  it("is what openLake returns for an s3:// location, keeping keys under the prefix", async () => {
    const lake = await openLake({ location: `s3://${server.bucket}/opened/here`, endpoint: server.endpoint, forcePathStyle: true });
    expect(lake).toBeInstanceOf(S3LakeStore);
    expect(lake.location).toBe(`s3://${server.bucket}/opened/here/`);
    expect(lake.localPath("raw/x.json")).toBeNull();
    await lake.put("raw/x.json", "under the prefix");
    const whole = new S3LakeStore(`s3://${server.bucket}`, { endpoint: server.endpoint, forcePathStyle: true });
    expect(Buffer.from((await whole.get("opened/here/raw/x.json")) ?? []).toString()).toBe("under the prefix");
  });

  it("lists 40 keys through pages of 7 keys without losing or repeating one", async () => {
    const writer = newLake();
    const keys = Array.from({ length: 40 }, (_, i) => `p/k-${String(i).padStart(3, "0")}.json`);
    await Promise.all(keys.map((k) => writer.put(k, "x")));
    const reader = new S3LakeStore(writer.location, { endpoint: server.endpoint, forcePathStyle: true, pageSize: 7 });
    const listed: string[] = [];
    for await (const o of reader.list("p/")) listed.push(o.key);
    expect(listed).toEqual(keys);
  });

  it("fails with a LakeError naming key and location, never the credentials", async () => {
    // s3rver checks only the access key id (it does not verify SigV4 signatures), so an unknown id is refused.
    const secret = "not-the-right-secret-0123456789";
    const client = new S3Client({
      region: "us-east-1",
      endpoint: server.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: "AKIAUNKNOWNKEYID", secretAccessKey: secret },
    });
    const lake = new S3LakeStore(`s3://${server.bucket}/denied`, { client });
    const error = await lake.put("raw/x.json", "x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LakeError);
    expect((error as Error).message).toMatch(new RegExp(`^lake: put raw/x.json in s3://${server.bucket}/denied/ failed: InvalidAccessKeyId \\(HTTP 403\\)`));
    expect((error as Error).message).not.toContain(secret);
    expect((error as Error).message).not.toContain("AKIAUNKNOWNKEYID");
  });

  it("reports a missing bucket as a LakeError, not as a missing object", async () => {
    const lake = new S3LakeStore("s3://no-such-bucket/x", { endpoint: server.endpoint, forcePathStyle: true });
    await expect(lake.get("raw/x.json")).rejects.toThrow(/lake: get raw\/x.json in s3:\/\/no-such-bucket\/x\/ failed: NoSuchBucket/);
  });

  it("rejects a page size S3 would not honour", () => {
    expect(() => new S3LakeStore("s3://bucket/x", { pageSize: 5000 })).toThrow(/pageSize must be an integer from 1 to 1000/);
  });
});
